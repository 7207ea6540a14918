/* paths.h: where plantrack finds the files it was installed with.
 *
 * An installed plantrack uses the paths fixed at build time (PREFIX). A
 * build run from its own build directory (build/plantrack, "uninstalled")
 * uses the source tree's data/plan.yaml and the build directory's locale/,
 * so that a newcomer can try it before 'make install'. Never when the
 * process is privileged (setgid, setuid, file capabilities): then no
 * environment variable and no file outside the installed paths is used.
 */
#ifndef PLANTRACK_PATHS_H
#define PLANTRACK_PATHS_H

/* 1 when this process is the uninstalled build run from its build
 * directory (/proc/self/exe is in it) and is not privileged; else 0.
 * Computed once. */
int paths_uninstalled(void);

/* The plan 'init' installs by default: $(DATADIR)/plan.yaml, or the
 * source tree's data/plan.yaml for the uninstalled build. Static string. */
const char *paths_bundled_plan(void);

/* The directory of the message catalogues: $(LOCALEDIR), or the build
 * directory's locale/ for the uninstalled build. Tests of the uninstalled
 * build may name another with PLANTRACK_TEST_LOCALEDIR (docs/i18n.md);
 * an installed or privileged plantrack never reads that variable.
 * Static string. */
const char *paths_localedir(void);

/* Whether exe (an absolute path) is a file directly in dir (which realpath
 * resolves); 0 when either cannot be resolved. For paths_uninstalled and
 * its tests. */
int paths_exe_in_dir(const char *exe, const char *dir);

#endif
