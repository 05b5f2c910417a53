/*
 * Guest displays: the SPICE session of a running VM, reached through
 * channels that libvirt opens (virDomainOpenGraphicsFD), never through a
 * listening socket or a TCP port. Each guest head becomes a view of the VM's
 * workspace, updated as the guest draws, and keys typed into a focused
 * guest display reach the guest as PC scancodes.
 */
#ifndef COMPOSITOR_GUEST_H
#define COMPOSITOR_GUEST_H

struct bulkhead_vm;
struct bulkhead_guest_session;

/* Starts a SPICE session for a VM that is running. */
struct bulkhead_guest_session *guest_session_create(struct bulkhead_vm *vm);
/* Disconnects and closes every view of the session. */
void guest_session_destroy(struct bulkhead_guest_session *session);

#endif
