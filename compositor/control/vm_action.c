#include <string.h>
#include <wayland-server-core.h>
#include <wlr/util/log.h>

#include "bulkhead-control-unstable-v1-protocol.h"
#include "compositor/control.h"
#include "compositor/server.h"
#include "compositor/vm.h"
#include "compositor/workspace.h"
#include "private.h"

/*
 * A vm_action request waiting for vm_request to complete. The client may
 * destroy its result object or disconnect first. Then result is NULL and
 * the outcome is only logged.
 */
struct vm_action_request {
	struct wl_resource *result;
	struct wl_listener result_destroy;
	struct bulkhead_workspace *workspace;
	char *action;
};

static void handle_result_destroy(struct wl_listener *listener, void *data)
{
	struct vm_action_request *request =
		wl_container_of(listener, request, result_destroy);
	wl_list_remove(&request->result_destroy.link);
	request->result = NULL;
}

static void send_outcome(struct vm_action_request *request, bool ok,
		const char *message)
{
	struct bulkhead_workspace *workspace = request->workspace;
	const char *state = vm_get_state_name(workspace->vm);

	if (!ok) {
		control_result_send_failure(request->result, "%s",
			message != NULL ? message : "the VM operation failed");
	} else if (strcmp(request->action, "status") == 0) {
		control_result_send_success(request->result, "%s", state);
	} else if (message != NULL && message[0] != '\0') {
		control_result_send_success(request->result, "%s", message);
	} else {
		control_result_send_success(request->result, "the VM of "
			"workspace '%s' is %s", workspace->name, state);
	}
}

static void handle_vm_done(bool ok, const char *message, void *data)
{
	struct vm_action_request *request = data;

	if (!ok) {
		wlr_log(WLR_ERROR, "VM action '%s' on workspace '%s' failed: %s",
			request->action, request->workspace->name,
			message != NULL ? message : "(no message)");
	}
	if (request->result != NULL) {
		wl_list_remove(&request->result_destroy.link);
		send_outcome(request, ok, message);
	}
	g_free(request->action);
	g_free(request);
}

/* Returns the workspace's VM, or sends a failure and returns NULL. */
static struct bulkhead_vm *find_vm(struct wl_resource *result,
		struct bulkhead_server *server, const char *name)
{
	struct bulkhead_workspace *workspace = workspace_find(server, name);
	if (workspace == NULL) {
		control_result_send_unknown_workspace(result, server, name);
		return NULL;
	}
	if (workspace->kind != BULKHEAD_WORKSPACE_VM) {
		control_result_send_failure(result, "workspace '%s' is a host "
			"workspace and has no VM; pass a vm workspace",
			workspace->name);
		return NULL;
	}
	if (workspace->vm == NULL) {
		control_result_send_failure(result, "the VM of workspace '%s' "
			"is unavailable because it failed to initialize; see "
			"the bulkhead log", workspace->name);
		return NULL;
	}
	return workspace->vm;
}

void control_handle_vm_action(struct wl_client *client,
		struct wl_resource *manager, uint32_t id, const char *name,
		const char *action)
{
	struct bulkhead_control *control = wl_resource_get_user_data(manager);
	struct wl_resource *result = control_result_create(client, manager, id);
	if (result == NULL) {
		return;
	}
	if (control == NULL) {
		control_result_send_failure(result, "bulkhead is shutting down");
		return;
	}

	struct bulkhead_vm *vm = find_vm(result, control->server, name);
	if (vm == NULL) {
		return;
	}

	struct vm_action_request *request = g_new0(struct vm_action_request, 1);
	request->result = result;
	request->workspace = vm->workspace;
	request->action = g_strdup(action);
	request->result_destroy.notify = handle_result_destroy;
	wl_resource_add_destroy_listener(result, &request->result_destroy);

	wlr_log(WLR_INFO, "VM action '%s' requested on workspace '%s'", action,
		vm->workspace->name);
	/* handle_vm_done may run before vm_request returns. */
	vm_request(vm, action, handle_vm_done, request);
}
