/*
 * The clipboard and the primary selection, each kept per workspace. wlroots
 * keeps one selection of each type per seat and destroys the old source
 * whenever a new one is set, so each workspace keeps the sources its own
 * clients set, and the seat only ever holds proxies of the focused
 * workspace's sources. The proxies are replaced on every change of
 * workspace focus, after keyboard focus has left the old workspace's
 * client, so a client is offered only selections set in its own workspace.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wlr/types/wlr_data_device.h>
#include <wlr/types/wlr_primary_selection.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>
#include "compositor/seat.h"
#include "compositor/server.h"
#include "compositor/workspace.h"
#include "compositor/xwayland.h"
#include "input-internal.h"

/* The operations in which the clipboard and the primary selection differ. */
struct selection_ops {
	const char *name;
	void *(*create_proxy)(void *source);
	void (*set_seat)(struct wlr_seat *seat, void *proxy, uint32_t serial);
	void (*destroy_source)(void *source);
	struct wl_signal *(*destroy_signal)(void *source);
};

/*
 * The real source that the seat's proxy of each type forwards to, or NULL.
 * The proxies clear it when the seat destroys them.
 */
static void *offered_sources[BULKHEAD_SELECTION_TYPE_COUNT];

/*
 * The source of each type that an X client set through wlroots' Xwayland
 * bridge, or NULL. It goes to the seat as it is: the bridge hands the seat's
 * selection to X unless it is one of its own sources, so a proxy would take
 * the selection away from the X client that owns it.
 */
static void *xwayland_sources[BULKHEAD_SELECTION_TYPE_COUNT];

static void copy_mime_types(struct wl_array *to, const struct wl_array *from)
{
	char **mime_type;

	wl_array_for_each(mime_type, from) {
		char **copy = wl_array_add(to, sizeof(*copy));

		*copy = strdup(*mime_type);
	}
}

struct clipboard_proxy {
	struct wlr_data_source base;
	struct wlr_data_source *source;
};

static void clipboard_proxy_send(struct wlr_data_source *base,
		const char *mime_type, int32_t fd)
{
	struct clipboard_proxy *proxy = wl_container_of(base, proxy, base);

	if (offered_sources[BULKHEAD_SELECTION_CLIPBOARD] != proxy->source) {
		close(fd);
		return;
	}
	wlr_data_source_send(proxy->source, mime_type, fd);
}

static void clipboard_proxy_destroy(struct wlr_data_source *base)
{
	struct clipboard_proxy *proxy = wl_container_of(base, proxy, base);

	if (offered_sources[BULKHEAD_SELECTION_CLIPBOARD] == proxy->source) {
		offered_sources[BULKHEAD_SELECTION_CLIPBOARD] = NULL;
	}
	free(proxy);
}

static const struct wlr_data_source_impl clipboard_proxy_impl = {
	.send = clipboard_proxy_send,
	.destroy = clipboard_proxy_destroy,
};

static void *clipboard_create_proxy(void *source)
{
	struct clipboard_proxy *proxy = calloc(1, sizeof(*proxy));

	wlr_data_source_init(&proxy->base, &clipboard_proxy_impl);
	proxy->source = source;
	copy_mime_types(&proxy->base.mime_types,
		&proxy->source->mime_types);
	return &proxy->base;
}

static void clipboard_set_seat(struct wlr_seat *seat, void *proxy,
		uint32_t serial)
{
	wlr_seat_set_selection(seat, proxy, serial);
}

static void clipboard_destroy_source(void *source)
{
	wlr_data_source_destroy(source);
}

static struct wl_signal *clipboard_destroy_signal(void *source)
{
	return &((struct wlr_data_source *)source)->events.destroy;
}

struct primary_proxy {
	struct wlr_primary_selection_source base;
	struct wlr_primary_selection_source *source;
};

static void primary_proxy_send(struct wlr_primary_selection_source *base,
		const char *mime_type, int fd)
{
	struct primary_proxy *proxy = wl_container_of(base, proxy, base);

	if (offered_sources[BULKHEAD_SELECTION_PRIMARY] != proxy->source) {
		close(fd);
		return;
	}
	wlr_primary_selection_source_send(proxy->source, mime_type, fd);
}

static void primary_proxy_destroy(struct wlr_primary_selection_source *base)
{
	struct primary_proxy *proxy = wl_container_of(base, proxy, base);

	if (offered_sources[BULKHEAD_SELECTION_PRIMARY] == proxy->source) {
		offered_sources[BULKHEAD_SELECTION_PRIMARY] = NULL;
	}
	free(proxy);
}

static const struct wlr_primary_selection_source_impl primary_proxy_impl = {
	.send = primary_proxy_send,
	.destroy = primary_proxy_destroy,
};

static void *primary_create_proxy(void *source)
{
	struct primary_proxy *proxy = calloc(1, sizeof(*proxy));

	wlr_primary_selection_source_init(&proxy->base, &primary_proxy_impl);
	proxy->source = source;
	copy_mime_types(&proxy->base.mime_types,
		&proxy->source->mime_types);
	return &proxy->base;
}

static void primary_set_seat(struct wlr_seat *seat, void *proxy,
		uint32_t serial)
{
	wlr_seat_set_primary_selection(seat, proxy, serial);
}

static void primary_destroy_source(void *source)
{
	wlr_primary_selection_source_destroy(source);
}

static struct wl_signal *primary_destroy_signal(void *source)
{
	return &((struct wlr_primary_selection_source *)source)->events.destroy;
}

static const struct selection_ops selection_ops[] = {
	[BULKHEAD_SELECTION_CLIPBOARD] = {
		.name = "clipboard",
		.create_proxy = clipboard_create_proxy,
		.set_seat = clipboard_set_seat,
		.destroy_source = clipboard_destroy_source,
		.destroy_signal = clipboard_destroy_signal,
	},
	[BULKHEAD_SELECTION_PRIMARY] = {
		.name = "primary selection",
		.create_proxy = primary_create_proxy,
		.set_seat = primary_set_seat,
		.destroy_source = primary_destroy_source,
		.destroy_signal = primary_destroy_signal,
	},
};

static void offer_slot(struct bulkhead_seat *seat,
		struct bulkhead_selection_slot *slot)
{
	const struct selection_ops *ops = &selection_ops[slot->type];
	uint32_t serial = wl_display_next_serial(seat->server->display);
	void *source = slot->source;

	if (offered_sources[slot->type] == source && source) {
		return;
	}
	/*
	 * The seat destroys what it held before. That may be an X source,
	 * whose destroy handler must not set the seat again from inside.
	 */
	offered_sources[slot->type] = NULL;
	if (!source) {
		ops->set_seat(seat->wlr_seat, NULL, serial);
		return;
	}
	if (source == xwayland_sources[slot->type]) {
		/* NOTE: the seat destroys it when focus leaves the workspace,
		 * so its Wayland clients lose it; its X clients keep it. */
		ops->set_seat(seat->wlr_seat, source, serial);
	} else {
		ops->set_seat(seat->wlr_seat, ops->create_proxy(source),
			serial);
	}
	offered_sources[slot->type] = source;
}

void selection_enter_workspace(struct bulkhead_seat *seat,
		struct bulkhead_workspace *workspace)
{
	/*
	 * An X server with the seat hands every seat selection to its X
	 * clients, so only the entered workspace's server gets the seat, and
	 * only once that workspace's selections are in place.
	 */
	xwayland_release_seat(seat->server, workspace);
	for (int type = 0; type < BULKHEAD_SELECTION_TYPE_COUNT; type++) {
		offer_slot(seat, &workspace->selections[type]);
	}
	xwayland_grant_seat(seat->server, workspace);
}

static void clear_slot(struct bulkhead_selection_slot *slot)
{
	wl_list_remove(&slot->destroy.link);
	wl_list_init(&slot->destroy.link);
	slot->source = NULL;
}

static void handle_source_destroy(struct wl_listener *listener, void *data)
{
	struct bulkhead_selection_slot *slot = wl_container_of(listener, slot,
		destroy);
	struct bulkhead_seat *seat = slot->workspace->server->seat;

	clear_slot(slot);
	if (xwayland_sources[slot->type] == data) {
		xwayland_sources[slot->type] = NULL;
	}
	if (offered_sources[slot->type] == data) {
		offered_sources[slot->type] = NULL;
		selection_ops[slot->type].set_seat(seat->wlr_seat, NULL,
			wl_display_next_serial(seat->server->display));
	}
}

static void store_source(struct bulkhead_selection_slot *slot, void *source)
{
	const struct selection_ops *ops = &selection_ops[slot->type];
	void *old = slot->source;

	if (old == source) {
		return;
	}
	clear_slot(slot);
	if (old == xwayland_sources[slot->type]) {
		xwayland_sources[slot->type] = NULL;
	}
	if (old) {
		/* The old owner learns that its selection was replaced. */
		ops->destroy_source(old);
	}
	slot->source = source;
	if (source) {
		slot->destroy.notify = handle_source_destroy;
		wl_signal_add(ops->destroy_signal(source), &slot->destroy);
	}
}

/*
 * The requests carry no client, so find it by its serial: wlroots has
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

static bool is_serial_sent(struct bulkhead_seat *seat, uint32_t serial)
{
	struct wlr_seat_client *client;

	wl_list_for_each(client, &seat->wlr_seat->clients, link) {
		if (wlr_seat_client_validate_event_serial(client, serial)) {
			return true;
		}
	}
	return false;
}

static void request_set(struct bulkhead_seat *seat,
		enum bulkhead_selection_type type, void *source, uint32_t serial)
{
	struct bulkhead_workspace *workspace =
		find_requesting_workspace(seat, serial);
	bool from_xwayland = false;
	struct bulkhead_selection_slot *slot;

	/*
	 * wlroots rejects a client's request whose serial the client never
	 * received. A serial that no client received therefore comes from
	 * the Xwayland bridge, which requests with a new serial and no client,
	 * and only the X server that has the seat can request.
	 */
	if (!workspace && !is_serial_sent(seat, serial)) {
		workspace = xwayland_get_seat_workspace(seat->server);
		from_xwayland = workspace != NULL;
	}
	if (!workspace) {
		wlr_log(WLR_DEBUG, "Ignoring a %s whose client cannot be told "
			"from its serial %u", selection_ops[type].name, serial);
		if (source) {
			selection_ops[type].destroy_source(source);
		}
		return;
	}
	wlr_log(WLR_DEBUG, "Workspace %s set its %s%s", workspace->name,
		selection_ops[type].name, from_xwayland ? " through Xwayland" : "");
	slot = &workspace->selections[type];
	store_source(slot, source);
	if (from_xwayland && source) {
		xwayland_sources[type] = source;
	}
	if (seat->focused_workspace == workspace) {
		offer_slot(seat, slot);
	}
}

static void handle_request_set_selection(struct wl_listener *listener,
		void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		request_set_selection);
	struct wlr_seat_request_set_selection_event *event = data;

	request_set(seat, BULKHEAD_SELECTION_CLIPBOARD, event->source,
		event->serial);
}

static void handle_request_set_primary_selection(struct wl_listener *listener,
		void *data)
{
	struct bulkhead_seat *seat = wl_container_of(listener, seat,
		request_set_primary_selection);
	struct wlr_seat_request_set_primary_selection_event *event = data;

	request_set(seat, BULKHEAD_SELECTION_PRIMARY, event->source,
		event->serial);
}

void selection_init(struct bulkhead_seat *seat)
{
	seat->request_set_selection.notify = handle_request_set_selection;
	wl_signal_add(&seat->wlr_seat->events.request_set_selection,
		&seat->request_set_selection);
	seat->request_set_primary_selection.notify =
		handle_request_set_primary_selection;
	wl_signal_add(&seat->wlr_seat->events.request_set_primary_selection,
		&seat->request_set_primary_selection);
	/* TODO: drag and drop is not offered yet: a drop could cross
	 * workspaces, so start_drag requests stay unanswered. */
}

void selection_finish(struct bulkhead_seat *seat)
{
	struct bulkhead_workspace *workspace;

	wl_list_remove(&seat->request_set_selection.link);
	wl_list_remove(&seat->request_set_primary_selection.link);
	wl_list_for_each(workspace, &seat->server->workspaces, link) {
		for (int type = 0; type < BULKHEAD_SELECTION_TYPE_COUNT; type++) {
			store_source(&workspace->selections[type], NULL);
		}
	}
}
