/* snapshot.h: a derived image of the data directory, as git's index is to
 * its work tree (docs/architecture.md, "The snapshot").
 *
 * Once a command has read plan.yaml and every department's state.yaml
 * and found them valid, it may save what it loaded as one binary file,
 * DATA/snapshot/image: the plan, the entries and their fold (the state
 * after the latest of them), keyed by what identifies
 * each file they came from (device, inode, size, modification and change
 * times in nanoseconds; a write or a rename changes them) and by the
 * program's build (its ELF build id) and the image's format. A later
 * command whose files all still match maps the image and builds the model
 * from it without parsing YAML: the structs are filled from fixed records
 * and every string points into the mapped image. Anything else (missing,
 * stale, truncated, corrupt, another build, a file that is not as the
 * threat model wants it) and the command reads the YAML instead, without
 * a word: the snapshot can only make a command faster, never change what
 * it says. `validate` always reads the YAML.
 *
 * A file changed within SNAPSHOT_RACY_SECONDS of being read (or written)
 * could be replaced by another with the same identity (a reused inode,
 * the same size, the same coarse timestamp): its key also holds a hash
 * of its bytes, which a reader checks (git's "racily clean" entries);
 * once the file has settled, a reader saves the key again stat-only
 * (snapshot_settle).
 *
 * Threat model: every file of the data directory may be hostile, the
 * snapshot too. It is used only when it lives where nobody but the data
 * directory's owner writes, and is checked before use: reached without
 * following a link (store.h), a regular file with one name, owned as
 * below, its size, a checksum of the whole image (unless the file still
 * has the modification time it was sealed with once written: nothing has
 * written to it since), every offset, count, index and enumeration
 * bounds-checked. Without spool mode the snapshot directory and file
 * must belong to the data directory's owner and not be
 * writable by group or others, and only that owner saves one: a member of
 * a department, who can change only their department's YAML, cannot plant
 * another department's entries in it. In spool mode (priv.h) the
 * directory is root's and the installed group's, mode 2770 (made by
 * `init`, `init --convert`, or any command root runs): staff cannot enter
 * it, so nobody but plantrack can reach the file, whose owner is whoever
 * saved it last.
 *
 * Every function is quiet: failures return -1 (or NULL) and print nothing.
 */
#ifndef PLANTRACK_SNAPSHOT_H
#define PLANTRACK_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plantrack/plan.h"
#include "plantrack/state.h"

/* Inside the data directory. */
#define SNAPSHOT_DIR "snapshot"
#define SNAPSHOT_FILE "snapshot/image"
/* The report cache's files beside it (memo.h): PREFIX + FORMAT. */
#define SNAPSHOT_REPORT_PREFIX "report-"

/* A file changed this recently is "racy": its stat alone does not tell
 * it apart from a later version. Covers file systems with timestamps of
 * one or two seconds. */
#define SNAPSHOT_RACY_SECONDS 2

/* What identifies one source file as it was read: absent, or its stat,
 * and the hash of its bytes when racy. */
struct snapshot_source {
	bool present;
	bool racy;
	uint64_t dev, ino, size;
	int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
	uint64_t hash;
};

struct stat;

/* The key of a file read just now: st from fstat of the descriptor its
 * bytes buf[0..len) came from. */
void snapshot_source_read(struct snapshot_source *src, const struct stat *st,
			  const void *buf, size_t len);
/* The key of a file that is not there. */
void snapshot_source_absent(struct snapshot_source *src);

/* PLANTRACK_NO_SNAPSHOT is set to anything but "" or "0". */
bool snapshot_disabled_by_env(void);

/* An open snapshot: its mapping and the plan built from it. */
struct snapshot;

/* What a command will ask of an open snapshot after its plan, which
 * snapshot_open may decode while it checks the image (on a second core,
 * for a large one): snapshot_state's state, and snapshot_fold's fold (of
 * that state with SNAPSHOT_WANT_STATE, else bare). The calls hand it
 * over as they would have made it; what is not asked for is freed by
 * snapshot_close. */
enum {
	SNAPSHOT_WANT_STATE = 1,
	SNAPSHOT_WANT_FOLD = 2
};

/* Opens DATA/snapshot/image when it is trustworthy and every source file
 * still matches its key, and builds the plan from it (plan_path becomes
 * plan->path), and maybe what want says (SNAPSHOT_WANT_*; 0: nothing).
 * 0 and *out, or -1 (use the YAML). */
int snapshot_open(const char *datadir, const char *plan_path, unsigned want,
		  struct snapshot **out);
/* The plan of s: owned by s, valid until snapshot_close. */
struct plan *snapshot_plan(const struct snapshot *s);
/* Every department's entries, as state_load_all would give them (merged
 * by time, no unreadable department): 0 and *out (caller frees with
 * state_free, before snapshot_close: its strings are in the image), or
 * -1 when the image's entries do not check (use the YAML). */
int snapshot_state(struct snapshot *s, struct state **out);
/* As snapshot_state, but only the entries a command about one task of
 * s's plan reads (show): every entry that is not a task entry, and the
 * task entries of task. Entries of other tasks are stepped over, neither
 * decoded nor checked. A fold of it is the whole fold for task, and for
 * the submissions, indicator values and sections; other tasks read as
 * never reported. Never pass it to snapshot_fold. 0 or -1, as
 * snapshot_state. */
int snapshot_state_task(struct snapshot *s, const struct plan_task *task,
			struct state **out);
/* The fold of every entry of s (state_fold at the image's latest entry,
 * so the fold at any instant from then on: fold_covers says), from the
 * image, with neither entries decoded nor folded: 0 and *out (free with
 * fold_release, before snapshot_close), or -1 (fold the entries).
 * With st, the state snapshot_state gave for s, the fold is state_fold's
 * of st, member for member. With st NULL it is "bare" (out->bare):
 * the same but for each subject's cur, whose fields and latest entry
 * are NULL, as there are no entries to point at; for commands that read
 * only the present (list, check), never for a report. */
struct fold;
int snapshot_fold(struct snapshot *s, const struct state *st,
		  struct fold *out);
/* When every racy key of s (see above) has settled since it was saved,
 * and this process may save: saves s's image again with those keys
 * stat-only, so that later readers stop reading those files whole for
 * their hashes; unless another image has replaced s's file since it
 * was opened. Once per s, best effort: 0 when saved, -1 otherwise (also
 * with NULL, or nothing to settle). A command calls it when done with
 * s, after its output. */
int snapshot_settle(struct snapshot *s);
/* Unmaps s and frees its plan. NULL is fine. */
void snapshot_close(struct snapshot *s);

/* Saves plan and st (state_load_all's result, with no unreadable
 * department) read from files with keys plan_src and dept_src[] (one per
 * plan department, in plan order), when this process may (see above).
 * Best effort: 0 when saved, -1 otherwise. */
int snapshot_save(const char *datadir, const struct plan *plan,
		  const struct snapshot_source *plan_src,
		  const struct state *st,
		  const struct snapshot_source *dept_src);

/* After a writer replaced department dept's state file (holding its
 * lock) with bytes buf[0..len), which parse to st: saves a new snapshot
 * from the open one whose plan is plan, with dept's entries replaced,
 * when every other source still matches. Best effort, as snapshot_save. */
int snapshot_refresh(const char *datadir, const struct plan *plan,
		     const struct plan_dept *dept, const struct state *st,
		     const void *buf, size_t len);

/* init --convert, as root in spool mode: DATA/snapshot made (or made
 * again) root's and the installed group's, mode 2770, without the image
 * saved under the old layout. Best effort; nothing otherwise. */
void snapshot_setup(const char *datadir);

/* ---- for the report cache (memo.h), kept beside the image and trusted
 * under the same rules ---- */

/* The snapshot directory, opened only when trusted as snapshot_open
 * trusts it (never made here): 0 and *dfd (caller closes), or -1. */
int snapshot_dir_open(const char *datadir, int *dfd);
/* Whether a file of that directory, as fstat gave st, is trusted as the
 * image would be. */
bool snapshot_file_trusted(const char *datadir, const struct stat *st);
/* Whether a file of that directory, as fstat gave st, still has the
 * modification time sec.nsec it was sealed with once written (the image,
 * a kept report): nothing has written to it since, since a write gives it
 * the time of that write, later than the seal. As git trusts its index's
 * stat data: only who can write the file can set its time back, and who
 * can write it can write its sums as well. A seal of 0 is none. */
bool snapshot_still_sealed(int64_t sec, int64_t nsec, const struct stat *st);
/* Whether this process may save in the snapshot directory. */
bool snapshot_may_save(const char *datadir);
/* Whether a source is still the file key names (a racy key: by its bytes
 * too): plan.yaml at plan_path when code is NULL, else department code's
 * file (false when code is not a plain department code). */
bool snapshot_source_still(const char *datadir, const char *plan_path,
			   const char *code, const struct snapshot_source *key);
/* The keys s was checked against, *n of them: plan.yaml first, then each
 * department of snapshot_plan(s), in plan order. Owned by s. A racy key
 * has racy set. */
const struct snapshot_source *snapshot_sources(const struct snapshot *s,
					       size_t *n);
/* The instant of s's latest entry (0 when none). */
int64_t snapshot_max_at(const struct snapshot *s);
/* s's strings, *len bytes (in s), and how many of them refreshes added
 * since the image was last built whole (tests: a refresh keeps the old
 * image's strings where they were and adds what is new after them). */
const char *snapshot_strings(const struct snapshot *s, size_t *len,
			     uint64_t *grown);
/* The program's build id, *len bytes (static). */
const unsigned char *snapshot_build(size_t *len);

/* The hash of the image and of racy files (tests). */
uint64_t snapshot_hash(const void *buf, size_t len);
/* The same hash of bytes given in pieces: init, add each piece in order,
 * end gives snapshot_hash of their concatenation (an image is written
 * in pieces, never put together). */
struct snapshot_hasher {
	uint64_t v[4], total;
	unsigned char buf[32];
	size_t n;		/* bytes in buf */
};
void snapshot_hasher_init(struct snapshot_hasher *h);
void snapshot_hasher_add(struct snapshot_hasher *h, const void *buf,
			 size_t len);
uint64_t snapshot_hasher_end(const struct snapshot_hasher *h);

#endif
