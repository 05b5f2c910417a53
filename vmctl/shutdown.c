/*
 * Graceful shutdown: the guest agent's shutdown when the agent is
 * connected, and an ACPI power button press. The press is repeated while
 * the guest is young, because a guest still booting may not handle it yet.
 * The shutdown completes on the event that the domain stopped, or fails
 * after the spec's shutdown-timeout with the guest left running.
 */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <string.h>
#include "vm.h"

#define REPEAT_INTERVAL_S 3
/* How long after its start a guest counts as still booting. */
#define BOOT_WINDOW_S 60

struct shutdown_wait {
	GTask *task;
	guint timeout_id;
	guint repeat_id;
};

static bool is_agent_connected(virDomainPtr domain) {
	char *xml = virDomainGetXMLDesc(domain, 0);
	if (!xml) {
		return false;
	}
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "domain.xml",
		NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
		XML_PARSE_NOWARNING);
	free(xml);
	if (!doc) {
		return false;
	}
	xmlXPathContextPtr context = xmlXPathNewContext(doc);
	xmlXPathObjectPtr result = xmlXPathEvalExpression(BAD_CAST
		"/domain/devices/channel/target[@name='org.qemu.guest_agent.0'"
		" and @state='connected']", context);
	bool connected = result && result->nodesetval &&
		result->nodesetval->nodeNr > 0;
	xmlXPathFreeObject(result);
	xmlXPathFreeContext(context);
	xmlFreeDoc(doc);
	return connected;
}

static bool press_func(struct vm_job *job, virDomainPtr domain,
		GError **error) {
	if (!domain || virDomainIsActive(domain) != 1) {
		vm_job_read_state(job, domain);
		return true;
	}
	if (is_agent_connected(domain) && virDomainShutdownFlags(domain,
			VIR_DOMAIN_SHUTDOWN_GUEST_AGENT) == 0) {
		g_debug("asked the guest agent of %s to shut down",
			virDomainGetName(domain));
	}
	/* Drivers without the ACPI flag (the test driver) pick a method. */
	if (virDomainShutdownFlags(domain,
			VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN) < 0 &&
			virDomainShutdown(domain) < 0) {
		vmctl_set_domain_error(error, domain,
			"Could not shut down the domain");
		return false;
	}
	return true;
}

static void finish_wait(struct vmctl_vm *vm, GError *error) {
	struct shutdown_wait *wait = vm->shutdown;
	vm->shutdown = NULL;
	if (wait->timeout_id) {
		g_source_remove(wait->timeout_id);
	}
	if (wait->repeat_id) {
		g_source_remove(wait->repeat_id);
	}
	vm_set_last_error(vm, error);
	if (error) {
		vmctl_log_failure(error);
		g_task_return_error(wait->task, error);
	} else {
		g_task_return_boolean(wait->task, true);
	}
	g_object_unref(wait->task);
	g_free(wait);
}

static gboolean handle_timeout(void *data) {
	struct vmctl_vm *vm = data;
	vm->shutdown->timeout_id = 0;
	GError *error = g_error_new(VMCTL_ERROR, VMCTL_ERROR_TIMED_OUT,
		"The domain %s did not shut down within %d s "
		"(shutdown-timeout of [vm:%s]); it is still running, and "
		"force-off stops it", vm->domain_name,
		vm->spec->shutdown_timeout, vm->spec->name);
	vm_ref(vm);
	finish_wait(vm, error);
	vm_update_state(vm);
	vm_unref(vm);
	return G_SOURCE_REMOVE;
}

static bool is_booting(const struct vmctl_vm *vm) {
	gint64 age = g_get_monotonic_time() - vm->started_at;
	return vm->started_at > 0 && age < BOOT_WINDOW_S * G_USEC_PER_SEC;
}

static gboolean handle_repeat(void *data) {
	struct vmctl_vm *vm = data;
	if (!is_booting(vm)) {
		vm->shutdown->repeat_id = 0;
		return G_SOURCE_REMOVE;
	}
	g_debug("pressing the power button of %s again",
		vm->domain_name);
	vm_job_dispatch(vm_job_new(vm, NULL, press_func, NULL));
	return G_SOURCE_CONTINUE;
}

static void shutdown_sent(struct vm_job *job, GError *error) {
	struct vmctl_vm *vm = job->vm;
	if (error || vm->shutdown) {
		vm_set_last_error(vm, error);
		GError *task_error = error ? g_error_copy(error) :
			g_error_new(VMCTL_ERROR, VMCTL_ERROR_STATE,
				"A shutdown of %s is already in progress",
				vm->domain_name);
		g_task_return_error(job->task, task_error);
		return;
	}
	if (job->has_state && (job->state == VMCTL_STATE_OFF ||
			job->state == VMCTL_STATE_CRASHED)) {
		vm_set_last_error(vm, NULL);
		g_task_return_boolean(job->task, true);
		return;
	}

	struct shutdown_wait *wait = g_new0(struct shutdown_wait, 1);
	wait->task = g_object_ref(job->task);
	wait->timeout_id = g_timeout_add_seconds(vm->spec->shutdown_timeout,
		handle_timeout, vm);
	wait->repeat_id = g_timeout_add_seconds(REPEAT_INTERVAL_S,
		handle_repeat, vm);
	vm->shutdown = wait;
}

void vm_shutdown_handle_state(struct vmctl_vm *vm) {
	if (!vm->shutdown) {
		return;
	}
	if (vm->domain_state == VMCTL_STATE_OFF ||
			vm->domain_state == VMCTL_STATE_CRASHED) {
		finish_wait(vm, NULL);
	}
}

void vm_shutdown_cancel(struct vmctl_vm *vm) {
	if (!vm->shutdown) {
		return;
	}
	finish_wait(vm, g_error_new(G_IO_ERROR, G_IO_ERROR_CANCELLED,
		"The VM object of %s was freed during its shutdown",
		vm->domain_name));
}

void vmctl_vm_shutdown_async(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data) {
	GTask *task = g_task_new(NULL, cancellable, callback, data);
	g_task_set_source_tag(task, vmctl_vm_shutdown_async);
	struct vm_job *job = vm_job_new(vm, task, press_func, shutdown_sent);
	job->allow_missing = true;
	vm_job_dispatch(job);
}

bool vmctl_vm_shutdown_finish(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error) {
	return g_task_propagate_boolean(G_TASK(result), error);
}
