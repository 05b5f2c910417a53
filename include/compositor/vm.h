/*
 * The compositor side of a vm workspace: the vmctl VM behind it, its power
 * operations as the control protocol requests them, and the guest displays
 * that show its heads while it runs.
 */
#ifndef COMPOSITOR_VM_H
#define COMPOSITOR_VM_H

#include <stdbool.h>
#include <wayland-server-core.h>

struct bulkhead_server;
struct bulkhead_workspace;
struct vmctl_conn;
struct vmctl_vm;

struct bulkhead_vm {
	struct bulkhead_server *server;
	struct bulkhead_workspace *workspace;
	struct vmctl_vm *vmctl_vm;

	/* Whether autostart was considered, once the first state came. */
	bool autostart_checked;

	/* The SPICE session and its guest display views, or NULL. */
	struct bulkhead_guest_session *guest_session;
};

/* Called when an operation of vm_request completes; message may be NULL. */
typedef void (*bulkhead_vm_done_func)(bool ok, const char *message,
	void *data);

/* Connects to libvirt and creates one bulkhead_vm per vm workspace. */
bool vms_init(struct bulkhead_server *server);
void vms_finish(struct bulkhead_server *server);

/*
 * Runs "on", "off", "toggle", "pause", "resume", "force-off" or "status".
 * done runs on the main loop once the operation completed or failed; for an
 * unknown action it fails with a message listing the valid ones.
 */
void vm_request(struct bulkhead_vm *vm, const char *action,
	bulkhead_vm_done_func done, void *data);

/* The VM state as in JSON ("off", "running", ...). */
const char *vm_get_state_name(struct bulkhead_vm *vm);
/* The last error message, or NULL. */
const char *vm_get_last_error(struct bulkhead_vm *vm);

#endif
