/* out.c: an output buffer in front of a FILE (out.h). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <unistd.h>

#include "plantrack/arena.h"
#include "plantrack/out.h"

void out_init(struct out *o, FILE *f)
{
	o->f = f;
	o->spool = NULL;
	o->len = 0;
	o->n_refs = 0;
	o->ref_bytes = 0;
}

struct out *out_new(FILE *f)
{
	struct out *o = malloc(sizeof(*o));

	if (o)
		out_init(o, f);
	return o;
}

void out_free(struct out *o)
{
	if (!o)
		return;
	out_flush(o);
	free(o);
}

/* What one writev(2) takes (1024 on Linux; POSIX promises 16). */
#ifdef IOV_MAX
#define WRITEV_MAX ((size_t)IOV_MAX)
#else
#define WRITEV_MAX ((size_t)16)
#endif

/* iov[0..n) through the FILE. */
static void put_iov(FILE *f, const struct iovec *iov, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (iov[i].iov_len)
			fwrite(iov[i].iov_base, 1, iov[i].iov_len, f);
}

/* iov[0..n) with writev(2) on the FILE's descriptor, after what the FILE
 * holds; whatever writev did not take goes through the FILE. */
static void put_iov_fd(FILE *f, struct iovec *iov, size_t n)
{
	int fd = fileno(f);
	ssize_t w;

	if (fd < 0 || fflush(f) != 0) {
		put_iov(f, iov, n);
		return;
	}
	while (n > 0) {
		w = writev(fd, iov, (int)(n < WRITEV_MAX ? n : WRITEV_MAX));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		for (; n > 0 && (size_t)w >= iov->iov_len; iov++, n--)
			w -= (ssize_t)iov->iov_len;
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	/* writev failed: the rest through the FILE, at once, so that its
	 * error is seen now. */
	if (n > 0) {
		put_iov(f, iov, n);
		(void)fflush(f);
	}
}

/* What an out_init_spool out was given: the pieces in order, pointing
 * at its copies of the buffer or at the texts given by reference. The
 * copies are made into blocks of OUT_BUF bytes that out_spool_put keeps
 * for the next use: fresh memory costs a page fault a page, more than
 * drawing what fills it. The blocks come SPOOL_SLAB at a time, in one
 * huge page (mem_malloc_huge): one fault for 2 MB, where a block of its
 * own had 16 (half of a warm JSON report's faults at 100 000 tasks). */
#define SPOOL_SLAB	32

struct out_spool {
	struct iovec *iov;
	size_t n, alloc;
	char **blocks;			/* OUT_BUF bytes each, in slabs */
	size_t used, n_blocks, alloc_blocks;
	char **slabs;			/* SPOOL_SLAB blocks each */
	size_t n_slabs, alloc_slabs;
	char **big;			/* larger copies, freed on reuse */
	size_t n_big, alloc_big;
	bool failed;
};

int out_init_spool(struct out *o)
{
	out_init(o, NULL);
	o->spool = calloc(1, sizeof(*o->spool));
	if (!o->spool) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* Room in *v (of *alloc items of size bytes) for item n. */
static bool spool_room(void **v, size_t *alloc, size_t n, size_t size)
{
	size_t a = *alloc ? 2 * *alloc : 64;
	void *p;

	if (n < *alloc)
		return true;
	if (a > SIZE_MAX / size || !(p = realloc(*v, a * size)))
		return false;
	*v = p;
	*alloc = a;
	return true;
}

static void spool_piece(struct out_spool *sp, const char *s, size_t n)
{
	if (!n || sp->failed)
		return;
	if (!spool_room((void **)&sp->iov, &sp->alloc, sp->n,
			sizeof(*sp->iov))) {
		sp->failed = true;
		return;
	}
	sp->iov[sp->n].iov_base = (void *)(uintptr_t)s;
	sp->iov[sp->n++].iov_len = n;
}

/* SPOOL_SLAB more blocks in sp: false when out of memory. */
static bool spool_slab(struct out_spool *sp)
{
	char *slab;

	if (!spool_room((void **)&sp->slabs, &sp->alloc_slabs, sp->n_slabs,
			sizeof(*sp->slabs)))
		return false;
	for (size_t k = 0; k < SPOOL_SLAB; k++)
		if (!spool_room((void **)&sp->blocks, &sp->alloc_blocks,
				sp->n_blocks + k, sizeof(*sp->blocks)))
			return false;
	slab = mem_malloc_huge(SPOOL_SLAB, OUT_BUF);
	if (!slab)
		return false;
	sp->slabs[sp->n_slabs++] = slab;
	for (size_t k = 0; k < SPOOL_SLAB; k++)
		sp->blocks[sp->n_blocks++] = slab + k * OUT_BUF;
	return true;
}

/* A copy of s[0..n) that sp keeps (NULL: none, or sp failed). */
static const char *spool_keep(struct out_spool *sp, const char *s, size_t n)
{
	char *b;

	if (!n || sp->failed)
		return NULL;
	if (n > OUT_BUF) {
		if (!spool_room((void **)&sp->big, &sp->alloc_big, sp->n_big,
				sizeof(*sp->big)) || !(b = malloc(n)))
			goto fail;
		sp->big[sp->n_big++] = b;
	} else {
		if (sp->used == sp->n_blocks && !spool_slab(sp))
			goto fail;
		b = sp->blocks[sp->used++];
	}
	memcpy(b, s, n);
	return b;
fail:
	sp->failed = true;
	return NULL;
}

/* out_flush of a spool: the buffer copied, the texts by reference
 * kept where they are, each in its place among the buffer's bytes. */
static void spool_flush(struct out *o)
{
	struct out_spool *sp = o->spool;
	const char *b = spool_keep(sp, o->buf, o->len);
	size_t at = 0;

	for (size_t i = 0; i < o->n_refs; i++) {
		const struct out_ref *r = &o->refs[i];

		if (b && r->at > at) {
			spool_piece(sp, b + at, r->at - at);
			at = r->at;
		}
		spool_piece(sp, r->s, r->n);
	}
	if (b && o->len > at)
		spool_piece(sp, b + at, o->len - at);
	o->len = 0;
	o->n_refs = 0;
	o->ref_bytes = 0;
}

/* Empty again, its blocks kept. */
static void spool_reset(struct out_spool *sp)
{
	for (size_t i = 0; i < sp->n_big; i++)
		free(sp->big[i]);
	sp->n_big = 0;
	sp->used = 0;
	sp->n = 0;
	sp->failed = false;
}

void out_spool_free(struct out *spool)
{
	struct out_spool *sp;

	if (!spool || !(sp = spool->spool))
		return;
	spool_reset(sp);
	for (size_t i = 0; i < sp->n_slabs; i++)
		free(sp->slabs[i]);
	free(sp->slabs);
	free(sp->blocks);
	free(sp->big);
	free(sp->iov);
	free(sp);
	spool->spool = NULL;
	spool->len = 0;
	spool->n_refs = 0;
	spool->ref_bytes = 0;
}

int out_spool_put(struct out *dst, struct out *spool)
{
	struct out_spool *sp = spool->spool;
	int ret = -1;

	spool_flush(spool);
	if (sp->failed) {
		errno = ENOMEM;
		goto out;
	}
	out_flush(dst);
	put_iov_fd(dst->f, sp->iov, sp->n);
	ret = ferror(dst->f) ? -1 : 0;
out:
	spool_reset(sp);
	return ret;
}

int out_flush(struct out *o)
{
	struct iovec iov[2 * OUT_REFS + 1];
	size_t n = 0, at = 0;

	if (o->spool) {
		spool_flush(o);
		return o->spool->failed ? -1 : 0;
	}
	if (!o->n_refs) {
		if (o->len)
			fwrite(o->buf, 1, o->len, o->f);
	} else {
		for (size_t i = 0; i < o->n_refs; i++) {
			const struct out_ref *r = &o->refs[i];

			if (r->at > at) {
				iov[n].iov_base = o->buf + at;
				iov[n++].iov_len = r->at - at;
				at = r->at;
			}
			iov[n].iov_base = (void *)(uintptr_t)r->s;
			iov[n++].iov_len = r->n;
		}
		if (o->len > at) {
			iov[n].iov_base = o->buf + at;
			iov[n++].iov_len = o->len - at;
		}
		put_iov_fd(o->f, iov, n);
	}
	o->len = 0;
	o->n_refs = 0;
	o->ref_bytes = 0;
	return ferror(o->f) ? -1 : 0;
}

void out_write_ref(struct out *o, const char *s, size_t n)
{
	if (n < OUT_REF_MIN) {
		out_write(o, s, n);
		return;
	}
	o->refs[o->n_refs].s = s;
	o->refs[o->n_refs].n = n;
	o->refs[o->n_refs].at = o->len;
	o->ref_bytes += n;
	if (++o->n_refs == OUT_REFS || o->ref_bytes >= OUT_REF_BYTES)
		out_flush(o);
}

int out_error(const struct out *o)
{
	return o->spool ? o->spool->failed : ferror(o->f);
}

void out_write_slow(struct out *o, const char *s, size_t n)
{
	out_flush(o);
	if (n >= OUT_BUF) {
		if (o->spool)
			spool_piece(o->spool, spool_keep(o->spool, s, n), n);
		else
			fwrite(s, 1, n, o->f);
		return;
	}
	memcpy(o->buf, s, n);
	o->len = n;
}

void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room = OUT_BUF - o->len;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, room, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < room) {
		o->len += (size_t)n;
		return;
	}
	/* Did not fit: out of the buffer, straight to the FILE. */
	out_flush(o);
	if (o->spool) {
		char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;

		if (b) {
			va_start(ap, fmt);
			(void)vsnprintf(b, (size_t)n + 1, fmt, ap);
			va_end(ap);
			out_write(o, b, (size_t)n);
			free(b);
		} else {
			o->spool->failed = true;
		}
		return;
	}
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}
