/* paths.c: installed and uninstalled file locations (paths.h). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "plantrack/paths.h"

#ifndef PT_BUILD_DIR
#define PT_BUILD_DIR ""
#endif
#ifndef PT_SOURCE_DIR
#define PT_SOURCE_DIR ""
#endif
#ifndef PT_LOCALEDIR
#define PT_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef PT_BUNDLED_PLAN
#define PT_BUNDLED_PLAN "/usr/local/share/plantrack/plan.yaml"
#endif

/* AT_SECURE is what the kernel sets for setuid, setgid and file
 * capabilities; the id comparisons cover a process that changed ids
 * itself. */
static int privileged(void)
{
	return getauxval(AT_SECURE) != 0 || getuid() != geteuid() ||
	       getgid() != getegid();
}

int paths_exe_in_dir(const char *exe, const char *dir)
{
	char *real_dir = NULL, *copy = NULL, *slash;
	int ret = 0;

	if (!exe || !dir || exe[0] != '/' || !*dir)
		goto out;
	real_dir = realpath(dir, NULL);
	copy = strdup(exe);
	if (!real_dir || !copy)
		goto out;
	slash = strrchr(copy, '/');
	if (slash == copy)
		slash[1] = '\0';	/* "/plantrack" is in "/" */
	else
		*slash = '\0';
	ret = !strcmp(copy, real_dir);
out:
	free(copy);
	free(real_dir);
	return ret;
}

int paths_uninstalled(void)
{
	static int cached = -1;

	if (cached < 0) {
		char exe[PATH_MAX];
		/* The kernel's own record of the executable: no argument or
		 * variable of the caller can change it. A deleted or moved
		 * binary reads " (deleted)" or elsewhere: installed. */
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

		cached = 0;
		if (n > 0 && (size_t)n < sizeof(exe) - 1 && !privileged()) {
			exe[n] = '\0';
			cached = paths_exe_in_dir(exe, PT_BUILD_DIR);
		}
	}
	return cached;
}

const char *paths_bundled_plan(void)
{
	return paths_uninstalled() ? PT_SOURCE_DIR "/data/plan.yaml"
				   : PT_BUNDLED_PLAN;
}

const char *paths_localedir(void)
{
	const char *dir = PT_LOCALEDIR;

	if (paths_uninstalled()) {
		const char *test = getenv("PLANTRACK_TEST_LOCALEDIR");

		dir = test && *test ? test : PT_BUILD_DIR "/locale";
	}
	return dir;
}
