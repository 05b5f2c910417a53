/*
 * Commands in the guest through the QEMU guest agent: guest-exec starts
 * the process, and guest-exec-status is polled until it has exited,
 * because the agent protocol (QEMU 7.2) has no completion event and
 * returns the output only after the exit.
 */
#include <json-glib/json-glib.h>
#include <libvirt/libvirt-qemu.h>
#include <string.h>
#include "vm.h"

#define POLL_INTERVAL_MS 100

struct exec_request {
	char **argv;
	char **env;
	int timeout_s;
	struct vmctl_exec_result result;
};

static void exec_request_free(void *data) {
	struct exec_request *request = data;
	if (!request) {
		/* exec_done handed the request to the task. */
		return;
	}
	g_strfreev(request->argv);
	g_strfreev(request->env);
	g_free(request->result.out);
	g_free(request->result.err);
	g_free(request);
}

static void add_strv(JsonBuilder *builder, const char *name,
		char *const *values) {
	json_builder_set_member_name(builder, name);
	json_builder_begin_array(builder);
	for (size_t i = 0; values && values[i]; i++) {
		json_builder_add_string_value(builder, values[i]);
	}
	json_builder_end_array(builder);
}

static char *build_exec_command(const struct exec_request *request) {
	JsonBuilder *builder = json_builder_new();
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "execute");
	json_builder_add_string_value(builder, "guest-exec");
	json_builder_set_member_name(builder, "arguments");
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "path");
	json_builder_add_string_value(builder, request->argv[0]);
	add_strv(builder, "arg", request->argv + 1);
	if (request->env) {
		add_strv(builder, "env", request->env);
	}
	json_builder_set_member_name(builder, "capture-output");
	json_builder_add_boolean_value(builder, true);
	json_builder_end_object(builder);
	json_builder_end_object(builder);

	JsonNode *root = json_builder_get_root(builder);
	char *text = json_to_string(root, false);
	json_node_unref(root);
	g_object_unref(builder);
	return text;
}

/* Sends command and returns the "return" object of the reply, or NULL. */
static JsonObject *agent_call(virDomainPtr domain, const char *command,
		JsonParser *parser, GError **error) {
	char *reply = virDomainQemuAgentCommand(domain, command,
		VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT, 0);
	if (!reply) {
		vmctl_set_domain_error(error, domain,
			"Could not run the command through the guest agent "
			"(qemu-guest-agent in the guest) of");
		return NULL;
	}
	bool ok = json_parser_load_from_data(parser, reply, -1, error);
	free(reply);
	JsonNode *root = ok ? json_parser_get_root(parser) : NULL;
	JsonObject *object = root && JSON_NODE_HOLDS_OBJECT(root) ?
		json_node_get_object(root) : NULL;
	if (!object || !json_object_has_member(object, "return") ||
			!JSON_NODE_HOLDS_OBJECT(json_object_get_member(object,
				"return"))) {
		g_clear_error(error);
		g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_LIBVIRT,
			"The guest agent of %s sent an invalid reply",
			virDomainGetName(domain));
		return NULL;
	}
	return json_object_get_object_member(object, "return");
}

static char *decode_member(JsonObject *object, const char *name) {
	const char *data = json_object_get_string_member_with_default(object,
		name, "");
	gsize length = 0;
	guchar *bytes = g_base64_decode(data, &length);
	char *text = g_strndup((const char *)bytes, length);
	g_free(bytes);
	return text;
}

static bool read_status(JsonObject *status, struct vmctl_exec_result *out) {
	if (!json_object_get_boolean_member_with_default(status, "exited",
			false)) {
		return false;
	}
	out->exit_code = (int)json_object_get_int_member_with_default(status,
		"exitcode", -1);
	out->signal = (int)json_object_get_int_member_with_default(status,
		"signal", 0);
	out->out = decode_member(status, "out-data");
	out->err = decode_member(status, "err-data");
	out->truncated = json_object_get_boolean_member_with_default(status,
		"out-truncated", false) || json_object_get_boolean_member_with_default(
		status, "err-truncated", false);
	return true;
}

static bool wait_for_exit(struct vm_job *job, virDomainPtr domain,
		gint64 pid, GError **error) {
	struct exec_request *request = job->data;
	char *command = g_strdup_printf("{\"execute\":\"guest-exec-status\","
		"\"arguments\":{\"pid\":%" G_GINT64_FORMAT "}}", pid);
	gint64 deadline = g_get_monotonic_time() +
		(gint64)request->timeout_s * G_USEC_PER_SEC;
	bool done = false;
	while (!done) {
		JsonParser *parser = json_parser_new();
		JsonObject *status = agent_call(domain, command, parser,
			error);
		done = status && read_status(status, &request->result);
		g_object_unref(parser);
		if (!status) {
			break;
		}
		if (!done && g_get_monotonic_time() > deadline) {
			g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_TIMED_OUT,
				"%s did not exit within %d s in %s; it still "
				"runs in the guest as pid %" G_GINT64_FORMAT,
				request->argv[0], request->timeout_s,
				virDomainGetName(domain), pid);
			break;
		}
		if (!done) {
			g_usleep(POLL_INTERVAL_MS * 1000);
		}
	}
	g_free(command);
	return done;
}

static bool exec_func(struct vm_job *job, virDomainPtr domain,
		GError **error) {
	struct exec_request *request = job->data;
	char *command = build_exec_command(request);
	JsonParser *parser = json_parser_new();
	JsonObject *reply = agent_call(domain, command, parser, error);
	gint64 pid = reply ? json_object_get_int_member_with_default(reply,
		"pid", -1) : -1;
	g_object_unref(parser);
	g_free(command);
	if (!reply) {
		return false;
	}
	return wait_for_exit(job, domain, pid, error);
}

static void exec_done(struct vm_job *job, GError *error) {
	if (error) {
		g_task_return_error(job->task, g_error_copy(error));
		return;
	}
	/* The task takes the request and its results. */
	g_task_set_task_data(job->task, job->data, exec_request_free);
	job->data = NULL;
	g_task_return_boolean(job->task, true);
}

void vmctl_vm_exec_async(struct vmctl_vm *vm, const char *const *argv,
		const char *const *env, int timeout_s,
		GCancellable *cancellable, GAsyncReadyCallback callback,
		void *data) {
	g_return_if_fail(argv && argv[0]);
	GTask *task = g_task_new(NULL, cancellable, callback, data);
	g_task_set_source_tag(task, vmctl_vm_exec_async);
	struct exec_request *request = g_new0(struct exec_request, 1);
	request->argv = g_strdupv((char **)argv);
	request->env = env ? g_strdupv((char **)env) : NULL;
	request->timeout_s = timeout_s > 0 ? timeout_s : G_MAXINT / 2;
	struct vm_job *job = vm_job_new(vm, task, exec_func, exec_done);
	job->data = request;
	job->data_free = exec_request_free;
	vm_job_dispatch(job);
}

bool vmctl_vm_exec_finish(struct vmctl_vm *vm, GAsyncResult *result,
		struct vmctl_exec_result *out, GError **error) {
	if (!g_task_propagate_boolean(G_TASK(result), error)) {
		return false;
	}
	struct exec_request *request = g_task_get_task_data(G_TASK(result));
	*out = request->result;
	out->out = g_steal_pointer(&request->result.out);
	out->err = g_steal_pointer(&request->result.err);
	return true;
}

void vmctl_exec_result_clear(struct vmctl_exec_result *result) {
	g_clear_pointer(&result->out, g_free);
	g_clear_pointer(&result->err, g_free);
}
