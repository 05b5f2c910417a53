#include <string.h>
#include "helpers.h"

struct vmctl_spec *test_spec_from_text(const char *text, const char *name,
		GError **error) {
	GKeyFile *key_file = g_key_file_new();
	struct vmctl_spec *spec = NULL;
	if (g_key_file_load_from_data(key_file, text, -1, G_KEY_FILE_NONE,
			error)) {
		spec = vmctl_spec_from_key_file(key_file, name, "test.ini",
			error);
	}
	g_key_file_free(key_file);
	return spec;
}

struct wait {
	GAsyncResult *result;
};

static void handle_done(GObject *source, GAsyncResult *result, void *data) {
	struct wait *wait = data;
	wait->result = g_object_ref(result);
}

bool test_run(struct vmctl_vm *vm, test_async_func start,
		test_finish_func finish, GError **error) {
	struct wait wait = { 0 };
	start(vm, NULL, handle_done, &wait);
	while (!wait.result) {
		g_main_context_iteration(NULL, true);
	}
	bool ok = finish(vm, wait.result, error);
	g_object_unref(wait.result);
	return ok;
}

static gboolean handle_tick(void *data) {
	return G_SOURCE_CONTINUE;
}

bool test_wait_state(struct vmctl_vm *vm, enum vmctl_state state,
		int seconds) {
	gint64 deadline = g_get_monotonic_time() +
		(gint64)seconds * G_USEC_PER_SEC;
	guint tick = g_timeout_add(100, handle_tick, NULL);
	while (vmctl_vm_get_state(vm) != state &&
			g_get_monotonic_time() < deadline) {
		g_main_context_iteration(NULL, true);
	}
	g_source_remove(tick);
	return vmctl_vm_get_state(vm) == state;
}

bool test_wait_file_contains(const char *path, const char *text,
		int seconds) {
	gint64 deadline = g_get_monotonic_time() +
		(gint64)seconds * G_USEC_PER_SEC;
	bool found = false;
	while (!found && g_get_monotonic_time() < deadline) {
		char *contents = NULL;
		if (g_file_get_contents(path, &contents, NULL, NULL)) {
			found = strstr(contents, text) != NULL;
		}
		g_free(contents);
		if (!found) {
			test_pump(200);
		}
	}
	return found;
}

void test_pump(int ms) {
	gint64 deadline = g_get_monotonic_time() + (gint64)ms * 1000;
	guint tick = g_timeout_add(20, handle_tick, NULL);
	while (g_get_monotonic_time() < deadline) {
		g_main_context_iteration(NULL, true);
	}
	g_source_remove(tick);
}
