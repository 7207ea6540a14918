/* ics.c: iCalendar content lines: folding and TEXT escaping. */
#include <string.h>

#include "plantrack/ics.h"

/* Bytes of s[0..len) that fit in max octets without splitting a UTF-8
 * sequence: a cut is moved back off continuation bytes (0x80-0xBF). */
static size_t fit(const char *s, size_t len, size_t max)
{
	size_t n = len < max ? len : max;

	while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	/* A line of continuation bytes only (not UTF-8): cut anyway rather
	 * than loop for ever. */
	return n ? n : (len < max ? len : max);
}

void ics_fold(FILE *f, const char *line, size_t len)
{
	size_t n, max = ICS_LINE_MAX;

	do {
		n = fit(line, len, max);
		fwrite(line, 1, n, f);
		fputs("\r\n", f);
		line += n;
		len -= n;
		/* A continuation line starts with a space, which counts. */
		if (len)
			fputc(' ', f);
		max = ICS_LINE_MAX - 1;
	} while (len);
}

void ics_escape(struct strbuf *sb, const char *text)
{
	for (const char *p = text; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\\' || c == ';' || c == ',') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, c);
		} else if (c == '\n') {
			strbuf_addstr(sb, "\\n");
		} else if (c == '\r') {
			/* CRLF becomes one \n; a lone CR one too. */
			if (p[1] != '\n')
				strbuf_addstr(sb, "\\n");
		} else if ((c >= 0x20 && c != 0x7f) || c == '\t') {
			strbuf_addch(sb, c);
		}
	}
}

void ics_prop(FILE *f, const char *name, const char *value)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, name);
	strbuf_addch(&sb, ':');
	strbuf_addstr(&sb, value);
	ics_fold(f, sb.buf, sb.len);
	strbuf_release(&sb);
}

void ics_text(FILE *f, const char *name, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, name);
	strbuf_addch(&sb, ':');
	ics_escape(&sb, text);
	ics_fold(f, sb.buf, sb.len);
	strbuf_release(&sb);
}
