/*
 * The VM object: the domain behind one spec, its state from lookups and
 * lifecycle events, and the worker-thread jobs that touch it.
 */
#include <string.h>
#include <unistd.h>
#include "vm.h"

static gint log_failures = 1;

void vmctl_set_log_failures(bool enabled) {
	g_atomic_int_set(&log_failures, enabled ? 1 : 0);
}

void vmctl_log_failure(const GError *error) {
	if (g_atomic_int_get(&log_failures)) {
		g_warning("%s", error->message);
	}
}

struct vmctl_vm *vm_ref(struct vmctl_vm *vm) {
	vm->refs++;
	return vm;
}

void vm_unref(struct vmctl_vm *vm) {
	if (--vm->refs > 0) {
		return;
	}
	g_free(vm->domain_name);
	g_free(vm->last_error);
	g_free(vm);
}

static enum vmctl_state compute_state(const struct vmctl_vm *vm) {
	enum vmctl_state state = vm->domain_state;
	if (state == VMCTL_STATE_UNAVAILABLE) {
		return state;
	}
	bool stopped = state == VMCTL_STATE_OFF ||
		state == VMCTL_STATE_CRASHED;
	if (vm->starting > 0 && stopped) {
		return VMCTL_STATE_STARTING;
	}
	if (vm->shutdown && !stopped) {
		return VMCTL_STATE_STOPPING;
	}
	return state;
}

void vm_update_state(struct vmctl_vm *vm) {
	vm_shutdown_handle_state(vm);
	enum vmctl_state state = compute_state(vm);
	if (state == vm->state) {
		return;
	}
	g_debug("%s is %s (was %s)", vm->domain_name,
		vmctl_state_to_string(state),
		vmctl_state_to_string(vm->state));
	vm->state = state;
	if (vm->state_func && !vm->freed) {
		vm->state_func(vm, state, vm->state_data);
	}
}

void vm_set_last_error(struct vmctl_vm *vm, const GError *error) {
	g_free(vm->last_error);
	vm->last_error = error ? g_strdup(error->message) : NULL;
}

static void job_free(struct vm_job *job) {
	if (job->fd >= 0) {
		close(job->fd);
	}
	if (job->virt) {
		virConnectClose(job->virt);
	}
	if (job->data_free) {
		job->data_free(job->data);
	}
	if (job->task) {
		g_object_unref(job->task);
	}
	vm_unref(job->vm);
	g_free(job);
}

struct vm_job *vm_job_new(struct vmctl_vm *vm, GTask *task,
		vm_job_func func, vm_job_done_func done) {
	struct vm_job *job = g_new0(struct vm_job, 1);
	job->vm = vm_ref(vm);
	job->task = task;
	job->func = func;
	job->done = done;
	job->fd = -1;
	return job;
}

void vm_job_read_state(struct vm_job *job, virDomainPtr domain) {
	int state = 0;
	int reason = 0;
	if (!domain) {
		job->has_state = true;
		job->state = VMCTL_STATE_OFF;
	} else if (virDomainGetState(domain, &state, &reason, 0) == 0) {
		job->has_state = true;
		job->state = vmctl_state_from_libvirt(state, reason);
	}
}

static void job_thread(GTask *task, void *source, void *data,
		GCancellable *cancellable) {
	struct vm_job *job = data;
	const char *name = job->vm->domain_name;
	GError *error = NULL;
	virDomainPtr domain = virDomainLookupByName(job->virt, name);
	bool ok = false;
	if (!domain && !(job->allow_missing &&
			virGetLastErrorCode() == VIR_ERR_NO_DOMAIN)) {
		char *what = g_strdup_printf("Could not find the domain %s",
			name);
		vmctl_set_libvirt_error(&error, what);
		g_free(what);
	} else {
		ok = job->func(job, domain, &error);
	}
	if (domain) {
		virDomainFree(domain);
	}
	if (ok) {
		g_task_return_boolean(task, true);
	} else {
		g_task_return_error(task, error);
	}
}

static void finish_job(struct vm_job *job, GError *error) {
	struct vmctl_vm *vm = job->vm;
	if (job->has_state && job->event_count == vm->event_count) {
		vm->domain_state = job->state;
	}
	if (job->done) {
		job->done(job, error);
	}
	vm_update_state(vm);
	g_clear_error(&error);
	job_free(job);
}

static void handle_job_done(GObject *source, GAsyncResult *result,
		void *data) {
	struct vm_job *job = data;
	GError *error = NULL;
	g_task_propagate_boolean(G_TASK(result), &error);
	finish_job(job, error);
}

static void dispatch_ready(void *data) {
	struct vm_job *job = data;
	job->virt = vmctl_conn_ref_virt(job->vm->conn);
	if (!job->virt || job->vm->freed) {
		const char *reason = vmctl_conn_get_last_error(job->vm->conn);
		GError *error = g_error_new(VMCTL_ERROR,
			VMCTL_ERROR_UNAVAILABLE, "libvirt is not reachable "
			"at %s%s%s", vmctl_conn_get_uri(job->vm->conn),
			reason ? ": " : "", reason ? reason : "");
		finish_job(job, error);
		return;
	}
	job->event_count = job->vm->event_count;
	GTask *task = g_task_new(NULL, NULL, handle_job_done, job);
	g_task_set_task_data(task, job, NULL);
	g_task_run_in_thread(task, job_thread);
	g_object_unref(task);
}

void vm_job_dispatch(struct vm_job *job) {
	vmctl_conn_when_ready(job->vm->conn, dispatch_ready, job);
}

static bool refresh_func(struct vm_job *job, virDomainPtr domain,
		GError **error) {
	vm_job_read_state(job, domain);
	return true;
}

static void refresh_done(struct vm_job *job, GError *error) {
	if (job->task) {
		if (error) {
			g_task_return_error(job->task, g_error_copy(error));
		} else {
			g_task_return_boolean(job->task, true);
		}
	}
}

static void refresh(struct vmctl_vm *vm, GTask *task) {
	struct vm_job *job = vm_job_new(vm, task, refresh_func,
		refresh_done);
	job->allow_missing = true;
	vm_job_dispatch(job);
}

struct vmctl_vm *vmctl_vm_new(struct vmctl_conn *conn,
		const struct vmctl_spec *spec) {
	struct vmctl_vm *vm = g_new0(struct vmctl_vm, 1);
	vm->refs = 1;
	vm->conn = conn;
	vm->spec = spec;
	vm->domain_name = vmctl_spec_dup_domain_name(spec);
	vm->domain_state = VMCTL_STATE_UNAVAILABLE;
	vm->state = VMCTL_STATE_UNAVAILABLE;
	vmctl_conn_add_vm(conn, vm);
	return vm;
}

void vmctl_vm_free(struct vmctl_vm *vm) {
	if (!vm) {
		return;
	}
	vm->freed = true;
	vm->state_func = NULL;
	vm_shutdown_cancel(vm);
	vmctl_conn_remove_vm(vm->conn, vm);
	vm_unref(vm);
}

void vmctl_vm_refresh_async(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data) {
	GTask *task = g_task_new(NULL, cancellable, callback, data);
	g_task_set_source_tag(task, vmctl_vm_refresh_async);
	refresh(vm, task);
}

bool vmctl_vm_refresh_finish(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error) {
	return g_task_propagate_boolean(G_TASK(result), error);
}

void vmctl_vm_handle_connected(struct vmctl_vm *vm) {
	refresh(vm, NULL);
}

void vmctl_vm_handle_disconnected(struct vmctl_vm *vm) {
	vm->event_count++;
	vm->domain_state = VMCTL_STATE_UNAVAILABLE;
	vm_update_state(vm);
}

void vmctl_vm_handle_lifecycle(struct vmctl_vm *vm, int event, int detail) {
	vm->event_count++;
	if (event == VIR_DOMAIN_EVENT_STARTED) {
		vm->started_at = g_get_monotonic_time();
	}
	vm->domain_state = vmctl_state_from_event(event, detail,
		vm->domain_state);
	vm_update_state(vm);
}

const char *vmctl_vm_get_name(const struct vmctl_vm *vm) {
	return vmctl_spec_get_name(vm->spec);
}

const char *vmctl_vm_get_domain_name(const struct vmctl_vm *vm) {
	return vm->domain_name;
}

enum vmctl_state vmctl_vm_get_state(const struct vmctl_vm *vm) {
	return vm->state;
}

const char *vmctl_vm_get_last_error(const struct vmctl_vm *vm) {
	return vm->last_error;
}

void vmctl_vm_set_state_func(struct vmctl_vm *vm, vmctl_state_func func,
		void *data) {
	vm->state_func = func;
	vm->state_data = data;
}

const struct vmctl_spec *vmctl_vm_get_spec(const struct vmctl_vm *vm) {
	return vm->spec;
}

char *vmctl_vm_dup_serial_log_path(const struct vmctl_vm *vm) {
	return vmctl_spec_dup_serial_log_path(vm->spec);
}
