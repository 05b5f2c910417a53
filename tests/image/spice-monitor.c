/*
 * Sends a SPICE monitor config to a running libvirt domain and waits until
 * the guest's display channel 0 shows a primary surface of that size.
 *
 * Usage: spice-monitor URI DOMAIN WIDTHxHEIGHT [TIMEOUT_S]
 *
 * It connects over virDomainOpenGraphicsFD, so the domain needs a SPICE
 * graphics element but no listening socket. The monitor config goes through
 * the main channel, which needs spice-vdagent running in the guest, so the
 * program first waits for the agent to connect. It prints one line per
 * step, and on success:
 *   resized: WIDTHxHEIGHT after N ms
 * where N counts from sending the config to the new primary surface. Exits
 * 0 on success, 1 on a failure or when TIMEOUT_S (default 60) passes.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <spice-client.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct monitor_test {
	virDomainPtr domain;
	SpiceSession *session;
	SpiceMainChannel *main_channel;
	GMainLoop *loop;
	int width, height;
	gint64 sent_us;		/* 0 until the config is sent */
	int primary_width, primary_height;
	bool have_primary;
	int status;
};

static void finish(struct monitor_test *test, int status) {
	test->status = status;
	g_main_loop_quit(test->loop);
}

static void send_monitor_config(struct monitor_test *test) {
	if (test->sent_us != 0 || !test->have_primary) {
		return;
	}
	gboolean agent_connected = FALSE;
	g_object_get(test->main_channel, "agent-connected", &agent_connected,
		NULL);
	if (!agent_connected) {
		return;
	}
	if (test->primary_width == test->width &&
			test->primary_height == test->height) {
		fprintf(stderr, "spice-monitor: the guest already shows %dx%d; "
			"pick another size\n", test->width, test->height);
		finish(test, 1);
		return;
	}
	spice_main_channel_update_display_enabled(test->main_channel, 0, TRUE,
		FALSE);
	spice_main_channel_update_display(test->main_channel, 0, 0, 0,
		test->width, test->height, FALSE);
	if (!spice_main_channel_send_monitor_config(test->main_channel)) {
		fprintf(stderr, "spice-monitor: sending the monitor config "
			"failed\n");
		finish(test, 1);
		return;
	}
	test->sent_us = g_get_monotonic_time();
	printf("sent: monitor config %dx%d (the guest shows %dx%d)\n",
		test->width, test->height, test->primary_width,
		test->primary_height);
	fflush(stdout);
}

static void handle_open_fd(SpiceChannel *channel, gint with_tls,
		gpointer user_data) {
	struct monitor_test *test = user_data;
	int fd = virDomainOpenGraphicsFD(test->domain, 0, 0);
	if (fd < 0) {
		fprintf(stderr, "spice-monitor: virDomainOpenGraphicsFD failed: "
			"%s\n", virGetLastErrorMessage());
		finish(test, 1);
		return;
	}
	if (!spice_channel_open_fd(channel, fd)) {
		fprintf(stderr, "spice-monitor: spice_channel_open_fd failed\n");
		finish(test, 1);
	}
}

static void handle_channel_event(SpiceChannel *channel,
		SpiceChannelEvent event, gpointer user_data) {
	struct monitor_test *test = user_data;
	if (event == SPICE_CHANNEL_OPENED || event == SPICE_CHANNEL_SWITCHING) {
		return;
	}
	const GError *error = spice_channel_get_error(channel);
	fprintf(stderr, "spice-monitor: SPICE channel event %d: %s\n", event,
		error ? error->message : "no error message");
	if (event != SPICE_CHANNEL_CLOSED) {
		finish(test, 1);
	}
}

static void handle_agent_connected(GObject *object, GParamSpec *pspec,
		gpointer user_data) {
	struct monitor_test *test = user_data;
	gboolean agent_connected = FALSE;
	g_object_get(object, "agent-connected", &agent_connected, NULL);
	printf("agent: %s\n", agent_connected ? "connected" : "disconnected");
	fflush(stdout);
	send_monitor_config(test);
}

static void handle_primary_create(SpiceChannel *channel, gint format,
		gint width, gint height, gint stride, gint shmid,
		gpointer imgdata, gpointer user_data) {
	struct monitor_test *test = user_data;
	test->have_primary = true;
	test->primary_width = width;
	test->primary_height = height;
	printf("primary: %dx%d\n", width, height);
	fflush(stdout);
	if (test->sent_us != 0 && width == test->width &&
			height == test->height) {
		gint64 elapsed_ms = (g_get_monotonic_time() - test->sent_us) /
			1000;
		printf("resized: %dx%d after %" G_GINT64_FORMAT " ms\n",
			width, height, elapsed_ms);
		finish(test, 0);
		return;
	}
	send_monitor_config(test);
}

static void handle_channel_new(SpiceSession *session, SpiceChannel *channel,
		gpointer user_data) {
	struct monitor_test *test = user_data;
	int id = 0;
	g_object_get(channel, "channel-id", &id, NULL);
	g_signal_connect(channel, "open-fd", G_CALLBACK(handle_open_fd), test);
	g_signal_connect(channel, "channel-event",
		G_CALLBACK(handle_channel_event), test);
	if (SPICE_IS_MAIN_CHANNEL(channel)) {
		/* spice_session_open_fd connects the main channel itself. */
		test->main_channel = SPICE_MAIN_CHANNEL(channel);
		g_signal_connect(channel, "notify::agent-connected",
			G_CALLBACK(handle_agent_connected), test);
	} else if (SPICE_IS_DISPLAY_CHANNEL(channel) && id == 0) {
		g_signal_connect(channel, "display-primary-create",
			G_CALLBACK(handle_primary_create), test);
		spice_channel_connect(channel);
	}
}

static gboolean handle_timeout(gpointer user_data) {
	struct monitor_test *test = user_data;
	if (test->sent_us == 0) {
		fprintf(stderr, "spice-monitor: timed out before the config "
			"was sent: %s\n", test->have_primary ?
			"spice-vdagent in the guest never connected" :
			"no primary surface arrived on display channel 0");
	} else {
		fprintf(stderr, "spice-monitor: timed out waiting for a %dx%d "
			"primary surface; the guest still shows %dx%d\n",
			test->width, test->height, test->primary_width,
			test->primary_height);
	}
	finish(test, 1);
	return G_SOURCE_REMOVE;
}

static bool parse_size(const char *text, int *width, int *height) {
	char *end = NULL;
	long w = strtol(text, &end, 10);
	if (end == text || *end != 'x') {
		return false;
	}
	const char *height_text = end + 1;
	long h = strtol(height_text, &end, 10);
	if (end == height_text || *end != '\0') {
		return false;
	}
	if (w < 320 || w > 8192 || h < 200 || h > 8192) {
		return false;
	}
	*width = (int)w;
	*height = (int)h;
	return true;
}

int main(int argc, char *argv[]) {
	if (argc < 4 || argc > 5) {
		fprintf(stderr, "Usage: spice-monitor URI DOMAIN WIDTHxHEIGHT "
			"[TIMEOUT_S]\n");
		return 1;
	}
	struct monitor_test test = { .status = 1 };
	if (!parse_size(argv[3], &test.width, &test.height)) {
		fprintf(stderr, "spice-monitor: invalid size %s; expected "
			"WIDTHxHEIGHT from 320x200 to 8192x8192\n", argv[3]);
		return 1;
	}
	int timeout_s = argc == 5 ? atoi(argv[4]) : 60;
	if (timeout_s <= 0) {
		fprintf(stderr, "spice-monitor: invalid timeout %s; expected "
			"seconds above 0\n", argv[4]);
		return 1;
	}

	virConnectPtr conn = virConnectOpen(argv[1]);
	if (!conn) {
		fprintf(stderr, "spice-monitor: connecting to %s failed: %s\n",
			argv[1], virGetLastErrorMessage());
		return 1;
	}
	test.domain = virDomainLookupByName(conn, argv[2]);
	if (!test.domain) {
		fprintf(stderr, "spice-monitor: domain %s not found: %s\n",
			argv[2], virGetLastErrorMessage());
		virConnectClose(conn);
		return 1;
	}

	int fd = virDomainOpenGraphicsFD(test.domain, 0, 0);
	if (fd < 0) {
		fprintf(stderr, "spice-monitor: virDomainOpenGraphicsFD failed "
			"for %s: %s\n", argv[2], virGetLastErrorMessage());
	} else {
		test.loop = g_main_loop_new(NULL, FALSE);
		test.session = spice_session_new();
		g_signal_connect(test.session, "channel-new",
			G_CALLBACK(handle_channel_new), &test);
		if (!spice_session_open_fd(test.session, fd)) {
			fprintf(stderr, "spice-monitor: spice_session_open_fd "
				"failed\n");
		} else {
			g_timeout_add_seconds(timeout_s, handle_timeout, &test);
			g_main_loop_run(test.loop);
		}
		spice_session_disconnect(test.session);
		g_object_unref(test.session);
		g_main_loop_unref(test.loop);
	}
	virDomainFree(test.domain);
	virConnectClose(conn);
	return test.status;
}
