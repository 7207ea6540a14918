/* plan_load.h: plan.yaml (docs/plan-format.md) to struct plan.
 *
 * The loader is strict: unknown keys, missing or empty required fields,
 * wrong types, duplicate ids or keys, unknown references, invalid dates,
 * invalid UTF-8 or text not in NFC are errors. It reports every error it
 * can find, each as "FILE:LINE:COL: message" on errf, not only the first.
 */
#ifndef PLANTRACK_PLAN_LOAD_H
#define PLANTRACK_PLAN_LOAD_H

#include <stddef.h>
#include <stdio.h>

#include "plantrack/plan.h"

/* Returns 0 and sets *out (caller frees with plan_free) on success.
 * Otherwise returns the exit status (EX_NOINPUT: missing or unreadable
 * file; EX_DATAERR: invalid content; EX_IOERR: read error; EX_OSERR: out
 * of memory), having printed the reasons on errf, and sets *out to NULL. */
int plan_load(const char *path, FILE *errf, struct plan **out);

/* The same for a buffer already in memory; name is used in messages.
 * The buffer need not be NUL-terminated. */
int plan_load_mem(const char *name, const char *buf, size_t len, FILE *errf,
		  struct plan **out);
/* The same for a buffer of the caller's malloc, which it gives up in every
 * case: the plan keeps it (its strings point into it, and its bytes are
 * no longer the file's), or it is freed. Saves copying the text. */
int plan_load_adopt(const char *name, char *buf, size_t len, FILE *errf,
		    struct plan **out);

#endif
