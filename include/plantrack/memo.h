/* memo.h: the report cache: a report's bytes kept beside the snapshot,
 * given again while nothing they were made from has changed
 * (docs/architecture.md, "The report cache"). list, check and history
 * keep their output the same way (cli.h, cli_kept_*), with their exit
 * status.
 *
 * A report of 100 000 tasks is 50 to 120 MB of text: drawing it again
 * from the snapshot's model costs 40 to 110 ms however the drawing is
 * done, where copying the same bytes costs a few. A report drawn from the
 * snapshot for a file (-o) or for standard output (not a terminal) is
 * also written, as it is written there, to DATA/snapshot/report-FORMAT
 * (one file a format: the last report of that format), with a head that
 * says what made it:
 *
 *   - the key: the command's arguments, the day it ran, the language and
 *     the environment that can change a report's bytes (LC_*, LANG,
 *     LANGUAGE, TZ, NO_COLOR, COLUMNS, TERM, PLANTRACK_*), the colour and
 *     width decided, and the identity (stat) of /etc/localtime, of the
 *     time zone TZ names, of the message catalogue and of every shared
 *     library loaded (libzip and zlib too for a DOCX or ODT);
 *   - the keys of every source file, as the snapshot it was drawn from
 *     had them (never a racy one: then nothing is kept);
 *   - the program's build, the instant of the latest entry;
 *   - a checksum of the head and one of each MiB of the report;
 *   - the modification time the file is given once written (its seal).
 *
 * A later report with the same key whose sources all still match (by
 * stat, as the snapshot's) gets the kept bytes, unread when the file
 * still has its seal (nothing has written to it since), else once every
 * checksum is right; anything else (missing, another key, a source
 * changed, a file not trusted as the image would not be, truncated,
 * corrupt) and the report is drawn, silently, and kept again. Only a
 * report whose bytes cannot depend on the clock is kept: an as-of day
 * that is over (--as-of, or the departments' deadline past), not "as of
 * now"; a report that takes the commune's entries up to the clock is
 * kept when it took every entry there is.
 *
 * --no-snapshot, PLANTRACK_NO_SNAPSHOT and PLANTRACK_NO_REPORT_CACHE
 * (set to anything but "" or "0") leave it alone. Every function is
 * quiet: what cannot be used or kept is no news.
 */
#ifndef PLANTRACK_MEMO_H
#define PLANTRACK_MEMO_H

#include <stdbool.h>
#include <stdio.h>

#include "plantrack/strbuf.h"

struct cli_ctx;
struct snapshot;

/* PLANTRACK_NO_REPORT_CACHE is set to anything but "" or "0". */
bool memo_disabled_by_env(void);

/* The key of the report command argv[0..argc) run with ctx, into key
 * (appended; caller releases). zip: the report is a DOCX or ODT, whose
 * libraries (libzip, zlib) are loaded now to be in the key. */
void memo_key(const struct cli_ctx *ctx, int argc, char **argv, bool zip,
	      struct strbuf *key);

/* Writes the report kept as DATA/snapshot/report-SLOT to out when its key
 * is key and everything it was made from is unchanged (plan_path: where
 * plan.yaml is), once every byte of it has been checked or the file is
 * found still sealed: 0, or 1 with errno when writing to out failed, and
 * either way *status the exit status kept with it (memo_end); -1 and
 * nothing written, *status untouched, when there is no such report to
 * give. */
int memo_serve(const char *datadir, const char *plan_path, const char *slot,
	       const struct strbuf *key, FILE *out, int *status);

/* How many reports memo_serve gave in this process (tests). */
unsigned long memo_served(void);

/* Keeping a report as it is written. */
struct memo_writer;

/* A FILE that writes through to out and keeps what it writes as
 * report-SLOT with key, made from the snapshot s: NULL when it cannot
 * be kept (write to out itself then). *w is for memo_end. upto_now: the
 * report took the entries recorded up to the clock (report.h,
 * commune_until), all of s's: it is given again only while none of them
 * is in the future. */
FILE *memo_begin(const char *datadir, const char *slot,
		 const struct strbuf *key, const struct snapshot *s,
		 bool upto_now, FILE *out, struct memo_writer **w);
/* Closes the FILE memo_begin gave and, when whole says the report was
 * written whole and every byte reached the file, keeps it with the exit
 * status the command will return (0 to 63; one of sysexits.h's errors is
 * never kept) (best effort). Frees w (NULL is fine). Returns 0, or -1
 * when the FILE could not be flushed to out (ferror(out) tells). */
int memo_end(struct memo_writer *w, bool whole, int status);

#endif
