/* The VM object and its worker-thread jobs, shared by vm.c and power.c. */
#ifndef VMCTL_VM_H
#define VMCTL_VM_H

#include "private.h"

struct shutdown_wait;

struct vmctl_vm {
	int refs;
	bool freed;
	struct vmctl_conn *conn;
	const struct vmctl_spec *spec;
	char *domain_name;
	/* The state libvirt reports; VMCTL_STATE_UNAVAILABLE when unknown. */
	enum vmctl_state domain_state;
	/* The state reported to the caller, domain_state plus operations. */
	enum vmctl_state state;
	/* Counts lifecycle events, so older job results do not win. */
	guint64 event_count;
	gint64 started_at;	/* monotonic time of the last start, or 0 */
	int starting;		/* start jobs in flight */
	struct shutdown_wait *shutdown;
	char *last_error;
	vmctl_state_func state_func;
	void *state_data;
};

struct vm_job;

typedef bool (*vm_job_func)(struct vm_job *job, virDomainPtr domain,
		GError **error);
typedef void (*vm_job_done_func)(struct vm_job *job, GError *error);

/*
 * One blocking operation. func runs on a worker thread with the domain
 * looked up by name (NULL when none exists and allow_missing is set), then
 * done runs on the main context.
 */
struct vm_job {
	struct vmctl_vm *vm;
	virConnectPtr virt;
	vm_job_func func;
	vm_job_done_func done;
	bool allow_missing;
	GTask *task;		/* the caller's task, or NULL */
	guint64 event_count;	/* vm->event_count when dispatched */
	/* Results, written by func. */
	bool has_state;
	enum vmctl_state state;
	int fd;
	void *data;
	GDestroyNotify data_free;
};

struct vmctl_vm *vm_ref(struct vmctl_vm *vm);
void vm_unref(struct vmctl_vm *vm);
void vm_update_state(struct vmctl_vm *vm);
void vm_set_last_error(struct vmctl_vm *vm, const GError *error);

struct vm_job *vm_job_new(struct vmctl_vm *vm, GTask *task,
		vm_job_func func, vm_job_done_func done);
void vm_job_dispatch(struct vm_job *job);
/* Reads the domain state into the job's results. */
void vm_job_read_state(struct vm_job *job, virDomainPtr domain);

/* shutdown.c */
void vm_shutdown_handle_state(struct vmctl_vm *vm);
void vm_shutdown_cancel(struct vmctl_vm *vm);

#endif
