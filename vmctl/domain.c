/*
 * Ownership of domains: vmctl marks the domains it defines with its
 * metadata element, which carries the spec hash, and defines a domain only
 * when no domain has its name or when an owned domain has another hash.
 * These calls block; vmctl runs them on worker threads.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include "private.h"

/*
 * libvirt's last error, or a note that there is none: virGetLastErrorMessage
 * returns "no error" then, e.g. for a domain that is going down.
 */
static const char *last_error_message(void) {
	if (!virGetLastError()) {
		return "libvirt gave no reason (the domain may be shutting down)";
	}
	return virGetLastErrorMessage();
}

void vmctl_set_libvirt_error(GError **error, const char *what) {
	g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_LIBVIRT, "%s: %s", what,
		last_error_message());
}

void vmctl_set_domain_error(GError **error, virDomainPtr domain,
		const char *what) {
	/* Copy the message first: every libvirt call resets the last error. */
	char *message = g_strdup(last_error_message());
	const char *name = virDomainGetName(domain);
	g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_LIBVIRT, "%s %s: %s",
		what, name ? name : "(unknown)", message);
	g_free(message);
}

static char *dup_metadata(virDomainPtr domain) {
	char *metadata = virDomainGetMetadata(domain,
		VIR_DOMAIN_METADATA_ELEMENT, VMCTL_METADATA_URI,
		VIR_DOMAIN_AFFECT_CONFIG);
	if (!metadata) {
		/* Transient domains have no persistent config. */
		metadata = virDomainGetMetadata(domain,
			VIR_DOMAIN_METADATA_ELEMENT, VMCTL_METADATA_URI,
			VIR_DOMAIN_AFFECT_CURRENT);
	}
	return metadata;
}

static char *find_hash(xmlNodePtr node) {
	for (xmlNodePtr child = node->children; child; child = child->next) {
		if (child->type == XML_ELEMENT_NODE &&
				xmlStrcmp(child->name, BAD_CAST "spec-hash") == 0) {
			xmlChar *content = xmlNodeGetContent(child);
			char *hash = g_strdup((const char *)content);
			xmlFree(content);
			return hash;
		}
	}
	return NULL;
}

char *vmctl_domain_dup_hash(virDomainPtr domain) {
	char *metadata = dup_metadata(domain);
	if (!metadata) {
		return NULL;
	}
	xmlDocPtr doc = xmlReadMemory(metadata, (int)strlen(metadata),
		"metadata.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
		XML_PARSE_NOWARNING);
	free(metadata);
	if (!doc) {
		return g_strdup("");
	}
	char *hash = find_hash(xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	/* Marked but without a hash: owned, and always redefined. */
	return hash ? hash : g_strdup("");
}

static bool define(virConnectPtr conn, const char *name, const char *xml,
		GError **error) {
	virDomainPtr domain = virDomainDefineXML(conn, xml);
	if (!domain) {
		char *what = g_strdup_printf("Could not define the domain %s",
			name);
		vmctl_set_libvirt_error(error, what);
		g_free(what);
		return false;
	}
	virDomainFree(domain);
	return true;
}

/*
 * libvirt redefines a domain only with its UUID, and the generated XML has
 * none, so the UUID of the existing domain goes in after <name>.
 */
static char *dup_xml_with_uuid(const char *xml, virDomainPtr domain) {
	char uuid[VIR_UUID_STRING_BUFLEN];
	const char *name_end = strstr(xml, "</name>");
	if (!name_end || virDomainGetUUIDString(domain, uuid) < 0) {
		return g_strdup(xml);
	}
	name_end += strlen("</name>");
	return g_strdup_printf("%.*s\n  <uuid>%s</uuid>%s",
		(int)(name_end - xml), xml, uuid, name_end);
}

bool vmctl_domain_define(virConnectPtr conn, const char *name,
		const char *xml, const char *hash,
		enum vmctl_define_result *result, GError **error) {
	virDomainPtr domain = virDomainLookupByName(conn, name);
	if (!domain) {
		if (virGetLastErrorCode() != VIR_ERR_NO_DOMAIN) {
			char *what = g_strdup_printf(
				"Could not look up the domain %s", name);
			vmctl_set_libvirt_error(error, what);
			g_free(what);
			return false;
		}
		*result = VMCTL_DEFINE_CREATED;
		return define(conn, name, xml, error);
	}

	char *old_hash = vmctl_domain_dup_hash(domain);
	char *update_xml = dup_xml_with_uuid(xml, domain);
	virDomainFree(domain);
	if (!old_hash) {
		g_free(update_xml);
		g_set_error(error, VMCTL_ERROR, VMCTL_ERROR_STATE,
			"The domain %s exists but bulkhead did not define it "
			"(it has no bulkhead metadata), so bulkhead leaves it "
			"alone; rename or remove it, or set domain=%s to use "
			"it as it is", name, name);
		return false;
	}
	bool same = strcmp(old_hash, hash) == 0;
	g_free(old_hash);
	bool ok = true;
	if (same) {
		*result = VMCTL_DEFINE_UNCHANGED;
	} else {
		*result = VMCTL_DEFINE_UPDATED;
		ok = define(conn, name, update_xml, error);
	}
	g_free(update_xml);
	return ok;
}
