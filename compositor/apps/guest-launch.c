/*
 * Launching a vm app: start or resume the VM when needed, wait until the
 * guest agent responds, read the guest's entries again, and run the app's
 * Exec command through bulkhead-guest-run, which runs it as the guest
 * session's user with that session's environment (see docs/guest.md).
 */
#include <string.h>
#include <wlr/util/log.h>
#include "apps-internal.h"
#include "compositor/server.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"
#include "vmctl/vmctl.h"

#define GUEST_RUN_PATH "/usr/bin/bulkhead-guest-run"
/* An estimate: a Debian guest under TCG starts its agent within a minute. */
#define AGENT_TIMEOUT_S 90
#define AGENT_RETRY_MS 2000
#define SESSION_TIMEOUT "60"
#define RUN_TIMEOUT_S 90

struct guest_launch {
	struct bulkhead_apps *apps;
	struct bulkhead_workspace *workspace;
	char *id;
	char *name;
	bulkhead_apps_launch_func done;
	void *data;
	gint64 agent_deadline;
	char *agent_error;
};

static void finish(struct guest_launch *launch, bool ok, const char *format,
		...) G_GNUC_PRINTF(3, 4);

static void finish(struct guest_launch *launch, bool ok, const char *format,
		...)
{
	va_list args;
	g_autofree char *message = NULL;

	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	if (ok) {
		wlr_log(WLR_INFO, "%s", message);
	} else {
		wlr_log(WLR_ERROR, "%s", message);
	}
	launch->done(ok, message, launch->data);
	g_free(launch->id);
	g_free(launch->name);
	g_free(launch->agent_error);
	g_free(launch);
}

static struct vmctl_vm *get_vmctl_vm(struct guest_launch *launch)
{
	return launch->workspace->vm->vmctl_vm;
}

/* The first line of guest text, sanitized, for a message. */
static char *first_line(const char *text)
{
	g_autofree char *line = g_strndup(text ? text : "",
		strcspn(text ? text : "", "\n"));

	return guest_sanitize_text(line, 300);
}

static void handle_run(GObject *source, GAsyncResult *async_result,
		gpointer data)
{
	struct guest_launch *launch = data;
	struct vmctl_exec_result result = { 0 };
	g_autoptr(GError) error = NULL;
	g_autofree char *detail = NULL;

	if (!vmctl_vm_exec_finish(get_vmctl_vm(launch), async_result, &result,
			&error)) {
		finish(launch, false, "failed to launch %s in workspace '%s': "
			"%s", launch->name, launch->workspace->name,
			error->message);
		return;
	}
	if (result.exit_code != 0) {
		detail = first_line(result.err);
		finish(launch, false, "failed to launch %s in workspace '%s': "
			"%s exited with %d: %s", launch->name,
			launch->workspace->name, GUEST_RUN_PATH,
			result.exit_code, detail);
	} else {
		detail = first_line(result.out);
		finish(launch, true, "started %s in workspace '%s' (guest "
			"pid %s)", launch->name, launch->workspace->name,
			detail);
	}
	vmctl_exec_result_clear(&result);
}

static void run_app(struct guest_launch *launch, struct bulkhead_app *app)
{
	GPtrArray *argv = g_ptr_array_new();

	g_ptr_array_add(argv, GUEST_RUN_PATH);
	g_ptr_array_add(argv, "--timeout");
	g_ptr_array_add(argv, SESSION_TIMEOUT);
	g_ptr_array_add(argv, "--");
	for (size_t i = 0; app->guest_argv[i]; i++) {
		g_ptr_array_add(argv, app->guest_argv[i]);
	}
	g_ptr_array_add(argv, NULL);
	wlr_log(WLR_INFO, "Running %s (%s) in the guest of workspace %s",
		launch->id, app->guest_argv[0], launch->workspace->name);
	vmctl_vm_exec_async(get_vmctl_vm(launch),
		(const char *const *)argv->pdata, NULL, RUN_TIMEOUT_S, NULL,
		handle_run, launch);
	g_ptr_array_free(argv, TRUE);
}

static struct bulkhead_app *find_guest_app(struct apps_vm_list *list,
		const char *id)
{
	for (guint i = 0; list->guest_apps && i < list->guest_apps->len; i++) {
		struct bulkhead_app *app = list->guest_apps->pdata[i];

		if (!strcmp(app->id, id)) {
			return app;
		}
	}
	return NULL;
}

static void handle_query(struct apps_vm_list *list, bool ok,
		const char *message, void *data)
{
	struct guest_launch *launch = data;
	struct bulkhead_app *app;

	if (!ok) {
		finish(launch, false, "failed to launch %s in workspace '%s': "
			"reading the guest's desktop entries failed: %s",
			launch->name, launch->workspace->name, message);
		return;
	}
	if (launch->apps->changed) {
		launch->apps->changed(launch->apps->server);
	}
	app = find_guest_app(list, launch->id);
	if (!app) {
		finish(launch, false, "failed to launch %s in workspace '%s': "
			"the guest has no shown desktop entry %s",
			launch->name, launch->workspace->name, launch->id);
	} else if (!app->guest_argv) {
		finish(launch, false, "failed to launch %s in workspace '%s': "
			"its desktop entry in the guest has no valid Exec key",
			launch->name, launch->workspace->name);
	} else {
		run_app(launch, app);
	}
}

static void probe_agent(struct guest_launch *launch);

static gboolean handle_retry_timer(gpointer data)
{
	probe_agent(data);
	return G_SOURCE_REMOVE;
}

static void handle_probe(GObject *source, GAsyncResult *async_result,
		gpointer data)
{
	struct guest_launch *launch = data;
	struct vmctl_exec_result result = { 0 };
	g_autoptr(GError) error = NULL;
	struct apps_vm_list *list;
	const char *state;

	if (vmctl_vm_exec_finish(get_vmctl_vm(launch), async_result, &result,
			&error)) {
		vmctl_exec_result_clear(&result);
		list = apps_get_vm_list(launch->apps, launch->workspace);
		guest_apps_query(launch->apps, list, handle_query, launch);
		return;
	}
	g_free(launch->agent_error);
	launch->agent_error = g_strdup(error->message);
	state = vm_get_state_name(launch->workspace->vm);
	if (g_get_monotonic_time() < launch->agent_deadline &&
			(!strcmp(state, "running") || !strcmp(state, "starting"))) {
		g_timeout_add(AGENT_RETRY_MS, handle_retry_timer, launch);
		return;
	}
	finish(launch, false, "failed to launch %s in workspace '%s': the "
		"guest agent did not answer within %d s (%s); the guest needs "
		"qemu-guest-agent running, which the busybox demo guest does "
		"not have", launch->name, launch->workspace->name,
		AGENT_TIMEOUT_S, launch->agent_error);
}

static void probe_agent(struct guest_launch *launch)
{
	const char *const argv[] = { "/bin/true", NULL };

	vmctl_vm_exec_async(get_vmctl_vm(launch), argv, NULL, 10, NULL,
		handle_probe, launch);
}

static void handle_vm_started(bool ok, const char *message, void *data)
{
	struct guest_launch *launch = data;

	if (!ok) {
		finish(launch, false, "failed to launch %s in workspace '%s': "
			"starting its VM failed: %s", launch->name,
			launch->workspace->name, message ? message : "");
		return;
	}
	launch->agent_deadline = g_get_monotonic_time() +
		AGENT_TIMEOUT_S * G_USEC_PER_SEC;
	probe_agent(launch);
}

void guest_apps_launch(struct bulkhead_apps *apps, struct bulkhead_app *app,
		bulkhead_apps_launch_func done, void *data)
{
	struct guest_launch *launch = g_new0(struct guest_launch, 1);
	struct bulkhead_vm *vm = app->workspace->vm;
	const char *state = vm ? vm_get_state_name(vm) : "unavailable";

	launch->apps = apps;
	launch->workspace = app->workspace;
	launch->id = g_strdup(app->id);
	launch->name = g_strdup(app->name);
	launch->done = done;
	launch->data = data;
	wlr_log(WLR_INFO, "Launching %s in workspace %s, whose VM is %s",
		app->id, app->workspace->name, state);
	if (!strcmp(state, "off") || !strcmp(state, "crashed")) {
		vm_request(vm, "on", handle_vm_started, launch);
	} else if (!strcmp(state, "paused")) {
		vm_request(vm, "resume", handle_vm_started, launch);
	} else if (!strcmp(state, "running") || !strcmp(state, "starting")) {
		handle_vm_started(true, NULL, launch);
	} else {
		finish(launch, false, "failed to launch %s in workspace '%s': "
			"its VM is %s", launch->name, launch->workspace->name,
			state);
	}
}
