/* doc_zip.c: XML escaping and in-memory zip archives for the drawers of
 * zipped XML formats (doc_int.h).
 *
 * libzip (Debian libzip-dev) writes the archive: a well-kept library
 * that handles the zip format's details (central directory, deflate
 * through zlib, CRCs) that a document format must get exactly right.
 * It builds into a memory source, so that nothing touches the disk
 * before cmd_report's atomic write. Every entry gets the same DOS time:
 * libzip would otherwise take the clock, and two runs would differ.
 *
 * libzip is opened with dlopen when the first archive is made, not linked:
 * loading it pulls in libcrypto, libbz2 and libz, and their relocations and
 * constructors cost about 3 ms of CPU at the start of every run (measured:
 * a program that prints one line takes 0.84 ms linked without libzip, 4.0 ms
 * with it; `perf stat -r 200`), which is most of what a read command at
 * N = 25 costs. Only `report --format docx|odt` pays it now. <zip.h> still
 * gives the types: each pointer has the type of the function it stands for.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "doc_int.h"

#ifndef PT_LIBZIP_SONAME
#define PT_LIBZIP_SONAME "libzip.so.4"
#endif

/* The functions of libzip this file calls, X(name) each. */
#define ZIP_FUNCS(X) \
	X(zip_close) X(zip_discard) X(zip_error_code_system) \
	X(zip_error_fini) X(zip_error_init) X(zip_file_add) \
	X(zip_file_set_dostime) X(zip_open_from_source) \
	X(zip_set_file_compression) X(zip_source_buffer) \
	X(zip_source_buffer_create) X(zip_source_close) X(zip_source_free) \
	X(zip_source_keep) X(zip_source_open) X(zip_source_read)

static struct {
	bool tried, ok;
#define X(f) __typeof__(f) *f; /* NOLINT(bugprone-macro-parentheses): a member */
	ZIP_FUNCS(X)
#undef X
} lz;

/* Opens libzip once per process and finds every function, or fails with
 * errno ELIBACC ("cannot access a needed shared library"); the handle
 * stays open until exit, as a linked library would. */
static int libzip_open(void)
{
	void *h;

	if (lz.tried)
		goto out;
	lz.tried = true;
	h = dlopen(PT_LIBZIP_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		goto out;
	/* POSIX blesses this conversion of dlsym's object pointer. */
#define X(f) \
	if (!(*(void **)&lz.f = dlsym(h, #f))) \
		goto out;
	ZIP_FUNCS(X)
#undef X
	lz.ok = true;
out:
	if (!lz.ok)
		errno = ELIBACC;
	return lz.ok ? 0 : -1;
}

int doc_zip_open(void)
{
	return libzip_open();
}

/* 1980-01-01 00:00:00: day 1, month 1, year 0 since 1980; time 0. */
#define DOS_DATE ((0u << 9) | (1u << 5) | 1u)
#define DOS_TIME 0u

struct doc_zip {
	zip_source_t *src;	/* the archive's bytes, kept past zip_close */
	zip_t *za;
	bool failed;
	/* The parts' bytes: libzip reads them as late as zip_close, and
	 * they are ours to free after. */
	char **parts;
	size_t n_parts, alloc_parts;
};

void doc_xml_text_n(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	for (; p < end; p++) {
		switch (*p) {
		case '&': strbuf_addstr(sb, "&amp;"); break;
		case '<': strbuf_addstr(sb, "&lt;"); break;
		case '>': strbuf_addstr(sb, "&gt;"); break;
		case '"': strbuf_addstr(sb, "&quot;"); break;
		case '\'': strbuf_addstr(sb, "&apos;"); break;
		case '\t': case '\n': case '\r':
			strbuf_addch(sb, *p);
			break;
		default:
			if (*p < 0x20)
				break;
			/* U+FFFE and U+FFFF are not XML characters. */
			if (*p == 0xef && end - p >= 3 && p[1] == 0xbf &&
			    (p[2] == 0xbe || p[2] == 0xbf)) {
				p += 2;
				break;
			}
			strbuf_addch(sb, *p);
			break;
		}
	}
}

void doc_xml_text(struct strbuf *sb, const char *s)
{
	if (s)
		doc_xml_text_n(sb, s, strlen(s));
}

struct doc_zip *doc_zip_new(void)
{
	struct doc_zip *z = calloc(1, sizeof(*z));
	zip_error_t ze;

	if (!z) {
		errno = ENOMEM;
		return NULL;
	}
	if (libzip_open()) {
		free(z);
		return NULL;
	}
	lz.zip_error_init(&ze);
	z->src = lz.zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!z->src)
		goto fail;
	lz.zip_source_keep(z->src);
	z->za = lz.zip_open_from_source(z->src, ZIP_TRUNCATE, &ze);
	if (!z->za)
		goto fail;
	lz.zip_error_fini(&ze);
	return z;
fail:
	errno = lz.zip_error_code_system(&ze) == ENOMEM ? ENOMEM : EIO;
	lz.zip_error_fini(&ze);
	doc_zip_free(z);
	return NULL;
}

/* Adds a part of data[0..len) and takes data (freed with z). */
static int add(struct doc_zip *z, const char *name, char *data, size_t len,
	       bool store)
{
	zip_source_t *s;
	zip_int64_t idx;
	char **v;
	int ret = -1;

	if (!z || z->failed)
		goto out;
	if (z->n_parts == z->alloc_parts) {
		size_t a = z->alloc_parts ? z->alloc_parts * 2 : 16;

		v = realloc(z->parts, a * sizeof(*v));
		if (!v)
			goto out;
		z->parts = v;
		z->alloc_parts = a;
	}
	z->parts[z->n_parts++] = data;
	data = NULL;
	s = lz.zip_source_buffer(z->za, z->parts[z->n_parts - 1], len, 0);
	if (!s)
		goto out;
	idx = lz.zip_file_add(z->za, name, s, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		lz.zip_source_free(s);
		goto out;
	}
	if (lz.zip_set_file_compression(z->za, (zip_uint64_t)idx, store ?
				     ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) ||
	    lz.zip_file_set_dostime(z->za, (zip_uint64_t)idx, DOS_TIME,
				 DOS_DATE, 0))
		goto out;
	ret = 0;
out:
	free(data);
	if (ret && z)
		z->failed = true;
	return ret;
}

int doc_zip_add(struct doc_zip *z, const char *name, struct strbuf *sb,
		bool store)
{
	size_t len = 0;
	char *data = strbuf_detach(sb, &len);

	return add(z, name, data, len, store);
}

int doc_zip_add_str(struct doc_zip *z, const char *name, const char *s,
		    bool store)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, s);
	return doc_zip_add(z, name, &sb, store);
}

int doc_zip_write(struct doc_zip *z, FILE *f)
{
	char buf[65536];
	zip_int64_t n;
	bool open = false;
	int ret = -1;

	if (!z || z->failed)
		goto out;
	if (lz.zip_close(z->za) != 0)
		goto out;
	z->za = NULL;
	if (lz.zip_source_open(z->src))
		goto out;
	open = true;
	while ((n = lz.zip_source_read(z->src, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, (size_t)n, f) != (size_t)n)
			goto out;
	if (n < 0)
		goto out;
	ret = 0;
out:
	if (open)
		lz.zip_source_close(z->src);
	if (ret && !ferror(f))
		errno = EIO;
	doc_zip_free(z);
	return ret;
}

void doc_zip_free(struct doc_zip *z)
{
	if (!z)
		return;
	if (z->za)
		lz.zip_discard(z->za);
	if (z->src)
		lz.zip_source_free(z->src);
	while (z->n_parts)
		free(z->parts[--z->n_parts]);
	free(z->parts);
	free(z);
}
