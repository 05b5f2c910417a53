/*
 * Internals shared by the files of vmctl/ and by its tests. Nothing here is
 * part of the public interface in include/vmctl/.
 */
#ifndef VMCTL_PRIVATE_H
#define VMCTL_PRIVATE_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include "vmctl/vmctl.h"

/* XML namespace of the metadata element that marks vmctl's domains. */
#define VMCTL_METADATA_URI "urn:x-bulkhead:vmctl:1"
#define VMCTL_METADATA_PREFIX "bulkhead"
#define VMCTL_DOMAIN_PREFIX "bulkhead-"

enum vmctl_accel {
	VMCTL_ACCEL_AUTO,
	VMCTL_ACCEL_KVM,
	VMCTL_ACCEL_TCG,
};

enum vmctl_network {
	VMCTL_NETWORK_NONE,
	VMCTL_NETWORK_USER,
};

enum vmctl_sound {
	VMCTL_SOUND_NONE,
	VMCTL_SOUND_SPICE,
};

struct vmctl_share {
	char *source;		/* absolute host directory */
	char *tag;		/* mount tag seen by the guest */
	bool read_only;
};

struct vmctl_volume {
	char *path;		/* absolute image path */
	guint64 size_mib;
	char *fs_type;		/* "ext4", ..., or "none" for no file system */
};

struct vmctl_spec {
	char *name;
	char *file_name;	/* config file, for messages; "built-in default" */
	char *state_dir;	/* absolute; relative paths are resolved here */
	char *domain;		/* existing domain to use as it is, or NULL */
	guint64 memory_mib;
	int vcpus;
	char *kernel;
	char *initrd;
	char *cmdline;
	char *disk;
	GPtrArray *shares;	/* struct vmctl_share * */
	GPtrArray *volumes;	/* struct vmctl_volume * */
	enum vmctl_network network;
	char *mac;
	enum vmctl_sound sound;
	int heads;
	enum vmctl_accel accel;
	bool autostart;
	int shutdown_timeout;	/* seconds */
};

/* Choices that depend on the host and connection, not only on the spec. */
struct vmctl_xml_options {
	enum vmctl_accel accel;	/* KVM or TCG, never AUTO */
	bool virtiofs;		/* read-write shares may use virtiofs */
	bool vsock;		/* /dev/vhost-vsock exists */
};

/* paths.c */
char *vmctl_state_dir_for(const char *name);
char *vmctl_resolve_path(const char *state_dir, const char *path);
char *vmctl_cache_dir(void);
bool vmctl_ensure_dir(const char *path, GError **error);

/* xml.c */
void vmctl_xml_options_init(struct vmctl_xml_options *options,
		const struct vmctl_spec *spec, bool system_uri);
char *vmctl_spec_to_xml_full(const struct vmctl_spec *spec,
		const struct vmctl_xml_options *options, char **hash,
		GError **error);

/* vm.c: logs error with g_warning unless vmctl_set_log_failures(false). */
void vmctl_log_failure(const GError *error);

/* state.c */
enum vmctl_state vmctl_state_from_libvirt(int state, int reason);
/* Returns the state after a lifecycle event, or current if it changes none. */
enum vmctl_state vmctl_state_from_event(int event, int detail,
		enum vmctl_state current);

/* domain.c: blocking calls, run on worker threads. */
enum vmctl_define_result {
	VMCTL_DEFINE_CREATED,	/* no domain had that name */
	VMCTL_DEFINE_UPDATED,	/* an owned domain had another hash */
	VMCTL_DEFINE_UNCHANGED,	/* an owned domain had the same hash */
};

char *vmctl_domain_dup_hash(virDomainPtr domain);
bool vmctl_domain_define(virConnectPtr conn, const char *name,
		const char *xml, const char *hash,
		enum vmctl_define_result *result, GError **error);
void vmctl_set_libvirt_error(GError **error, const char *what);
/* Sets "WHAT DOMAIN-NAME: libvirt's message". */
void vmctl_set_domain_error(GError **error, virDomainPtr domain,
		const char *what);

/* volume.c: creates and formats missing images, never touches others. */
bool vmctl_volumes_prepare(const struct vmctl_spec *spec, GError **error);

/* accel.c */
enum vmctl_accel vmctl_accel_resolve_cached(void);
enum vmctl_accel vmctl_accel_resolve(virConnectPtr conn,
		const struct vmctl_spec *spec);

/* conn.c */
virConnectPtr vmctl_conn_ref_virt(struct vmctl_conn *conn);
bool vmctl_conn_is_system(const struct vmctl_conn *conn);
/* Calls func once the first open attempt has finished, or now. */
void vmctl_conn_when_ready(struct vmctl_conn *conn, void (*func)(void *data),
		void *data);
void vmctl_conn_add_vm(struct vmctl_conn *conn, struct vmctl_vm *vm);
void vmctl_conn_remove_vm(struct vmctl_conn *conn, struct vmctl_vm *vm);

/* vm.c: called by conn.c on the main context. */
void vmctl_vm_handle_lifecycle(struct vmctl_vm *vm, int event, int detail);
void vmctl_vm_handle_connected(struct vmctl_vm *vm);
void vmctl_vm_handle_disconnected(struct vmctl_vm *vm);

#endif
