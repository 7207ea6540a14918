/* strbuf.h: growable NUL-terminated byte strings (after git's strbuf).
 *
 * A strbuf owns buf; release it with strbuf_release(). Allocation failure
 * aborts via xmalloc-style die, because no command can do anything useful
 * after running out of memory for a few kilobytes of text.
 */
#ifndef PLANTRACK_STRBUF_H
#define PLANTRACK_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;	/* always NUL-terminated, never NULL after init */
	size_t len;
	size_t alloc;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { strbuf_slopbuf, 0, 0 }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);	/* NULL is fine */
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* format(printf, 2, 0): fmt is passed through, checked where it is
 * written. */
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Hands over the buffer (caller frees with free()) and reinitialises sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

#endif
