/* Set-up of the tests that run a real guest under a real libvirtd. */
#ifndef TESTS_VMCTL_GUEST_ENV_H
#define TESTS_VMCTL_GUEST_ENV_H

#include "helpers.h"

#define GUEST_URI "qemu:///system"
#define SKIP_STATUS 77

struct guest_env {
	char *demo_dir;		/* contains vmlinuz and initrd.img */
	char *data_dir;		/* XDG_DATA_HOME and XDG_CACHE_HOME */
	virConnectPtr virt;
};

/*
 * Makes sure libvirtd runs (scripts/test-libvirtd.sh) and finds the demo
 * guest, or exits with SKIP_STATUS saying what is missing.
 */
void guest_env_setup(struct guest_env *env);
void guest_env_teardown(struct guest_env *env);

/* Destroys and undefines a test domain; name must start bulkhead-test-. */
void guest_env_remove_domain(struct guest_env *env, const char *name);

/* A spec of the demo guest with extra cmdline words and keys. */
struct vmctl_spec *guest_env_spec(struct guest_env *env, const char *name,
		const char *cmdline_extra, const char *keys);

#endif
