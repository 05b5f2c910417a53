/* The exec and console commands. */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <unistd.h>
#include "cli.h"

/* Seconds a command in the guest may run before exec gives up on it. */
#define EXEC_TIMEOUT_S 300

struct exec_wait {
	GAsyncResult *result;
};

static void handle_exec_done(GObject *source, GAsyncResult *result,
		void *data) {
	struct exec_wait *wait = data;
	wait->result = g_object_ref(result);
}

static void print_exec_json(const struct vmctl_exec_result *result) {
	JsonBuilder *builder = json_builder_new();
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "exit_code");
	json_builder_add_int_value(builder, result->exit_code);
	json_builder_set_member_name(builder, "signal");
	json_builder_add_int_value(builder, result->signal);
	json_builder_set_member_name(builder, "stdout");
	json_builder_add_string_value(builder, result->out);
	json_builder_set_member_name(builder, "stderr");
	json_builder_add_string_value(builder, result->err);
	json_builder_set_member_name(builder, "truncated");
	json_builder_add_boolean_value(builder, result->truncated);
	json_builder_end_object(builder);
	JsonNode *root = json_builder_get_root(builder);
	char *text = json_to_string(root, true);
	printf("%s\n", text);
	g_free(text);
	json_node_unref(root);
	g_object_unref(builder);
}

int cli_exec(struct cli *cli, const char *name, char **argv) {
	GError *error = NULL;
	struct vmctl_spec *spec = cli_find_spec(cli, name, &error);
	if (!spec) {
		fprintf(stderr, "bulkhead-vmctl: %s\n", error->message);
		g_error_free(error);
		return 1;
	}
	cli->conn = vmctl_conn_new(cli->uri);
	struct vmctl_vm *vm = vmctl_vm_new(cli->conn, spec);
	struct exec_wait wait = { 0 };
	vmctl_vm_exec_async(vm, (const char *const *)argv, NULL,
		EXEC_TIMEOUT_S, NULL, handle_exec_done, &wait);
	while (!wait.result) {
		g_main_context_iteration(NULL, true);
	}
	struct vmctl_exec_result result = { 0 };
	bool ok = vmctl_vm_exec_finish(vm, wait.result, &result, &error);
	g_object_unref(wait.result);
	vmctl_vm_free(vm);
	if (!ok) {
		fprintf(stderr, "bulkhead-vmctl: %s\n", error->message);
		g_error_free(error);
		return 1;
	}

	if (cli->json) {
		print_exec_json(&result);
	} else {
		fputs(result.out, stdout);
		fputs(result.err, stderr);
	}
	int status = result.signal ? 128 + result.signal : result.exit_code;
	vmctl_exec_result_clear(&result);
	return status;
}

int cli_console(struct cli *cli, const char *name) {
	GError *error = NULL;
	struct vmctl_spec *spec = cli_find_spec(cli, name, &error);
	if (!spec) {
		fprintf(stderr, "bulkhead-vmctl: %s\n", error->message);
		g_error_free(error);
		return 1;
	}
	/*
	 * virsh already bridges a terminal to virDomainOpenConsole, with
	 * raw mode and Ctrl+] to detach.
	 */
	char *domain = vmctl_spec_dup_domain_name(spec);
	const char *uri = cli->uri ? cli->uri : vmctl_default_uri();
	fflush(stdout);
	execlp("virsh", "virsh", "-c", uri, "console", domain, (char *)NULL);
	fprintf(stderr, "bulkhead-vmctl: could not run virsh for the "
		"console of %s; install libvirt-clients\n", domain);
	g_free(domain);
	return 1;
}
