/* editor.h: text from the user's editor, as `git commit` takes a message.
 *
 * editor_edit() writes a template to a private temporary file, runs the
 * user's editor on it and reads back what was saved. The editor is
 * $VISUAL, else $EDITOR, else Debian's `editor` alternative, else `vi`,
 * run through /bin/sh as git does (so "nano -w" or "code --wait" work).
 * It runs with the caller's own ids: an installed (setgid) plantrack
 * holds no privilege outside single steps in its data directory (priv.h),
 * and the child gives up even the saved group before exec.
 *
 * Functions report with error() and return 0 or a <sysexits.h> status:
 * EX_CANTCREAT (no temporary file), EX_IOERR (cannot read it back),
 * EX_UNAVAILABLE (the editor could not be run or exited with a failure),
 * EX_OSERR (fork, out of memory).
 */
#ifndef PLANTRACK_EDITOR_H
#define PLANTRACK_EDITOR_H

#include <stddef.h>

/* At most this many bytes are read back from the edited file. */
#define EDITOR_MAX_TEXT (1u << 20)

/* Opens the user's editor on a temporary file holding tmpl (NUL-
 * terminated) and returns in *out what the user saved, NUL-terminated,
 * malloc'd (caller frees), exactly as saved: comment lines are the
 * caller's business (editor_strip). name is a short ASCII word put in the
 * temporary file's name ("result", "section"), so that an editor shows
 * which text it is. The file is removed afterwards, whatever happened. */
int editor_edit(const char *tmpl, const char *name, char **out,
		size_t *len);

/* What `git commit` keeps of a message, in place: lines starting with
 * '#' removed, trailing blanks of each line removed, leading and
 * trailing empty lines removed,
 * runs of empty lines become one (paragraphs), CRLF and CR become LF.
 * text[len] must exist (it is NUL-terminated, as editor_edit returns it);
 * the result is NUL-terminated too. Returns the new length. NULL is fine
 * (returns 0). */
size_t editor_strip(char *text, size_t len);

#endif
