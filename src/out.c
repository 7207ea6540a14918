/* out.c: an output buffer in front of a FILE (out.h). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <unistd.h>

#include "plantrack/out.h"

void out_init(struct out *o, FILE *f)
{
	o->f = f;
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

int out_flush(struct out *o)
{
	struct iovec iov[2 * OUT_REFS + 1];
	size_t n = 0, at = 0;

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
	return ferror(o->f);
}

void out_write_slow(struct out *o, const char *s, size_t n)
{
	out_flush(o);
	if (n >= OUT_BUF) {
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
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}
