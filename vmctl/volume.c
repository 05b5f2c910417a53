/*
 * Volumes: a missing image is created at its size and formatted once. The
 * image is built under a temporary name and linked into place, so a crash
 * halfway leaves no half-made image behind, and an existing image is never
 * opened, truncated or formatted.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "private.h"

static bool run_mkfs(const struct vmctl_volume *volume, const char *path,
		GError **error) {
	char *program = g_strconcat("mkfs.", volume->fs_type, NULL);
	const char *argv[4] = { program };
	int argc = 1;
	if (g_str_has_prefix(volume->fs_type, "ext")) {
		argv[argc++] = "-qF";
	} else if (!g_str_equal(volume->fs_type, "vfat")) {
		argv[argc++] = "-q";
	}
	argv[argc++] = path;
	char *output = NULL;
	int status = 0;
	bool ok = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH |
		G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &output,
		&status, error) && g_spawn_check_wait_status(status, error);
	if (!ok && error && *error) {
		g_prefix_error(error, "%s failed%s%s: ", program,
			output && output[0] ? " with " : "",
			output ? g_strstrip(output) : "");
	}
	g_free(output);
	g_free(program);
	return ok;
}

static bool create_image(const char *path, guint64 size_mib,
		GError **error) {
	int fd = g_open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)(size_mib * 1024 * 1024)) != 0) {
		int saved_errno = errno;
		g_set_error(error, G_IO_ERROR,
			g_io_error_from_errno(saved_errno),
			"Could not create %s: %s", path,
			g_strerror(saved_errno));
		if (fd >= 0) {
			close(fd);
		}
		return false;
	}
	close(fd);
	return true;
}

static bool create_volume(const struct vmctl_volume *volume,
		GError **error) {
	char *partial = g_strconcat(volume->path, ".partial", NULL);
	g_unlink(partial);
	bool ok = create_image(partial, volume->size_mib, error);
	if (ok && !g_str_equal(volume->fs_type, "none")) {
		ok = run_mkfs(volume, partial, error);
	}
	/* link() fails instead of replacing an image that appeared. */
	if (ok && link(partial, volume->path) != 0) {
		int saved_errno = errno;
		g_set_error(error, G_IO_ERROR,
			g_io_error_from_errno(saved_errno),
			"Could not move the new volume to %s: %s",
			volume->path, g_strerror(saved_errno));
		ok = false;
	}
	g_unlink(partial);
	g_free(partial);
	if (ok) {
		g_message("created the volume %s (%" G_GUINT64_FORMAT
			" MiB, %s)", volume->path, volume->size_mib,
			volume->fs_type);
	}
	return ok;
}

bool vmctl_volumes_prepare(const struct vmctl_spec *spec, GError **error) {
	for (guint i = 0; i < spec->volumes->len; i++) {
		const struct vmctl_volume *volume = spec->volumes->pdata[i];
		struct stat st;
		if (lstat(volume->path, &st) == 0) {
			continue;
		}
		char *dir = g_path_get_dirname(volume->path);
		bool ok = vmctl_ensure_dir(dir, error) &&
			create_volume(volume, error);
		g_free(dir);
		if (!ok) {
			g_prefix_error(error, "Volume %s of [vm:%s]: ",
				volume->path, spec->name);
			return false;
		}
	}
	return true;
}
