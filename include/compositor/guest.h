/*
 * Guest displays: the SPICE session of a running VM, reached through
 * channels that libvirt opens (virDomainOpenGraphicsFD), never through a
 * listening socket or a TCP port. Each guest head becomes a view of the VM's
 * workspace, updated as the guest draws, and keys typed into a focused
 * guest display reach the guest as PC scancodes.
 */
#ifndef COMPOSITOR_GUEST_H
#define COMPOSITOR_GUEST_H

#include "vmctl/vmctl.h"

struct bulkhead_vm;
struct bulkhead_guest_session;

/*
 * Starts the guest display session of a VM that is starting or running.
 * A placeholder view in the workspace color shows the VM state until the
 * guest's first head is shown; the SPICE connection opens once the VM runs.
 */
struct bulkhead_guest_session *guest_session_create(struct bulkhead_vm *vm);
/* Follows a VM state change: connects once running, updates the text. */
void guest_session_handle_state(struct bulkhead_guest_session *session,
	enum vmctl_state state);
/* Disconnects and closes every view of the session. */
void guest_session_destroy(struct bulkhead_guest_session *session);

#endif
