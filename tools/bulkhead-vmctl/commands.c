/* The list, status, xml and power commands. */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

struct wait {
	GMainLoop *loop;
	GAsyncResult *result;
};

static void handle_done(GObject *source, GAsyncResult *result, void *data) {
	struct wait *wait = data;
	wait->result = g_object_ref(result);
	g_main_loop_quit(wait->loop);
}

typedef void (*async_func)(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data);
typedef bool (*finish_func)(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error);

static bool run_async(struct vmctl_vm *vm, async_func start,
		finish_func finish, GError **error) {
	struct wait wait = { .loop = g_main_loop_new(NULL, false) };
	start(vm, NULL, handle_done, &wait);
	g_main_loop_run(wait.loop);
	bool ok = finish(vm, wait.result, error);
	g_object_unref(wait.result);
	g_main_loop_unref(wait.loop);
	return ok;
}

static struct vmctl_conn *get_conn(struct cli *cli) {
	if (!cli->conn) {
		cli->conn = vmctl_conn_new(cli->uri);
	}
	return cli->conn;
}

static void print_error(const GError *error) {
	fprintf(stderr, "bulkhead-vmctl: %s\n", error->message);
}

static void print_json(JsonBuilder *builder) {
	JsonGenerator *generator = json_generator_new();
	JsonNode *root = json_builder_get_root(builder);
	json_generator_set_root(generator, root);
	json_generator_set_pretty(generator, true);
	char *text = json_generator_to_data(generator, NULL);
	printf("%s\n", text);
	g_free(text);
	json_node_unref(root);
	g_object_unref(generator);
}

static void add_string_or_null(JsonBuilder *builder, const char *key,
		const char *value) {
	json_builder_set_member_name(builder, key);
	if (value) {
		json_builder_add_string_value(builder, value);
	} else {
		json_builder_add_null_value(builder);
	}
}

static void add_vm_object(JsonBuilder *builder, struct vmctl_vm *vm) {
	char *serial_log = vmctl_vm_dup_serial_log_path(vm);
	json_builder_begin_object(builder);
	add_string_or_null(builder, "name", vmctl_vm_get_name(vm));
	add_string_or_null(builder, "state",
		vmctl_state_to_string(vmctl_vm_get_state(vm)));
	add_string_or_null(builder, "last_error", vmctl_vm_get_last_error(vm));
	add_string_or_null(builder, "domain", vmctl_vm_get_domain_name(vm));
	add_string_or_null(builder, "serial_log", serial_log);
	json_builder_end_object(builder);
	g_free(serial_log);
}

static void print_vm_text(struct vmctl_vm *vm) {
	const char *error = vmctl_vm_get_last_error(vm);
	printf("%s: %s (domain %s)%s%s\n", vmctl_vm_get_name(vm),
		vmctl_state_to_string(vmctl_vm_get_state(vm)),
		vmctl_vm_get_domain_name(vm), error ? "; last error: " : "",
		error ? error : "");
}

/* Refreshes a VM; on failure its last error is the reason. */
static struct vmctl_vm *open_vm(struct cli *cli, struct vmctl_spec *spec,
		GError **error) {
	struct vmctl_vm *vm = vmctl_vm_new(get_conn(cli), spec);
	run_async(vm, vmctl_vm_refresh_async, vmctl_vm_refresh_finish, error);
	return vm;
}

int cli_list(struct cli *cli) {
	JsonBuilder *builder = json_builder_new();
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "vms");
	json_builder_begin_array(builder);
	int status = 0;
	for (guint i = 0; i < cli->specs->len; i++) {
		GError *error = NULL;
		struct vmctl_vm *vm = open_vm(cli, cli->specs->pdata[i],
			&error);
		if (error) {
			print_error(error);
			g_error_free(error);
			status = 1;
		}
		if (cli->json) {
			add_vm_object(builder, vm);
		} else {
			print_vm_text(vm);
		}
		vmctl_vm_free(vm);
	}
	json_builder_end_array(builder);
	json_builder_end_object(builder);
	if (cli->json) {
		print_json(builder);
	}
	g_object_unref(builder);
	return status;
}

int cli_status(struct cli *cli, const char *name) {
	GError *error = NULL;
	struct vmctl_spec *spec = cli_find_spec(cli, name, &error);
	if (!spec) {
		print_error(error);
		g_error_free(error);
		return 1;
	}
	struct vmctl_vm *vm = open_vm(cli, spec, &error);
	if (cli->json) {
		JsonBuilder *builder = json_builder_new();
		add_vm_object(builder, vm);
		print_json(builder);
		g_object_unref(builder);
	} else {
		print_vm_text(vm);
	}
	int status = 0;
	if (error) {
		print_error(error);
		g_error_free(error);
		status = 1;
	}
	vmctl_vm_free(vm);
	return status;
}

int cli_xml(struct cli *cli, const char *name) {
	GError *error = NULL;
	struct vmctl_spec *spec = cli_find_spec(cli, name, &error);
	char *xml = spec ? vmctl_spec_to_xml_for_uri(spec,
		cli->uri ? cli->uri : vmctl_default_uri(), &error) : NULL;
	if (!xml) {
		print_error(error);
		g_error_free(error);
		return 1;
	}
	printf("%s\n", xml);
	g_free(xml);
	return 0;
}

struct power_command {
	const char *name;
	async_func start;
	finish_func finish;
};

static const struct power_command power_commands[] = {
	{ "start", vmctl_vm_start_async, vmctl_vm_start_finish },
	{ "shutdown", vmctl_vm_shutdown_async, vmctl_vm_shutdown_finish },
	{ "force-off", vmctl_vm_force_off_async, vmctl_vm_force_off_finish },
	{ "pause", vmctl_vm_pause_async, vmctl_vm_pause_finish },
	{ "resume", vmctl_vm_resume_async, vmctl_vm_resume_finish },
};

int cli_power(struct cli *cli, const char *command, const char *name) {
	const struct power_command *power = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(power_commands); i++) {
		if (strcmp(power_commands[i].name, command) == 0) {
			power = &power_commands[i];
		}
	}
	g_assert(power);

	GError *error = NULL;
	struct vmctl_spec *spec = cli_find_spec(cli, name, &error);
	if (!spec) {
		print_error(error);
		g_error_free(error);
		return 1;
	}
	struct vmctl_vm *vm = open_vm(cli, spec, &error);
	bool ok = !error && run_async(vm, power->start, power->finish,
		&error);
	if (ok && cli->json) {
		JsonBuilder *builder = json_builder_new();
		add_vm_object(builder, vm);
		print_json(builder);
		g_object_unref(builder);
	} else if (ok) {
		print_vm_text(vm);
	} else {
		print_error(error);
		g_error_free(error);
	}
	vmctl_vm_free(vm);
	return ok ? 0 : 1;
}
