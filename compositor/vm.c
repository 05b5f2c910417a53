#include <stdlib.h>
#include <string.h>
#include <wlr/util/log.h>
#include "compositor/config.h"
#include "compositor/guest.h"
#include "compositor/server.h"
#include "compositor/ui/panel.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"
#include "vmctl/vmctl.h"

struct vm_operation {
	struct bulkhead_vm *vm;
	char *action;
	bulkhead_vm_done_func done;
	void *data;
};

static void update_guest_session(struct bulkhead_vm *vm,
		enum vmctl_state state)
{
	/* A starting VM shows a placeholder until its screen arrives. */
	bool shows_screen = state == VMCTL_STATE_STARTING ||
		state == VMCTL_STATE_RUNNING || state == VMCTL_STATE_PAUSED ||
		state == VMCTL_STATE_STOPPING;

	if (shows_screen && !vm->guest_session) {
		vm->guest_session = guest_session_create(vm);
	} else if (!shows_screen && vm->guest_session) {
		guest_session_destroy(vm->guest_session);
		vm->guest_session = NULL;
	}
	if (vm->guest_session) {
		guest_session_handle_state(vm->guest_session, state);
	}
}

static void handle_autostart_done(bool ok, const char *message, void *data)
{
}

/* Starts a VM marked autostart once, when its first real state is off. */
static void autostart(struct bulkhead_vm *vm, enum vmctl_state state)
{
	if (vm->autostart_checked || state == VMCTL_STATE_UNAVAILABLE) {
		return;
	}
	vm->autostart_checked = true;
	if (state == VMCTL_STATE_OFF &&
			vmctl_spec_get_autostart(vm->workspace->config->vm_spec)) {
		vm_request(vm, "on", handle_autostart_done, NULL);
	}
}

static void handle_state(struct vmctl_vm *vmctl_vm, enum vmctl_state state,
		void *data)
{
	struct bulkhead_vm *vm = data;
	const char *error = vmctl_vm_get_last_error(vmctl_vm);

	wlr_log(WLR_INFO, "VM of workspace %s is %s%s%s", vm->workspace->name,
		vmctl_state_to_string(state), error ? ", last error: " : "",
		error ? error : "");
	update_guest_session(vm, state);
	panels_schedule_redraw(vm->server);
	autostart(vm, state);
}

static struct vm_operation *operation_new(struct bulkhead_vm *vm,
		const char *action, bulkhead_vm_done_func done, void *data)
{
	struct vm_operation *operation = g_new0(struct vm_operation, 1);

	operation->vm = vm;
	operation->action = g_strdup(action);
	operation->done = done;
	operation->data = data;
	return operation;
}

static void operation_complete(struct vm_operation *operation, bool ok,
		const char *message)
{
	if (!ok) {
		wlr_log(WLR_ERROR, "VM of workspace %s: %s failed: %s",
			operation->vm->workspace->name, operation->action,
			message);
	}
	if (operation->done) {
		operation->done(ok, message, operation->data);
	}
	g_free(operation->action);
	g_free(operation);
}

typedef bool (*finish_func)(struct vmctl_vm *vm, GAsyncResult *result,
	GError **error);

struct action {
	const char *name;
	const char *done_text;		/* "The VM of NAME <done_text>" */
	void (*start)(struct vmctl_vm *vm, GCancellable *cancellable,
		GAsyncReadyCallback callback, void *data);
	finish_func finish;
};

static const struct action actions[] = {
	{ "on", "started", vmctl_vm_start_async,
		vmctl_vm_start_finish },
	{ "off", "shut down", vmctl_vm_shutdown_async,
		vmctl_vm_shutdown_finish },
	{ "pause", "is paused", vmctl_vm_pause_async,
		vmctl_vm_pause_finish },
	{ "resume", "resumed", vmctl_vm_resume_async,
		vmctl_vm_resume_finish },
	{ "force-off", "was forced off", vmctl_vm_force_off_async,
		vmctl_vm_force_off_finish },
};

static const struct action *find_action(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(actions); i++) {
		if (!strcmp(actions[i].name, name)) {
			return &actions[i];
		}
	}
	return NULL;
}

static void handle_action_done(GObject *source, GAsyncResult *result,
		gpointer data)
{
	struct vm_operation *operation = data;
	const struct action *action = find_action(operation->action);
	g_autoptr(GError) error = NULL;
	bool ok = action->finish(operation->vm->vmctl_vm, result, &error);
	/* The state event may still be on its way, so name the action. */
	g_autofree char *message = ok ? g_strdup_printf("The VM of %s %s",
		operation->vm->workspace->name, action->done_text) : NULL;

	operation_complete(operation, ok, ok ? message : error->message);
}

/* "toggle" powers a stopped VM on and any other one off. */
static const char *resolve_toggle(struct bulkhead_vm *vm)
{
	enum vmctl_state state = vmctl_vm_get_state(vm->vmctl_vm);

	return state == VMCTL_STATE_OFF || state == VMCTL_STATE_CRASHED ?
		"on" : "off";
}

/*
 * Answers an action that the VM's state makes pointless or impossible, so
 * that no message reports a change that did not happen. Returns false when
 * the action should run.
 */
static bool answer_without_change(struct bulkhead_vm *vm, const char *name,
		bulkhead_vm_done_func done, void *data)
{
	enum vmctl_state state = vmctl_vm_get_state(vm->vmctl_vm);
	const char *workspace = vm->workspace->name;
	bool off = state == VMCTL_STATE_OFF || state == VMCTL_STATE_CRASHED;
	g_autofree char *message = NULL;
	bool ok = true;

	if (!strcmp(name, "on") && (state == VMCTL_STATE_RUNNING ||
			state == VMCTL_STATE_STARTING)) {
		message = g_strdup_printf("The VM of %s is already %s",
			workspace, vmctl_state_to_string(state));
	} else if ((!strcmp(name, "off") || !strcmp(name, "force-off")) &&
			off) {
		message = g_strdup_printf("The VM of %s is already off",
			workspace);
	} else if ((!strcmp(name, "pause") && state != VMCTL_STATE_RUNNING) ||
			(!strcmp(name, "resume") && state != VMCTL_STATE_PAUSED)) {
		ok = false;
		message = g_strdup_printf("The VM of %s is %s, so it cannot be "
			"%s; %s %s", workspace, vmctl_state_to_string(state),
			!strcmp(name, "pause") ? "paused" : "resumed",
			off ? "start it with: bulkheadctl vm on" :
			"check its state with: bulkheadctl vm status", workspace);
	} else {
		return false;
	}
	done(ok, message, data);
	return true;
}

void vm_request(struct bulkhead_vm *vm, const char *name,
		bulkhead_vm_done_func done, void *data)
{
	const struct action *action;
	struct vm_operation *operation;

	if (!strcmp(name, "status")) {
		done(true, vm_get_state_name(vm), data);
		return;
	}
	if (!strcmp(name, "toggle")) {
		name = resolve_toggle(vm);
	}
	action = find_action(name);
	if (!action) {
		g_autofree char *message = g_strdup_printf("Unknown VM action "
			"'%s'; valid actions are on, off, toggle, pause, resume, "
			"force-off and status", name);

		done(false, message, data);
		return;
	}
	if (answer_without_change(vm, name, done, data)) {
		return;
	}
	wlr_log(WLR_INFO, "VM of workspace %s: %s requested",
		vm->workspace->name, name);
	operation = operation_new(vm, name, done, data);
	action->start(vm->vmctl_vm, NULL, handle_action_done, operation);
}

const char *vm_get_state_name(struct bulkhead_vm *vm)
{
	return vmctl_state_to_string(vmctl_vm_get_state(vm->vmctl_vm));
}

const char *vm_get_last_error(struct bulkhead_vm *vm)
{
	return vmctl_vm_get_last_error(vm->vmctl_vm);
}

static struct bulkhead_vm *vm_create(struct bulkhead_server *server,
		struct bulkhead_workspace *workspace)
{
	struct bulkhead_vm *vm = calloc(1, sizeof(*vm));
	const struct vmctl_spec *spec = workspace->config->vm_spec;

	vm->server = server;
	vm->workspace = workspace;
	vm->vmctl_vm = vmctl_vm_new(server->vmctl_conn, spec);
	vmctl_vm_set_state_func(vm->vmctl_vm, handle_state, vm);
	workspace->vm = vm;
	return vm;
}

bool vms_init(struct bulkhead_server *server)
{
	struct bulkhead_workspace *workspace;

	wl_list_for_each(workspace, &server->workspaces, link) {
		if (workspace->kind != BULKHEAD_WORKSPACE_VM) {
			continue;
		}
		if (!server->vmctl_conn) {
			vmctl_init();
			server->vmctl_conn =
				vmctl_conn_new(server->config->libvirt_uri);
			wlr_log(WLR_INFO, "Managing VMs through %s",
				server->config->libvirt_uri);
		}
		vm_create(server, workspace);
	}
	return true;
}

void vms_finish(struct bulkhead_server *server)
{
	struct bulkhead_workspace *workspace;

	/* VMs keep running after bulkhead exits; only the views go. */
	wl_list_for_each(workspace, &server->workspaces, link) {
		struct bulkhead_vm *vm = workspace->vm;

		if (!vm) {
			continue;
		}
		if (vm->guest_session) {
			guest_session_destroy(vm->guest_session);
		}
		vmctl_vm_free(vm->vmctl_vm);
		free(vm);
		workspace->vm = NULL;
	}
	if (server->vmctl_conn) {
		vmctl_conn_free(server->vmctl_conn);
		server->vmctl_conn = NULL;
	}
}
