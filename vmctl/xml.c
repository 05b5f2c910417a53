/*
 * Spec to libvirt domain XML (libxml2 tree API). The output depends only on
 * the spec and on struct vmctl_xml_options, so the same input gives the
 * same XML, and the metadata carries a SHA-256 of the rest of the document.
 */
#include <libxml/tree.h>
#include <string.h>
#include <unistd.h>
#include "private.h"

static xmlNodePtr add_node(xmlNodePtr parent, const char *name,
		const char *content) {
	return xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST content);
}

static void set_prop(xmlNodePtr node, const char *name, const char *value) {
	xmlSetProp(node, BAD_CAST name, BAD_CAST value);
}

static xmlNodePtr add_node_prop(xmlNodePtr parent, const char *name,
		const char *prop, const char *value) {
	xmlNodePtr node = add_node(parent, name, NULL);
	set_prop(node, prop, value);
	return node;
}

char *vmctl_spec_dup_domain_name(const struct vmctl_spec *spec) {
	if (spec->domain) {
		return g_strdup(spec->domain);
	}
	return g_strconcat(VMCTL_DOMAIN_PREFIX, spec->name, NULL);
}

static void add_os(xmlNodePtr domain, const struct vmctl_spec *spec) {
	xmlNodePtr os = add_node(domain, "os", NULL);
	xmlNodePtr type = add_node(os, "type", "hvm");
	set_prop(type, "arch", "x86_64");
	set_prop(type, "machine", "q35");
	if (!spec->kernel) {
		add_node_prop(os, "boot", "dev", "hd");
		return;
	}
	add_node(os, "kernel", spec->kernel);
	if (spec->initrd) {
		add_node(os, "initrd", spec->initrd);
	}
	if (spec->cmdline) {
		add_node(os, "cmdline", spec->cmdline);
	}
}

static bool has_virtiofs_share(const struct vmctl_spec *spec,
		const struct vmctl_xml_options *options) {
	if (!options->virtiofs) {
		return false;
	}
	for (guint i = 0; i < spec->shares->len; i++) {
		const struct vmctl_share *share = spec->shares->pdata[i];
		if (!share->read_only) {
			return true;
		}
	}
	return false;
}

static void add_resources(xmlNodePtr domain, const struct vmctl_spec *spec,
		const struct vmctl_xml_options *options) {
	char *text = g_strdup_printf("%" G_GUINT64_FORMAT, spec->memory_mib);
	add_node_prop(domain, "memory", "unit", "MiB")->children =
		xmlNewText(BAD_CAST text);
	g_free(text);

	/* virtiofsd maps guest memory, so it has to be shared memory. */
	if (has_virtiofs_share(spec, options)) {
		xmlNodePtr backing = add_node(domain, "memoryBacking", NULL);
		add_node_prop(backing, "source", "type", "memfd");
		add_node_prop(backing, "access", "mode", "shared");
	}

	text = g_strdup_printf("%d", spec->vcpus);
	add_node(domain, "vcpu", text);
	g_free(text);
}

static void add_platform(xmlNodePtr domain,
		const struct vmctl_xml_options *options) {
	xmlNodePtr features = add_node(domain, "features", NULL);
	add_node(features, "acpi", NULL);
	add_node(features, "apic", NULL);
	if (options->accel == VMCTL_ACCEL_KVM) {
		add_node_prop(domain, "cpu", "mode", "host-passthrough");
	}
	add_node_prop(domain, "clock", "offset", "utc");
	add_node(domain, "on_poweroff", "destroy");
	add_node(domain, "on_reboot", "restart");
	/* A panicked guest stops; its state is reported as crashed. */
	add_node(domain, "on_crash", "destroy");
}

static const char *image_format(const char *path) {
	return g_str_has_suffix(path, ".qcow2") ? "qcow2" : "raw";
}

static void add_disk(xmlNodePtr devices, const char *path,
		const char *format, char letter) {
	xmlNodePtr disk = add_node(devices, "disk", NULL);
	set_prop(disk, "type", "file");
	set_prop(disk, "device", "disk");
	xmlNodePtr driver = add_node_prop(disk, "driver", "name", "qemu");
	set_prop(driver, "type", format);
	add_node_prop(disk, "source", "file", path);
	char dev[] = { 'v', 'd', letter, '\0' };
	xmlNodePtr target = add_node_prop(disk, "target", "dev", dev);
	set_prop(target, "bus", "virtio");
}

static void add_disks(xmlNodePtr devices, const struct vmctl_spec *spec) {
	if (spec->disk) {
		add_disk(devices, spec->disk, image_format(spec->disk), 'a');
	}
	for (guint i = 0; i < spec->volumes->len; i++) {
		const struct vmctl_volume *volume = spec->volumes->pdata[i];
		/* vmctl creates volumes as raw images. */
		add_disk(devices, volume->path, "raw", (char)('b' + i));
	}
}

static void add_share(xmlNodePtr devices, const struct vmctl_share *share,
		const struct vmctl_xml_options *options) {
	xmlNodePtr fs = add_node(devices, "filesystem", NULL);
	set_prop(fs, "type", "mount");
	/*
	 * libvirt 9.0 rejects read-only virtiofs, so read-only shares are 9p;
	 * read-write shares are virtiofs unless the connection cannot run
	 * virtiofsd (qemu:///session in libvirt 9.0).
	 */
	bool virtiofs = !share->read_only && options->virtiofs;
	set_prop(fs, "accessmode", "passthrough");
	if (virtiofs) {
		add_node_prop(fs, "driver", "type", "virtiofs");
	}
	add_node_prop(fs, "source", "dir", share->source);
	add_node_prop(fs, "target", "dir", share->tag);
	if (share->read_only) {
		add_node(fs, "readonly", NULL);
	}
}

static void add_network(xmlNodePtr devices, const struct vmctl_spec *spec) {
	if (spec->network != VMCTL_NETWORK_USER) {
		return;
	}
	xmlNodePtr interface = add_node_prop(devices, "interface", "type",
		"user");
	if (spec->mac) {
		add_node_prop(interface, "mac", "address", spec->mac);
	}
	add_node_prop(interface, "model", "type", "virtio");
}

static void add_serial(xmlNodePtr devices, const struct vmctl_spec *spec) {
	/* A pty for `console`, logged to a file by virtlogd for tests. */
	xmlNodePtr serial = add_node_prop(devices, "serial", "type", "pty");
	char *log_path = vmctl_spec_dup_serial_log_path(spec);
	xmlNodePtr log = add_node_prop(serial, "log", "file", log_path);
	set_prop(log, "append", "off");
	g_free(log_path);
	add_node_prop(serial, "target", "port", "0");

	xmlNodePtr console = add_node_prop(devices, "console", "type", "pty");
	xmlNodePtr target = add_node_prop(console, "target", "type", "serial");
	set_prop(target, "port", "0");
}

static void add_channel(xmlNodePtr devices, const char *type,
		const char *name) {
	xmlNodePtr channel = add_node_prop(devices, "channel", "type", type);
	xmlNodePtr target = add_node_prop(channel, "target", "type", "virtio");
	set_prop(target, "name", name);
}

static void add_display(xmlNodePtr devices, const struct vmctl_spec *spec) {
	/*
	 * No listener at all: clients get a connected socket only through
	 * virDomainOpenGraphicsFD, so no TCP port is ever opened.
	 */
	xmlNodePtr graphics = add_node_prop(devices, "graphics", "type",
		"spice");
	add_node_prop(graphics, "listen", "type", "none");
	add_node_prop(graphics, "image", "compression", "off");

	/* The primary virtio video device is virtio-vga, with VGA text mode. */
	xmlNodePtr video = add_node(devices, "video", NULL);
	xmlNodePtr model = add_node_prop(video, "model", "type", "virtio");
	char *heads = g_strdup_printf("%d", spec->heads);
	set_prop(model, "heads", heads);
	set_prop(model, "primary", "yes");
	g_free(heads);

	xmlNodePtr input = add_node_prop(devices, "input", "type", "tablet");
	set_prop(input, "bus", "virtio");
}

static void add_sound(xmlNodePtr devices, const struct vmctl_spec *spec) {
	if (spec->sound != VMCTL_SOUND_SPICE) {
		return;
	}
	xmlNodePtr sound = add_node_prop(devices, "sound", "model", "ich9");
	add_node_prop(sound, "audio", "id", "1");
	xmlNodePtr audio = add_node_prop(devices, "audio", "id", "1");
	set_prop(audio, "type", "spice");
}

static void add_misc(xmlNodePtr devices,
		const struct vmctl_xml_options *options) {
	xmlNodePtr rng = add_node_prop(devices, "rng", "model", "virtio");
	xmlNodePtr backend = add_node(rng, "backend", "/dev/urandom");
	set_prop(backend, "model", "random");
	add_node_prop(devices, "memballoon", "model", "none");
	add_node_prop(devices, "panic", "model", "isa");
	if (options->vsock) {
		xmlNodePtr vsock = add_node_prop(devices, "vsock", "model",
			"virtio");
		add_node_prop(vsock, "cid", "auto", "yes");
	}
}

static void add_devices(xmlNodePtr domain, const struct vmctl_spec *spec,
		const struct vmctl_xml_options *options) {
	xmlNodePtr devices = add_node(domain, "devices", NULL);
	add_disks(devices, spec);
	for (guint i = 0; i < spec->shares->len; i++) {
		add_share(devices, spec->shares->pdata[i], options);
	}
	add_network(devices, spec);
	add_serial(devices, spec);
	add_channel(devices, "spicevmc", "com.redhat.spice.0");
	add_channel(devices, "unix", "org.qemu.guest_agent.0");
	add_display(devices, spec);
	add_sound(devices, spec);
	add_misc(devices, options);
}

static char *dump_doc(xmlDocPtr doc) {
	xmlBufferPtr buffer = xmlBufferCreate();
	xmlNodeDump(buffer, doc, xmlDocGetRootElement(doc), 0, 1);
	char *text = g_strdup((const char *)xmlBufferContent(buffer));
	xmlBufferFree(buffer);
	return text;
}

static void add_metadata(xmlNodePtr name, const struct vmctl_spec *spec,
		const char *hash) {
	xmlNodePtr metadata = xmlNewNode(NULL, BAD_CAST "metadata");
	xmlAddNextSibling(name, metadata);
	xmlNodePtr vm = add_node(metadata, "vm", NULL);
	xmlNsPtr ns = xmlNewNs(vm, BAD_CAST VMCTL_METADATA_URI,
		BAD_CAST VMCTL_METADATA_PREFIX);
	xmlSetNs(vm, ns);
	xmlNewTextChild(vm, ns, BAD_CAST "name", BAD_CAST spec->name);
	xmlNewTextChild(vm, ns, BAD_CAST "spec-hash", BAD_CAST hash);
}

char *vmctl_spec_to_xml_full(const struct vmctl_spec *spec,
		const struct vmctl_xml_options *options, char **hash,
		GError **error) {
	if (spec->domain) {
		g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_STATE,
			"[vm:%s] uses the existing domain %s, which bulkhead "
			"does not generate; see `virsh dumpxml %s`",
			spec->name, spec->domain, spec->domain);
		return NULL;
	}

	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr domain = xmlNewNode(NULL, BAD_CAST "domain");
	xmlDocSetRootElement(doc, domain);
	set_prop(domain, "type",
		options->accel == VMCTL_ACCEL_KVM ? "kvm" : "qemu");
	char *domain_name = vmctl_spec_dup_domain_name(spec);
	xmlNodePtr name = add_node(domain, "name", domain_name);
	g_free(domain_name);
	add_resources(domain, spec, options);
	add_os(domain, spec);
	add_platform(domain, options);
	add_devices(domain, spec, options);

	char *body = dump_doc(doc);
	char *digest = g_compute_checksum_for_string(G_CHECKSUM_SHA256, body,
		-1);
	g_free(body);
	add_metadata(name, spec, digest);
	char *xml = dump_doc(doc);
	xmlFreeDoc(doc);

	if (hash) {
		*hash = digest;
	} else {
		g_free(digest);
	}
	return xml;
}

void vmctl_xml_options_init(struct vmctl_xml_options *options,
		const struct vmctl_spec *spec, bool system_uri) {
	options->accel = spec->accel;
	if (options->accel == VMCTL_ACCEL_AUTO) {
		options->accel = vmctl_accel_resolve_cached();
	}
	options->virtiofs = system_uri &&
		access("/usr/lib/qemu/virtiofsd", X_OK) == 0;
	options->vsock = access("/dev/vhost-vsock", F_OK) == 0;
}

char *vmctl_spec_to_xml_for_uri(const struct vmctl_spec *spec,
		const char *uri, GError **error) {
	struct vmctl_xml_options options;
	vmctl_xml_options_init(&options, spec,
		g_str_has_suffix(uri, ":///system"));
	return vmctl_spec_to_xml_full(spec, &options, NULL, error);
}

char *vmctl_spec_to_xml(const struct vmctl_spec *spec, GError **error) {
	return vmctl_spec_to_xml_for_uri(spec, vmctl_default_uri(), error);
}
