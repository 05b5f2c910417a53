/* Helpers shared by the vmctl tests. */
#ifndef TESTS_VMCTL_HELPERS_H
#define TESTS_VMCTL_HELPERS_H

#include <stdbool.h>
#include "private.h"

/* Parses text as a config and returns its [vm:name] spec, or NULL. */
struct vmctl_spec *test_spec_from_text(const char *text, const char *name,
		GError **error);

typedef void (*test_async_func)(struct vmctl_vm *vm,
		GCancellable *cancellable, GAsyncReadyCallback callback,
		void *data);
typedef bool (*test_finish_func)(struct vmctl_vm *vm, GAsyncResult *result,
		GError **error);

/* Runs an operation and pumps the default context until it completes. */
bool test_run(struct vmctl_vm *vm, test_async_func start,
		test_finish_func finish, GError **error);

/* Pumps the default context until the VM reaches state or seconds pass. */
bool test_wait_state(struct vmctl_vm *vm, enum vmctl_state state,
		int seconds);

/* Pumps the default context until path contains text or seconds pass. */
bool test_wait_file_contains(const char *path, const char *text,
		int seconds);

/* Pumps the default context for about ms milliseconds. */
void test_pump(int ms);

#endif
