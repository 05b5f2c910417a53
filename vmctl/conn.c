/*
 * The libvirt connection: opened on a worker thread, watched through
 * libvirt's close callback and keepalive, and reopened with exponential
 * backoff when it is lost. Lifecycle events of all domains arrive here on
 * the default main context and go to the VM whose domain they name.
 */
#include <signal.h>
#include <string.h>
#include "private.h"

#define BACKOFF_MIN_MS 250
#define BACKOFF_MAX_MS 8000
#define KEEPALIVE_INTERVAL_S 5
#define KEEPALIVE_COUNT 3

struct ready_waiter {
	void (*func)(void *data);
	void *data;
};

struct vmctl_conn {
	int refs;
	bool freed;
	char *uri;
	virConnectPtr virt;	/* NULL while not connected */
	int lifecycle_id;
	bool opening;
	bool opened_once;	/* an open attempt has finished */
	guint retry_id;
	guint backoff_ms;
	char *last_error;
	GList *vms;		/* struct vmctl_vm * */
	GQueue waiters;		/* struct ready_waiter *, until opened_once */
};

static void connect_start(struct vmctl_conn *conn);

static void silence_libvirt(void *data, virErrorPtr error) {
	/* Errors are reported through GError; keep stderr clean. */
}

/* A caught SIGPIPE only makes the write that raised it fail with EPIPE. */
static void handle_sigpipe(int signal_number) {
}

/*
 * A write on libvirt's socket after libvirtd went away raises SIGPIPE,
 * which kills by default (the libvirtd restart test saw it). A handler
 * keeps the process alive; unlike SIG_IGN, exec() resets it, so programs
 * that bulkhead launches start with the default. A disposition the
 * program chose itself stays.
 */
static void survive_sigpipe(void) {
	struct sigaction old;
	if (sigaction(SIGPIPE, NULL, &old) != 0 || old.sa_handler != SIG_DFL) {
		return;
	}
	struct sigaction action = {.sa_handler = handle_sigpipe,
		.sa_flags = SA_RESTART};
	sigemptyset(&action.sa_mask);
	sigaction(SIGPIPE, &action, NULL);
}

void vmctl_init(void) {
	static gsize initialized = 0;
	if (g_once_init_enter(&initialized)) {
		survive_sigpipe();
		virInitialize();
		virSetErrorFunc(NULL, silence_libvirt);
		if (virEventRegisterDefaultImpl() < 0) {
			g_warning("Could not register libvirt's event loop: "
				"%s", virGetLastErrorMessage());
		}
		g_once_init_leave(&initialized, 1);
	}
}

static void conn_unref(struct vmctl_conn *conn) {
	if (--conn->refs > 0) {
		return;
	}
	g_free(conn->uri);
	g_free(conn->last_error);
	g_free(conn);
}

static void run_waiters(struct vmctl_conn *conn) {
	struct ready_waiter *waiter;
	while ((waiter = g_queue_pop_head(&conn->waiters))) {
		waiter->func(waiter->data);
		g_free(waiter);
	}
}

static int handle_lifecycle(virConnectPtr virt, virDomainPtr domain,
		int event, int detail, void *data) {
	struct vmctl_conn *conn = data;
	const char *name = virDomainGetName(domain);
	for (GList *link = conn->vms; link; link = link->next) {
		struct vmctl_vm *vm = link->data;
		if (strcmp(vmctl_vm_get_domain_name(vm), name) == 0) {
			vmctl_vm_handle_lifecycle(vm, event, detail);
		}
	}
	return 0;
}

static void drop_virt(struct vmctl_conn *conn) {
	virConnectPtr virt = conn->virt;
	conn->virt = NULL;
	if (conn->lifecycle_id >= 0) {
		virConnectDomainEventDeregisterAny(virt, conn->lifecycle_id);
		conn->lifecycle_id = -1;
	}
	virConnectClose(virt);
}

static gboolean handle_retry(void *data) {
	struct vmctl_conn *conn = data;
	conn->retry_id = 0;
	connect_start(conn);
	return G_SOURCE_REMOVE;
}

static void schedule_retry(struct vmctl_conn *conn) {
	if (conn->freed || conn->retry_id) {
		return;
	}
	g_message("reconnecting to %s in %u ms", conn->uri,
		conn->backoff_ms);
	conn->retry_id = g_timeout_add(conn->backoff_ms, handle_retry, conn);
	conn->backoff_ms = MIN(conn->backoff_ms * 2, BACKOFF_MAX_MS);
}

static gboolean handle_lost(void *data) {
	struct vmctl_conn *conn = data;
	if (!conn->freed && conn->virt) {
		g_warning("lost the connection to %s", conn->uri);
		drop_virt(conn);
		for (GList *link = conn->vms; link; link = link->next) {
			vmctl_vm_handle_disconnected(link->data);
		}
		schedule_retry(conn);
	}
	conn_unref(conn);
	return G_SOURCE_REMOVE;
}

static void handle_close(virConnectPtr virt, int reason, void *data) {
	struct vmctl_conn *conn = data;
	/* The connection must not be closed inside its own close callback. */
	conn->refs++;
	g_idle_add(handle_lost, conn);
}

static void handle_close_free(void *data) {
	conn_unref(data);
}

static void attach_virt(struct vmctl_conn *conn, virConnectPtr virt) {
	conn->virt = virt;
	conn->backoff_ms = BACKOFF_MIN_MS;
	g_clear_pointer(&conn->last_error, g_free);
	virConnectSetKeepAlive(virt, KEEPALIVE_INTERVAL_S, KEEPALIVE_COUNT);
	conn->refs++;
	if (virConnectRegisterCloseCallback(virt, handle_close, conn,
			handle_close_free) < 0) {
		conn->refs--;
	}
	conn->lifecycle_id = virConnectDomainEventRegisterAny(virt, NULL,
		VIR_DOMAIN_EVENT_ID_LIFECYCLE,
		VIR_DOMAIN_EVENT_CALLBACK(handle_lifecycle), conn, NULL);
	if (conn->lifecycle_id < 0) {
		g_warning("could not register for lifecycle events on "
			"%s: %s", conn->uri, virGetLastErrorMessage());
	}
	g_debug("connected to %s", conn->uri);
	for (GList *link = conn->vms; link; link = link->next) {
		vmctl_vm_handle_connected(link->data);
	}
}

static void open_thread(GTask *task, void *source, void *data,
		GCancellable *cancellable) {
	const char *uri = data;
	virConnectPtr virt = virConnectOpen(uri);
	if (!virt) {
		char *what = g_strdup_printf("Could not connect to %s", uri);
		GError *error = NULL;
		vmctl_set_libvirt_error(&error, what);
		g_free(what);
		error->code = VMCTL_ERROR_UNAVAILABLE;
		g_task_return_error(task, error);
		return;
	}
	g_task_return_pointer(task, virt, NULL);
}

static void handle_opened(GObject *source, GAsyncResult *result, void *data) {
	struct vmctl_conn *conn = data;
	GError *error = NULL;
	virConnectPtr virt = g_task_propagate_pointer(G_TASK(result), &error);
	conn->opening = false;
	conn->opened_once = true;
	if (conn->freed) {
		if (virt) {
			virConnectClose(virt);
		}
		g_clear_error(&error);
		conn_unref(conn);
		return;
	}

	if (virt) {
		attach_virt(conn, virt);
	} else {
		g_free(conn->last_error);
		conn->last_error = g_strdup(error->message);
		g_warning("%s", error->message);
		g_error_free(error);
		schedule_retry(conn);
	}
	run_waiters(conn);
	conn_unref(conn);
}

static void connect_start(struct vmctl_conn *conn) {
	if (conn->opening || conn->virt) {
		return;
	}
	conn->opening = true;
	conn->refs++;
	GTask *task = g_task_new(NULL, NULL, handle_opened, conn);
	g_task_set_task_data(task, g_strdup(conn->uri), g_free);
	g_task_run_in_thread(task, open_thread);
	g_object_unref(task);
}

struct vmctl_conn *vmctl_conn_new(const char *uri) {
	vmctl_init();
	struct vmctl_conn *conn = g_new0(struct vmctl_conn, 1);
	conn->refs = 1;
	conn->uri = g_strdup(uri ? uri : vmctl_default_uri());
	conn->lifecycle_id = -1;
	conn->backoff_ms = BACKOFF_MIN_MS;
	g_queue_init(&conn->waiters);
	connect_start(conn);
	return conn;
}

void vmctl_conn_free(struct vmctl_conn *conn) {
	if (!conn) {
		return;
	}
	conn->freed = true;
	if (conn->retry_id) {
		g_source_remove(conn->retry_id);
		conn->retry_id = 0;
	}
	if (conn->virt) {
		virConnectUnregisterCloseCallback(conn->virt, handle_close);
		drop_virt(conn);
	}
	run_waiters(conn);
	g_list_free(conn->vms);
	conn->vms = NULL;
	conn_unref(conn);
}

const char *vmctl_conn_get_uri(const struct vmctl_conn *conn) {
	return conn->uri;
}

bool vmctl_conn_is_connected(const struct vmctl_conn *conn) {
	return conn->virt != NULL;
}

const char *vmctl_conn_get_last_error(const struct vmctl_conn *conn) {
	return conn->last_error;
}

bool vmctl_conn_is_system(const struct vmctl_conn *conn) {
	return g_str_has_suffix(conn->uri, ":///system");
}

virConnectPtr vmctl_conn_ref_virt(struct vmctl_conn *conn) {
	if (!conn->virt) {
		return NULL;
	}
	virConnectRef(conn->virt);
	return conn->virt;
}

void vmctl_conn_when_ready(struct vmctl_conn *conn, void (*func)(void *data),
		void *data) {
	if (conn->opened_once || conn->freed) {
		func(data);
		return;
	}
	struct ready_waiter *waiter = g_new0(struct ready_waiter, 1);
	waiter->func = func;
	waiter->data = data;
	g_queue_push_tail(&conn->waiters, waiter);
}

void vmctl_conn_add_vm(struct vmctl_conn *conn, struct vmctl_vm *vm) {
	conn->vms = g_list_append(conn->vms, vm);
	if (conn->virt) {
		vmctl_vm_handle_connected(vm);
	}
}

void vmctl_conn_remove_vm(struct vmctl_conn *conn, struct vmctl_vm *vm) {
	conn->vms = g_list_remove(conn->vms, vm);
}
