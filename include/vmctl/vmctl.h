/*
 * vmctl: the VMs behind vm workspaces, managed through libvirt.
 *
 * vmctl is a library with no compositor code in it. Everything runs on the
 * default GLib main context: libvirt's event implementation is registered on
 * it (vmctl_init), lifecycle events arrive on it, and calls that can block
 * (define, start, shutdown, open graphics) run on GTask worker threads with
 * their results delivered back to that context. A caller that pumps the
 * default context never blocks on a VM.
 */
#ifndef VMCTL_VMCTL_H
#define VMCTL_VMCTL_H

#include <gio/gio.h>
#include <glib.h>
#include <stdbool.h>

#define VMCTL_ERROR (vmctl_error_quark())
GQuark vmctl_error_quark(void);

enum vmctl_error_code {
	VMCTL_ERROR_INVALID_SPEC,	/* a [vm:NAME] key has an invalid value */
	VMCTL_ERROR_LIBVIRT,		/* libvirt failed; the message is libvirt's */
	VMCTL_ERROR_UNAVAILABLE,	/* libvirt is not reachable */
	VMCTL_ERROR_STATE,		/* the operation does not fit the VM state */
	VMCTL_ERROR_TIMED_OUT,		/* e.g. a guest did not shut down in time */
};

enum vmctl_state {
	VMCTL_STATE_OFF,
	VMCTL_STATE_STARTING,
	VMCTL_STATE_RUNNING,
	VMCTL_STATE_PAUSED,
	VMCTL_STATE_STOPPING,
	VMCTL_STATE_CRASHED,
	VMCTL_STATE_UNAVAILABLE,
};

/* Returns "off", "starting", ... as used in the UI and in JSON output. */
const char *vmctl_state_to_string(enum vmctl_state state);

/*
 * Registers libvirt's GLib event implementation on the default main
 * context, and makes SIGPIPE harmless unless the program set its own
 * disposition. Call once, before any connection is opened.
 */
void vmctl_init(void);

/*
 * Sets whether a failed operation is also logged with g_warning (the
 * default) besides being returned through its GError. A program that
 * prints every returned error itself, such as a CLI, turns it off.
 */
void vmctl_set_log_failures(bool enabled);

/* The libvirt URI used when the config names none. */
const char *vmctl_default_uri(void);

/* A parsed, validated [vm:NAME] group. */
struct vmctl_spec;

/*
 * Parses group "vm:NAME" of key_file. file_name is used in messages only.
 * Unknown keys and invalid values fail with VMCTL_ERROR_INVALID_SPEC and a
 * message naming the file, the group, the key, the value and what is valid.
 * Keys of features not built yet are accepted with a g_warning.
 */
struct vmctl_spec *vmctl_spec_from_key_file(GKeyFile *key_file,
		const char *name, const char *file_name, GError **error);

/* The spec of the demo guest used when no config file exists. */
struct vmctl_spec *vmctl_spec_new_default(const char *name);

void vmctl_spec_free(struct vmctl_spec *spec);
const char *vmctl_spec_get_name(const struct vmctl_spec *spec);
int vmctl_spec_get_heads(const struct vmctl_spec *spec);
bool vmctl_spec_get_autostart(const struct vmctl_spec *spec);

/* Generates the libvirt domain XML; the same spec gives the same XML. */
char *vmctl_spec_to_xml(const struct vmctl_spec *spec, GError **error);
/*
 * As vmctl_spec_to_xml, for a connection to uri: read-write shares use
 * virtiofs only under qemu:///system (libvirt 9.0 runs virtiofsd there
 * only), else 9p.
 */
char *vmctl_spec_to_xml_for_uri(const struct vmctl_spec *spec,
		const char *uri, GError **error);

/* A libvirt connection that reconnects with backoff when it is lost. */
struct vmctl_conn;

struct vmctl_conn *vmctl_conn_new(const char *uri);
void vmctl_conn_free(struct vmctl_conn *conn);

/* One VM: the libvirt domain of a spec, its state and its events. */
struct vmctl_vm;

typedef void (*vmctl_state_func)(struct vmctl_vm *vm, enum vmctl_state state,
		void *data);

/*
 * Creates the VM object and looks the domain up in the background. It does
 * not define or start anything. conn and spec must outlive the VM.
 */
struct vmctl_vm *vmctl_vm_new(struct vmctl_conn *conn,
		const struct vmctl_spec *spec);
void vmctl_vm_free(struct vmctl_vm *vm);

const char *vmctl_vm_get_name(const struct vmctl_vm *vm);
enum vmctl_state vmctl_vm_get_state(const struct vmctl_vm *vm);
/* The message of the last failed operation, or NULL. */
const char *vmctl_vm_get_last_error(const struct vmctl_vm *vm);

/* Calls func on the default main context after every state change. */
void vmctl_vm_set_state_func(struct vmctl_vm *vm, vmctl_state_func func,
		void *data);

/*
 * Power operations. Each runs on a worker thread and calls callback on the
 * default main context; the matching _finish returns false and sets error
 * on failure (and the VM's last error). start defines or redefines the
 * domain first when vmctl owns it. shutdown is graceful and completes when
 * the domain is off, or fails with VMCTL_ERROR_TIMED_OUT after the spec's
 * shutdown-timeout, leaving the guest running.
 */
void vmctl_vm_start_async(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data);
bool vmctl_vm_start_finish(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error);
void vmctl_vm_shutdown_async(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data);
bool vmctl_vm_shutdown_finish(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error);
void vmctl_vm_force_off_async(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data);
bool vmctl_vm_force_off_finish(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error);
void vmctl_vm_pause_async(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data);
bool vmctl_vm_pause_finish(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error);
void vmctl_vm_resume_async(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data);
bool vmctl_vm_resume_finish(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error);

/*
 * Opens a new connection to the VM's SPICE server through
 * virDomainOpenGraphicsFD (graphics element 0), on a worker thread.
 * _finish returns the connected socket fd, owned by the caller, or -1.
 */
void vmctl_vm_open_graphics_fd_async(struct vmctl_vm *vm,
		GCancellable *cancellable, GAsyncReadyCallback callback,
		void *data);
int vmctl_vm_open_graphics_fd_finish(struct vmctl_vm *vm,
		GAsyncResult *result, GError **error);

/* The existing domain named by domain=, or NULL when vmctl defines one. */
const char *vmctl_spec_get_domain(const struct vmctl_spec *spec);
/* The libvirt domain name: bulkhead-NAME, or the domain= value. */
char *vmctl_spec_dup_domain_name(const struct vmctl_spec *spec);
/* Seconds a graceful shutdown may take (shutdown-timeout). */
int vmctl_spec_get_shutdown_timeout(const struct vmctl_spec *spec);
/*
 * The directory relative paths of the spec resolve in, and where the
 * serial log lives: $XDG_DATA_HOME/bulkhead/vms/NAME, or for root with
 * XDG_DATA_HOME unset /var/lib/bulkhead/vms/NAME (QEMU under
 * qemu:///system runs as libvirt-qemu and cannot enter /root).
 */
const char *vmctl_spec_get_state_dir(const struct vmctl_spec *spec);
/*
 * The file the guest's first serial port (ttyS0) is logged to, rewritten
 * at each start; NULL for domain= domains, whose XML vmctl does not write.
 */
char *vmctl_spec_dup_serial_log_path(const struct vmctl_spec *spec);

/* The URI passed to vmctl_conn_new, or the default one. */
const char *vmctl_conn_get_uri(const struct vmctl_conn *conn);
bool vmctl_conn_is_connected(const struct vmctl_conn *conn);
/* Why the last connection attempt failed, or NULL. */
const char *vmctl_conn_get_last_error(const struct vmctl_conn *conn);

const struct vmctl_spec *vmctl_vm_get_spec(const struct vmctl_vm *vm);
/* The libvirt domain name, as vmctl_spec_dup_domain_name. */
const char *vmctl_vm_get_domain_name(const struct vmctl_vm *vm);
/* As vmctl_spec_dup_serial_log_path. */
char *vmctl_vm_dup_serial_log_path(const struct vmctl_vm *vm);

/*
 * Reads the domain's state from libvirt again, once the connection's first
 * open attempt has finished. Fails with VMCTL_ERROR_UNAVAILABLE when libvirt
 * is not reachable; a missing domain is state off.
 */
void vmctl_vm_refresh_async(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data);
bool vmctl_vm_refresh_finish(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error);

/* The outcome of a command run in the guest. */
struct vmctl_exec_result {
	int exit_code;		/* -1 when a signal ended the process */
	int signal;		/* the signal number, or 0 */
	char *out;		/* standard output, as text */
	char *err;		/* standard error, as text */
	bool truncated;		/* the agent cut the output short */
};

/*
 * Runs argv in the guest through the QEMU guest agent (guest-exec) on a
 * worker thread. env contains "NAME=VALUE" strings or is NULL. The process
 * runs as qemu-ga's user with qemu-ga's environment. It fails with
 * VMCTL_ERROR_LIBVIRT when no agent answers and VMCTL_ERROR_TIMED_OUT when
 * the command runs longer than timeout_s (0: no limit), leaving it running.
 */
void vmctl_vm_exec_async(struct vmctl_vm *vm, const char *const *argv,
		const char *const *env, int timeout_s,
		GCancellable *cancellable, GAsyncReadyCallback callback,
		void *data);
/* Fills out on success; free its strings with vmctl_exec_result_clear. */
bool vmctl_vm_exec_finish(struct vmctl_vm *vm, GAsyncResult *result,
		struct vmctl_exec_result *out, GError **error);
void vmctl_exec_result_clear(struct vmctl_exec_result *result);

#endif
