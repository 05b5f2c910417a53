/*
 * The clipboard, one per workspace. wlroots keeps one selection per seat and
 * destroys the old source whenever a new one is set, so each workspace keeps
 * the source its own client set, and the seat only ever holds a proxy of the
 * focused workspace's source. The proxy is replaced on every change of
 * workspace focus, after keyboard focus has left the old workspace's client,
 * so a client is offered only selections set in its own workspace.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wlr/types/wlr_data_device.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/workspace.h"
#include "input-internal.h"

struct selection_proxy {
	struct wlr_data_source base;
	struct wlr_data_source *source;
};

/* The proxy the seat holds now, or NULL; cleared when it is destroyed. */
static struct selection_proxy *current_proxy;

static void proxy_send(struct wlr_data_source *base, const char *mime_type,
		int32_t fd)
{
	struct selection_proxy *proxy = wl_container_of(base, proxy, base);

	if (!proxy->source) {
		close(fd);
		return;
	}
	wlr_data_source_send(proxy->source, mime_type, fd);
}

static void proxy_destroy(struct wlr_data_source *base)
{
	struct selection_proxy *proxy = wl_container_of(base, proxy, base);

	if (current_proxy == proxy) {
		current_proxy = NULL;
	}
	free(proxy);
}

static const struct wlr_data_source_impl proxy_impl = {
	.send = proxy_send,
	.destroy = proxy_destroy,
};

static struct selection_proxy *proxy_create(struct wlr_data_source *source)
{
	struct selection_proxy *proxy = calloc(1, sizeof(*proxy));
	char **mime_type;

	wlr_data_source_init(&proxy->base, &proxy_impl);
	proxy->source = source;
	wl_array_for_each(mime_type, &source->mime_types) {
		char **copy = wl_array_add(&proxy->base.mime_types,
			sizeof(*copy));

		*copy = strdup(*mime_type);
	}
	return proxy;
}

void selection_enter_workspace(struct bulkhead_seat *seat,
		struct bulkhead_workspace *workspace)
{
	struct wlr_data_source *source = workspace ? workspace->selection : NULL;
	uint32_t serial = wl_display_next_serial(seat->server->display);

	if (current_proxy && current_proxy->source == source) {
		return;
	}
	if (!source) {
		wlr_seat_set_selection(seat->wlr_seat, NULL, serial);
		return;
	}
	current_proxy = proxy_create(source);
	wlr_seat_set_selection(seat->wlr_seat, &current_proxy->base, serial);
}

static void handle_source_destroy(struct wl_listener *listener, void *data)
{
	struct bulkhead_workspace *workspace = wl_container_of(listener,
		workspace, selection_destroy);
	struct bulkhead_seat *seat = workspace->server->seat;

	wl_list_remove(&workspace->selection_destroy.link);
	wl_list_init(&workspace->selection_destroy.link);
	workspace->selection = NULL;
	if (current_proxy && current_proxy->source == data) {
		current_proxy->source = NULL;
		wlr_seat_set_selection(seat->wlr_seat, NULL,
			wl_display_next_serial(seat->server->display));
	}
}

/*
 * The request carries no client, so find it by its serial: wlroots has
 * checked that the sender received it, and each serial goes to one client.
 */
static struct bulkhead_workspace *find_requesting_workspace(
		struct bulkhead_seat *seat, uint32_t serial)
{
	struct bulkhead_workspace *found = NULL;
	struct wlr_seat_client *client;

	wl_list_for_each(client, &seat->wlr_seat->clients, link) {
		struct bulkhead_workspace *workspace;

		if (!wlr_seat_client_validate_event_serial(client, serial)) {
			continue;
		}
		workspace = workspace_from_client(seat->server, client->client);
		if (!workspace || (found && found != workspace)) {
			return NULL;
		}
		found = workspace;
	}
	return found;
}

static void store_selection(struct bulkhead_workspace *workspace,
		struct wlr_data_source *source)
{
	struct wlr_data_source *old = workspace->selection;

	if (old == source) {
		return;
	}
	wl_list_remove(&workspace->selection_destroy.link);
	wl_list_init(&workspace->selection_destroy.link);
	workspace->selection = NULL;
	if (old) {
		/* The old owner learns that its selection was replaced. */
		wlr_data_source_destroy(old);
	}
	workspace->selection = source;
	if (source) {
		workspace->selection_destroy.notify = handle_source_destroy;
		wl_signal_add(&source->events.destroy,
			&workspace->selection_destroy);
	}
}

static void handle_request_set_selection(struct wl_listener *listener,
		void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		request_set_selection);
	struct wlr_seat_request_set_selection_event *event = data;
	struct bulkhead_workspace *workspace =
		find_requesting_workspace(seat, event->serial);

	if (!workspace) {
		wlr_log(WLR_DEBUG, "Ignoring a selection whose client cannot "
			"be told from its serial %u", event->serial);
		return;
	}
	wlr_log(WLR_DEBUG, "Workspace %s set its selection", workspace->name);
	store_selection(workspace, event->source);
	if (seat->focused_workspace == workspace) {
		selection_enter_workspace(seat, workspace);
	}
}

void selection_init(struct bulkhead_seat *seat)
{
	seat->request_set_selection.notify = handle_request_set_selection;
	wl_signal_add(&seat->wlr_seat->events.request_set_selection,
		&seat->request_set_selection);
	/* TODO: drag and drop is not offered yet: a drop could cross
	 * workspaces, so start_drag requests stay unanswered. */
}

void selection_finish(struct bulkhead_seat *seat)
{
	struct bulkhead_workspace *workspace;

	wl_list_remove(&seat->request_set_selection.link);
	wl_list_for_each(workspace, &seat->server->workspaces, link) {
		store_selection(workspace, NULL);
	}
}
