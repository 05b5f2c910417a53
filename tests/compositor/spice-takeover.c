/*
 * Connects a second SPICE client to a running libvirt domain and leaves
 * again, which disconnects the client that was connected before: a SPICE
 * server serves one client at a time, and a new main channel ends the old
 * connection.
 *
 * Usage: spice-takeover URI DOMAIN [TIMEOUT_S]
 *
 * It opens the main channel over virDomainOpenGraphicsFD (no listening
 * socket needed), prints "connected" once the server accepted it, and
 * exits 0 right away. Exits 1 on a failure or when TIMEOUT_S (default 30)
 * passes.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <spice-client.h>
#include <stdio.h>
#include <stdlib.h>

struct takeover {
	virDomainPtr domain;
	GMainLoop *loop;
	int status;
};

static void finish(struct takeover *takeover, int status) {
	takeover->status = status;
	g_main_loop_quit(takeover->loop);
}

static void handle_open_fd(SpiceChannel *channel, gint with_tls,
		gpointer user_data) {
	struct takeover *takeover = user_data;
	int fd = virDomainOpenGraphicsFD(takeover->domain, 0, 0);
	if (fd < 0) {
		fprintf(stderr, "spice-takeover: virDomainOpenGraphicsFD failed: "
			"%s\n", virGetLastErrorMessage());
		finish(takeover, 1);
		return;
	}
	if (!spice_channel_open_fd(channel, fd)) {
		fprintf(stderr, "spice-takeover: spice_channel_open_fd failed\n");
		finish(takeover, 1);
	}
}

static void handle_channel_event(SpiceChannel *channel,
		SpiceChannelEvent event, gpointer user_data) {
	struct takeover *takeover = user_data;
	if (event == SPICE_CHANNEL_OPENED) {
		printf("connected\n");
		finish(takeover, 0);
		return;
	}
	if (event == SPICE_CHANNEL_SWITCHING) {
		return;
	}
	const GError *error = spice_channel_get_error(channel);
	fprintf(stderr, "spice-takeover: SPICE channel event %d: %s\n", event,
		error != NULL ? error->message : "no error message");
	finish(takeover, 1);
}

static void handle_channel_new(SpiceSession *session, SpiceChannel *channel,
		gpointer user_data) {
	if (!SPICE_IS_MAIN_CHANNEL(channel)) {
		return;
	}
	g_signal_connect(channel, "open-fd", G_CALLBACK(handle_open_fd),
		user_data);
	g_signal_connect(channel, "channel-event",
		G_CALLBACK(handle_channel_event), user_data);
}

static gboolean handle_timeout(gpointer user_data) {
	fprintf(stderr, "spice-takeover: timed out waiting for the SPICE "
		"server to accept the main channel\n");
	finish(user_data, 1);
	return G_SOURCE_REMOVE;
}

int main(int argc, char *argv[]) {
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: %s URI DOMAIN [TIMEOUT_S]\n", argv[0]);
		return 2;
	}
	int timeout_s = argc == 4 ? atoi(argv[3]) : 30;
	if (timeout_s <= 0) {
		fprintf(stderr, "spice-takeover: invalid timeout '%s': expected "
			"seconds, more than 0\n", argv[3]);
		return 2;
	}

	virConnectPtr conn = virConnectOpen(argv[1]);
	if (conn == NULL) {
		fprintf(stderr, "spice-takeover: cannot connect to %s: %s\n",
			argv[1], virGetLastErrorMessage());
		return 1;
	}
	struct takeover takeover = {
		.domain = virDomainLookupByName(conn, argv[2]),
		.loop = g_main_loop_new(NULL, FALSE),
		.status = 1,
	};
	if (takeover.domain == NULL) {
		fprintf(stderr, "spice-takeover: no domain %s: %s\n", argv[2],
			virGetLastErrorMessage());
		virConnectClose(conn);
		return 1;
	}

	SpiceSession *session = spice_session_new();
	g_signal_connect(session, "channel-new",
		G_CALLBACK(handle_channel_new), &takeover);
	g_timeout_add_seconds((guint)timeout_s, handle_timeout, &takeover);
	if (!spice_session_open_fd(session, -1)) {
		fprintf(stderr, "spice-takeover: spice_session_open_fd failed\n");
	} else {
		g_main_loop_run(takeover.loop);
	}

	spice_session_disconnect(session);
	g_object_unref(session);
	g_main_loop_unref(takeover.loop);
	virDomainFree(takeover.domain);
	virConnectClose(conn);
	return takeover.status;
}
