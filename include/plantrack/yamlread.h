/* yamlread.h: libyaml's event parser with limits and positions.
 *
 * Every event carries its 1-based line and column. Hostile input fails
 * fast with a message: size cap, nesting-depth cap (libyaml 0.2.5 has
 * none), scalar-length cap, anchors and aliases rejected, tags rejected,
 * invalid UTF-8 and NUL bytes rejected, more than one document rejected.
 * libyaml's 1/0 convention is converted here: functions return 0 on
 * success and -1 on error.
 *
 * Columns count characters, not bytes, as libyaml's marks do; a leading
 * byte order mark is allowed and not counted.
 */
#ifndef PLANTRACK_YAMLREAD_H
#define PLANTRACK_YAMLREAD_H

#include <stddef.h>
#include <stdio.h>

#include "plantrack/date.h"

/* The largest file read, plan or state: 128 MiB. A plan of 100 000 tasks
 * with the real plan's text lengths (data/plan.yaml's tasks repeated) is
 * 64 MB, one written with longer texts 85 to 90 MB: this leaves room for
 * them and still bounds what a hostile or mistaken file can make the
 * loader take (about twice the file, docs/performance.md). */
#define YR_MAX_FILE_SIZE	(128u << 20)	/* bytes */
#define YR_MAX_DEPTH		32		/* nested collections */
#define YR_MAX_SCALAR		(64u << 10)	/* bytes in one scalar */

enum yr_type {
	YR_SCALAR,
	YR_MAP_START,
	YR_MAP_END,
	YR_SEQ_START,
	YR_SEQ_END,
	YR_DOC_END,		/* end of the (single) document, or no document */
};

enum yr_style {
	YR_PLAIN,		/* may be a number, a date, a bool */
	YR_QUOTED,		/* single, double, literal or folded: always a string */
};

struct yr_event {
	enum yr_type type;
	enum yr_style style;	/* YR_SCALAR only */
	const char *value;	/* YR_SCALAR only, NUL-terminated, valid until next */
	size_t len;
	unsigned long line, col;	/* 1-based start mark */
	/* YR_SCALAR: the text is known to be valid UTF-8 in NFC without
	 * control characters, as the file's own characters (checked once,
	 * as the reader opened it) that no escape changed; 0 if not
	 * known. yr_get_string checks only the others. */
	int text_ok;
	/* YR_SCALAR: libyaml's start and end marks, in characters from the
	 * start of the text (a byte order mark not counted), for yr_keep. */
	size_t at, end;
};

struct yr_reader;

/* Opens a reader over buf (not copied: keep it alive). name is used in
 * messages, errors go to errf. Returns NULL only on ENOMEM. Problems with
 * the buffer itself (size, UTF-8, NUL bytes) are reported by the first
 * yr_next(). */
struct yr_reader *yr_open_mem(const char *name, const char *buf, size_t len,
			      FILE *errf);
/* The same over a buffer the reader may write, for yr_keep: the caller
 * keeps buf alive as long as any string yr_keep handed out, and the bytes
 * of the file are no longer all there (quotes become NULs). */
struct yr_reader *yr_open_inplace(const char *name, char *buf, size_t len,
				  FILE *errf);
/* A quoted scalar's value where it is in the buffer, when it is exactly
 * the file's bytes between its quotes (no escape, no folded line) and its
 * text is known good (ev->text_ok): its closing quote is made its NUL.
 * NULL otherwise, or when the reader was opened with yr_open_mem, or when
 * asked for a scalar before one already kept (the reader goes through the
 * buffer forwards only): then copy ev->value. Saves a copy of most text of
 * a large file, and the fresh memory it would fill. */
const char *yr_keep(struct yr_reader *r, const struct yr_event *ev);
/* Frees the reader. NULL is fine. */
void yr_close(struct yr_reader *r);
/* Whether readers opened from now on may read a file within yamlfast.h's
 * part of YAML without libyaml (on by default; the events are the same).
 * For tests, which compare the two. Returns the previous setting. */
int yr_set_fast(int on);

/* Next event of the single document, stream/document start skipped.
 * Returns 0, or -1 after printing "FILE:LINE:COL: message" (syntax error,
 * a limit, an alias, more than one document). After -1 the reader is dead
 * and every later call returns -1 without printing. Once YR_DOC_END has
 * been returned (the whole stream has then been checked), later calls
 * return it again. A stream with no document gives YR_DOC_END at once. */
int yr_next(struct yr_reader *r, struct yr_event *ev);

/* Skips the rest of the value whose first event is ev (a scalar or a whole
 * collection); ev->value is invalid afterwards. An end event needs no
 * skipping. Returns 0 or -1 as yr_next. */
int yr_skip(struct yr_reader *r, const struct yr_event *ev);

/* Prints "FILE:LINE:COL: message" for ev and counts an error. */
void yr_error(struct yr_reader *r, const struct yr_event *ev,
	      const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same at a position remembered earlier (line and col 1-based). */
void yr_error_at(struct yr_reader *r, unsigned long line, unsigned long col,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Number of errors reported so far (syntax and yr_error). */
unsigned yr_error_count(const struct yr_reader *r);
const char *yr_name(const struct yr_reader *r);

/* What ev is, for messages: "a mapping", "a sequence", "null", "a string",
 * "the end of a mapping", ... */
const char *yr_describe(const struct yr_event *ev);
/* Is ev the plain scalar "", "~" or "null" (any case YAML 1.1 allows)? */
int yr_is_null(const struct yr_event *ev);

/* Copies a message-sized excerpt of s[0..len) into buf: cut at a character
 * boundary with "..." when longer than about 60 bytes, control characters
 * shown as '?'. Returns buf. size must be at least YR_EXCERPT_SIZE. */
#define YR_EXCERPT_SIZE 80
const char *yr_excerpt(char *buf, size_t size, const char *s, size_t len);

/* Typed scalar conversions. Each checks ev is a scalar of the right form
 * and on failure reports through yr_error and returns -1. */
/* Any scalar style, but not null (plain "", "~", "null"); the text must be
 * valid UTF-8 in NFC without control characters other than tab and
 * newline, and not empty unless allow_empty (then "" quoted is fine). The
 * text is ev->value, ev->len. */
int yr_get_string(struct yr_reader *r, const struct yr_event *ev,
		  int allow_empty);
/* Plain decimal integer: -?(0|[1-9][0-9]*), within [min, max]. */
int yr_get_int(struct yr_reader *r, const struct yr_event *ev, long min,
	       long max, long *out);
/* Plain decimal number: -?(0|[1-9][0-9]*)(\.[0-9]+)?, finite. */
int yr_get_number(struct yr_reader *r, const struct yr_event *ev,
		  double *out);
/* Plain YYYY-MM-DD, a real calendar day (date_parse). */
int yr_get_date(struct yr_reader *r, const struct yr_event *ev,
		pt_day *out);

#endif
