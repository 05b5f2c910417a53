/*
 * Start, force-off, pause, resume and SPICE connections. Each runs as a
 * vm_job on a worker thread and completes the caller's GTask on the main
 * context. A failure also becomes the VM's last error.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "vm.h"

static void complete_task(struct vm_job *job, GError *error) {
	vm_set_last_error(job->vm, error);
	if (error) {
		vmctl_log_failure(error);
		g_task_return_error(job->task, g_error_copy(error));
	} else {
		g_task_return_boolean(job->task, true);
	}
}

static bool check_file(const struct vmctl_spec *spec, const char *key,
		const char *path, GError **error) {
	if (!path || access(path, R_OK) == 0) {
		return true;
	}
	int saved_errno = errno;
	g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_INVALID_SPEC,
		"Could not read the %s %s of [vm:%s] (set in %s): %s; set %s= "
		"to an existing file", key, path, spec->name, spec->file_name,
		g_strerror(saved_errno), key);
	return false;
}

static bool check_files(const struct vmctl_spec *spec, GError **error) {
	return check_file(spec, "kernel", spec->kernel, error) &&
		check_file(spec, "initrd", spec->initrd, error) &&
		check_file(spec, "disk", spec->disk, error);
}

static bool create_domain(virDomainPtr domain, GError **error) {
	if (virDomainIsActive(domain) == 1) {
		return true;
	}
	if (virDomainCreate(domain) < 0) {
		vmctl_set_domain_error(error, domain,
			"Could not start the domain");
		return false;
	}
	return true;
}

static bool define_owned(struct vm_job *job, GError **error) {
	const struct vmctl_spec *spec = job->vm->spec;
	if (!check_files(spec, error) ||
			!vmctl_ensure_dir(spec->state_dir, error) ||
			!vmctl_volumes_prepare(spec, error)) {
		return false;
	}

	struct vmctl_xml_options options;
	vmctl_xml_options_init(&options, spec,
		vmctl_conn_is_system(job->vm->conn));
	if (spec->accel == VMCTL_ACCEL_AUTO) {
		options.accel = vmctl_accel_resolve(job->virt, spec);
	}
	char *hash = NULL;
	char *xml = vmctl_spec_to_xml_full(spec, &options, &hash, error);
	if (!xml) {
		return false;
	}
	enum vmctl_define_result result;
	bool ok = vmctl_domain_define(job->virt, job->vm->domain_name, xml,
		hash, &result, error);
	if (ok && result == VMCTL_DEFINE_UPDATED) {
		g_message("redefined %s because its spec changed; a "
			"running guest gets the change at its next start",
			job->vm->domain_name);
	}
	g_free(xml);
	g_free(hash);
	return ok;
}

static bool start_func(struct vm_job *job, virDomainPtr domain,
		GError **error) {
	bool owned = job->vm->spec->domain == NULL;
	if (owned) {
		if (!define_owned(job, error)) {
			return false;
		}
		if (!domain) {
			domain = virDomainLookupByName(job->virt,
				job->vm->domain_name);
		} else {
			virDomainRef(domain);
		}
		if (!domain) {
			vmctl_set_libvirt_error(error,
				"Could not find the defined domain");
			return false;
		}
	} else if (!domain) {
		return false;
	}

	bool ok = create_domain(domain, error);
	vm_job_read_state(job, domain);
	if (owned) {
		virDomainFree(domain);
	}
	return ok;
}

static void start_done(struct vm_job *job, GError *error) {
	struct vmctl_vm *vm = job->vm;
	vm->starting--;
	if (!error && !vm->started_at) {
		vm->started_at = g_get_monotonic_time();
	}
	complete_task(job, error);
}

void vmctl_vm_start_async(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data) {
	GTask *task = g_task_new(NULL, cancellable, callback, data);
	g_task_set_source_tag(task, vmctl_vm_start_async);
	struct vm_job *job = vm_job_new(vm, task, start_func, start_done);
	/* Owned domains are defined on first start. */
	job->allow_missing = vm->spec->domain == NULL;
	vm->starting++;
	vm->started_at = 0;
	vm_update_state(vm);
	vm_job_dispatch(job);
}

bool vmctl_vm_start_finish(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error) {
	return g_task_propagate_boolean(G_TASK(result), error);
}

static bool call_domain(virDomainPtr domain, int (*call)(virDomainPtr),
		const char *action, GError **error) {
	if (call(domain) == 0) {
		return true;
	}
	char *what = g_strdup_printf("Could not %s the domain", action);
	vmctl_set_domain_error(error, domain, what);
	g_free(what);
	return false;
}

static bool force_off_func(struct vm_job *job, virDomainPtr domain,
		GError **error) {
	bool ok = !domain || virDomainIsActive(domain) != 1 ||
		call_domain(domain, virDomainDestroy, "force off", error);
	vm_job_read_state(job, domain);
	return ok;
}

static bool pause_func(struct vm_job *job, virDomainPtr domain,
		GError **error) {
	bool ok = call_domain(domain, virDomainSuspend, "pause", error);
	vm_job_read_state(job, domain);
	return ok;
}

static bool resume_func(struct vm_job *job, virDomainPtr domain,
		GError **error) {
	bool ok = call_domain(domain, virDomainResume, "resume", error);
	vm_job_read_state(job, domain);
	return ok;
}

static void run_simple(struct vmctl_vm *vm, vm_job_func func,
		void *source_tag, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data) {
	GTask *task = g_task_new(NULL, cancellable, callback, data);
	g_task_set_source_tag(task, source_tag);
	vm_job_dispatch(vm_job_new(vm, task, func, complete_task));
}

void vmctl_vm_force_off_async(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data) {
	GTask *task = g_task_new(NULL, cancellable, callback, data);
	g_task_set_source_tag(task, vmctl_vm_force_off_async);
	struct vm_job *job = vm_job_new(vm, task, force_off_func,
		complete_task);
	job->allow_missing = true;
	vm_job_dispatch(job);
}

bool vmctl_vm_force_off_finish(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error) {
	return g_task_propagate_boolean(G_TASK(result), error);
}

void vmctl_vm_pause_async(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data) {
	run_simple(vm, pause_func, vmctl_vm_pause_async, cancellable,
		callback, data);
}

bool vmctl_vm_pause_finish(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error) {
	return g_task_propagate_boolean(G_TASK(result), error);
}

void vmctl_vm_resume_async(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data) {
	run_simple(vm, resume_func, vmctl_vm_resume_async, cancellable,
		callback, data);
}

bool vmctl_vm_resume_finish(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error) {
	return g_task_propagate_boolean(G_TASK(result), error);
}

static bool graphics_func(struct vm_job *job, virDomainPtr domain,
		GError **error) {
	job->fd = virDomainOpenGraphicsFD(domain, 0,
		VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH);
	if (job->fd < 0) {
		vmctl_set_domain_error(error, domain,
			"Could not open a SPICE connection to");
		return false;
	}
	return true;
}

static void graphics_done(struct vm_job *job, GError *error) {
	if (error) {
		g_task_return_error(job->task, g_error_copy(error));
		return;
	}
	g_task_return_int(job->task, job->fd);
	job->fd = -1;
}

void vmctl_vm_open_graphics_fd_async(struct vmctl_vm *vm,
		GCancellable *cancellable, GAsyncReadyCallback callback,
		void *data) {
	GTask *task = g_task_new(NULL, cancellable, callback, data);
	g_task_set_source_tag(task, vmctl_vm_open_graphics_fd_async);
	/* A socket opened just as the call is cancelled still reaches the
	 * caller, which closes it; otherwise the fd would leak. */
	g_task_set_check_cancellable(task, FALSE);
	vm_job_dispatch(vm_job_new(vm, task, graphics_func, graphics_done));
}

int vmctl_vm_open_graphics_fd_finish(struct vmctl_vm *vm,
		GAsyncResult *result, GError **error) {
	GError *local_error = NULL;
	gssize fd = g_task_propagate_int(G_TASK(result), &local_error);
	if (local_error) {
		g_propagate_error(error, local_error);
		return -1;
	}
	return (int)fd;
}
