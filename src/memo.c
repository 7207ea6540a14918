/* memo.c: the report cache (memo.h). */
#define _GNU_SOURCE	/* fopencookie */
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "plantrack/cli.h"
#include "plantrack/date.h"
#include "plantrack/doc.h"
#include "plantrack/i18n.h"
#include "plantrack/memo.h"
#include "plantrack/paths.h"
#include "plantrack/plan.h"
#include "plantrack/priv.h"
#include "plantrack/snapshot.h"
#include "plantrack/split.h"
#include "plantrack/state.h"
#include "plantrack/store.h"


#define MEMO_MAGIC "PTMEMO\r\n"
#define MEMO_FORMAT 3u
/* The report is summed a MiB at a time: the sums are checked on two
 * threads, and a damaged byte is found before anything is written. */
#define MEMO_CHUNK ((uint64_t)1 << 20)
/* How much of a chunk is read at a time when it is checked. */
#define MEMO_PIECE ((size_t)128 << 10)
#define MEMO_MAX ((uint64_t)1 << 36)
#define MEMO_FRONT_MAX ((uint64_t)1 << 24)
#define MEMO_BUILD_MAX 64
#define MEMO_CODE_LEN 40	/* a department code (at most 32) and NULs */
#define MEMO_PREFIX SNAPSHOT_REPORT_PREFIX
/* Drawn with every entry up to the clock (memo.h, memo_begin): given
 * only while every entry is still in the past. */
#define MEMO_UPTO_NOW 1u
/* An exit status kept with the output: sysexits.h's errors (64 on) are
 * never kept. */
#define MEMO_STATUS_MAX 64

struct memo_head {
	char magic[8];
	uint64_t head_sum;	/* of the front, with this field 0 */
	uint32_t format;
	uint32_t head_size;
	uint32_t build_len;
	uint32_t n_sources;
	uint8_t build[MEMO_BUILD_MAX];
	uint32_t flags;		/* MEMO_UPTO_NOW */
	uint32_t status;	/* the command's exit status (below 64) */
	uint64_t key_len;	/* the key follows the head */
	int64_t max_at;		/* the latest entry */
	uint64_t body_off;	/* the front's length: head, key, sources */
	uint64_t body_len;
	uint64_t sums_off;	/* body_off + body_len */
	uint64_t n_chunks;	/* sums of MEMO_CHUNK bytes of the body */
	/* The modification time the file was given once written (a second
	 * before its last write's): while it still has it, nothing has
	 * written to it since (memo_end). */
	int64_t seal_sec, seal_nsec;
};

struct memo_src {
	char code[MEMO_CODE_LEN];	/* "" for plan.yaml */
	uint8_t present, pad[7];
	uint64_t dev, ino, size;
	int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};

static unsigned long served;

unsigned long memo_served(void)
{
	return served;
}

bool memo_disabled_by_env(void)
{
	const char *v = getenv("PLANTRACK_NO_REPORT_CACHE");

	return v && *v && strcmp(v, "0") != 0;
}

/* ---- the key ---- */

static bool env_counts(const char *e)
{
	static const char *const names[] = {
		"LANG=", "LANGUAGE=", "TZ=", "NO_COLOR=", "COLUMNS=", "TERM=",
	};

	if (!strncmp(e, "LC_", 3) || !strncmp(e, "PLANTRACK_", 10))
		return true;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strncmp(e, names[i], strlen(names[i])))
			return true;
	return false;
}

/* A file's identity, or that it is not there. */
static void key_file(struct strbuf *key, const char *what, const char *path)
{
	struct stat st;

	if (stat(path, &st)) {
		strbuf_addf(key, "%s -\n", what);
		return;
	}
	strbuf_addf(key, "%s %ju %ju %jd %jd.%09ld %jd.%09ld\n", what,
		    (uintmax_t)st.st_dev, (uintmax_t)st.st_ino,
		    (intmax_t)st.st_size, (intmax_t)st.st_mtim.tv_sec,
		    st.st_mtim.tv_nsec, (intmax_t)st.st_ctim.tv_sec,
		    st.st_ctim.tv_nsec);
}

/* Every shared object the program has loaded: a library upgraded (libc,
 * libzip and zlib for a DOCX) may draw other bytes. */
static int object_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	if (info->dlpi_name && *info->dlpi_name)
		key_file(arg, "object", info->dlpi_name);
	return 0;
}

void memo_key(const struct cli_ctx *ctx, int argc, char **argv, bool zip,
	      struct strbuf *key)
{
	struct strbuf mo = STRBUF_INIT;
	const char *lang = i18n_language(), *tz = getenv("TZ");

	strbuf_addf(key, "plantrack report cache %u\n", MEMO_FORMAT);
	for (int i = 0; i < argc; i++) {
		strbuf_addstr(key, argv[i]);
		strbuf_addch(key, '\0');
	}
	strbuf_addf(key, "\nday %ld\ncolor %d width %d tty %d\nlang %s\n",
		    (long)date_of_time(time(NULL)), ctx->color,
		    ctx->term_width, ctx->out_is_tty, lang ? lang : "");
	for (char **e = environ; e && *e; e++)
		if (env_counts(*e)) {
			strbuf_addstr(key, *e);
			strbuf_addch(key, '\0');
		}
	key_file(key, "\nzone", "/etc/localtime");
	/* TZ=Asia/Ho_Chi_Minh names a file of the time zone database. */
	if (tz && *tz) {
		tz += *tz == ':';
		strbuf_addf(&mo, "%s%s", *tz == '/' ? "" : "/usr/share/zoneinfo/",
			    tz);
		key_file(key, "zone", mo.buf);
		strbuf_reset(&mo);
	}
	if (zip)
		(void)doc_zip_open();
	dl_iterate_phdr(object_cb, key);
	strbuf_addf(&mo, "%s/%s/LC_MESSAGES/%s.mo", paths_localedir(),
		    lang ? lang : "", PT_TEXTDOMAIN);
	key_file(key, "catalogue", mo.buf);
	strbuf_release(&mo);
}

/* ---- checking the kept report ---- */

static int read_at(int fd, void *buf, size_t len, off_t at)
{
	size_t n = 0;
	ssize_t r;

	while (n < len) {
		r = pread(fd, (char *)buf + n, len - n, at + (off_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		n += (size_t)r;
	}
	return 0;
}

static uint64_t front_sum(const unsigned char *front, size_t len)
{
	struct snapshot_hasher h;
	uint64_t zero = 0;

	snapshot_hasher_init(&h);
	snapshot_hasher_add(&h, front, offsetof(struct memo_head, head_sum));
	snapshot_hasher_add(&h, &zero, sizeof(zero));
	snapshot_hasher_add(&h, front + offsetof(struct memo_head, format),
			    len - offsetof(struct memo_head, format));
	return snapshot_hasher_end(&h);
}

/* The head alone: everything a size or an offset says fits. */
static bool head_ok(const struct memo_head *h, uint64_t size)
{
	size_t build_len;
	const unsigned char *build = snapshot_build(&build_len);
	uint64_t front;

	if (memcmp(h->magic, MEMO_MAGIC, sizeof(h->magic)) != 0 ||
	    h->format != MEMO_FORMAT || h->head_size != sizeof(*h) ||
	    h->build_len != build_len || build_len > MEMO_BUILD_MAX ||
	    memcmp(h->build, build, build_len) != 0 ||
	    (h->flags & ~MEMO_UPTO_NOW) || h->status >= MEMO_STATUS_MAX ||
	    h->key_len > MEMO_FRONT_MAX || h->n_sources < 1 ||
	    h->n_sources > MEMO_FRONT_MAX / sizeof(struct memo_src))
		return false;
	front = sizeof(*h) + h->key_len +
		(uint64_t)h->n_sources * sizeof(struct memo_src);
	return h->body_off == front && front <= size &&
	       h->body_len <= size - front &&
	       h->sums_off == front + h->body_len &&
	       h->n_chunks == (h->body_len + MEMO_CHUNK - 1) / MEMO_CHUNK &&
	       h->n_chunks <= (size - h->sums_off) / 8 &&
	       h->sums_off + h->n_chunks * 8 == size;
}

/* Every source as it was when the report was drawn. */
static bool sources_still(const char *datadir, const char *plan_path,
			  const unsigned char *recs, uint32_t n)
{
	struct memo_src r;
	struct snapshot_source k;

	for (uint32_t i = 0; i < n; i++) {
		memcpy(&r, recs + (size_t)i * sizeof(r), sizeof(r));
		if (r.code[MEMO_CODE_LEN - 1] || r.present > 1 ||
		    (i == 0) != (r.code[0] == '\0'))
			return false;
		memset(&k, 0, sizeof(k));
		k.present = r.present;
		k.dev = r.dev;
		k.ino = r.ino;
		k.size = r.size;
		k.mtime_sec = r.mtime_sec;
		k.mtime_nsec = r.mtime_nsec;
		k.ctime_sec = r.ctime_sec;
		k.ctime_nsec = r.ctime_nsec;
		if ((i == 0 && !k.present) ||
		    !snapshot_source_still(datadir, plan_path, i ? r.code : NULL,
					   &k))
			return false;
	}
	return true;
}

struct sum_check {
	int fd;
	uint64_t off, len;	/* the body in the file */
	const unsigned char *sums;
	bool bad[2];
};

/* Chunks [from, to) read and summed, a piece at a time: read into a
 * buffer that stays in the cache, not mapped, since setting up a
 * mapping's page table entries cost more than the reading (1.3 us each
 * on a paravirtual guest: 40 ms for a report of 120 MB). A piece is
 * what a core's level-2 cache holds with room to spare: read a MiB at
 * a time, the hash read back from memory what the read had just
 * written there, and a kept report of 74 MB took 20 ms to give, 15 ms
 * in pieces of 128 KiB (of 64 KiB, 20 again: twice the reads). */
static void check_chunks(size_t from, size_t to, int half, void *arg)
{
	struct sum_check *c = arg;
	unsigned char *buf = malloc((size_t)MEMO_PIECE);
	struct snapshot_hasher h;
	uint64_t want, off, n, k, m;

	if (!buf) {
		c->bad[half] = true;
		return;
	}
	for (size_t i = from; i < to && !c->bad[half]; i++) {
		off = (uint64_t)i * MEMO_CHUNK;
		n = c->len - off < MEMO_CHUNK ? c->len - off : MEMO_CHUNK;
		memcpy(&want, c->sums + i * 8, 8);
		snapshot_hasher_init(&h);
		for (k = 0; k < n; k += m) {
			m = n - k < MEMO_PIECE ? n - k : MEMO_PIECE;
			if (read_at(c->fd, buf, (size_t)m,
				    (off_t)(c->off + off + k)))
				break;
			snapshot_hasher_add(&h, buf, (size_t)m);
		}
		if (k < n || snapshot_hasher_end(&h) != want)
			c->bad[half] = true;
	}
	free(buf);
}

/* The body [off, off + len) of fd to out: by sendfile(2) when out has a
 * descriptor that takes it, else through out. 0, or 1 with errno when
 * the output failed. */
static int copy_body(int fd, uint64_t off, uint64_t len, FILE *out)
{
	unsigned char *buf;
	int ofd = fileno(out);
	off_t at = (off_t)off;
	uint64_t done = 0, n;
	ssize_t r;

	if (ofd >= 0) {
		if (fflush(out) != 0)
			return 1;
		while (done < len) {
			n = len - done < ((uint64_t)1 << 30) ? len - done
							      : (uint64_t)1 << 30;
			r = sendfile(ofd, fd, &at, (size_t)n);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			done += (uint64_t)r;
		}
		if (done == len)
			return 0;
		/* Not a descriptor sendfile writes to (O_APPEND): through
		 * out, unless some of it went already. */
		if (done || (errno != EINVAL && errno != ENOSYS))
			return 1;
	}
	buf = malloc((size_t)MEMO_CHUNK);
	if (!buf)
		return 1;
	for (; done < len; done += n) {
		n = len - done < MEMO_CHUNK ? len - done : MEMO_CHUNK;
		if (read_at(fd, buf, (size_t)n, (off_t)(off + done)) ||
		    fwrite(buf, 1, (size_t)n, out) != n)
			break;
	}
	free(buf);
	return done == len ? 0 : 1;
}

static char *slot_name(const char *slot)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, MEMO_PREFIX "%s", slot);
	return strbuf_detach(&sb, NULL);
}

int memo_serve(const char *datadir, const char *plan_path, const char *slot,
	       const struct strbuf *key, FILE *out, int *status)
{
	struct memo_head h;
	struct sum_check c;
	struct stat st;
	unsigned char *front = NULL, *sums = NULL;
	char *name = slot_name(slot);
	int dfd = -1, fd = -1, ret = -1;

	if (snapshot_dir_open(datadir, &dfd))
		goto out;
	/* Relative to the directory just checked, never through a link. */
	(void)priv_raise();
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
		    O_CLOEXEC);
	priv_lower();
	if (fd < 0 || fstat(fd, &st) || !snapshot_file_trusted(datadir, &st) ||
	    st.st_size < (off_t)sizeof(h) || (uint64_t)st.st_size > MEMO_MAX ||
	    read_at(fd, &h, sizeof(h), 0) || !head_ok(&h, (uint64_t)st.st_size))
		goto out;
	/* Cheap first: another key or a changed source is the usual no. */
	if (h.key_len != key->len)
		goto out;
	front = malloc((size_t)h.body_off);
	if (!front || read_at(fd, front, (size_t)h.body_off, 0) ||
	    front_sum(front, (size_t)h.body_off) != h.head_sum ||
	    memcmp(front + sizeof(h), key->buf, key->len) != 0 ||
	    !sources_still(datadir, plan_path,
			   front + sizeof(h) + h.key_len, h.n_sources))
		goto out;
	/* An entry from the future makes its department unreadable; and
	 * a report drawn up to the clock took every entry. */
	if (h.max_at > (int64_t)time(NULL) +
	    (h.flags & MEMO_UPTO_NOW ? 0 : STATE_CLOCK_SKEW))
		goto out;
	/* Every byte checked before the first is written, unless the file
	 * is as memo_end left it: summing and reading the body were two
	 * thirds of giving a report of 120 MB. */
	if (!snapshot_still_sealed(h.seal_sec, h.seal_nsec, &st)) {
		sums = malloc(h.n_chunks ? (size_t)h.n_chunks * 8 : 1);
		if (!sums || read_at(fd, sums, (size_t)h.n_chunks * 8,
				     (off_t)h.sums_off))
			goto out;
		c.fd = fd;
		c.off = h.body_off;
		c.len = h.body_len;
		c.sums = sums;
		c.bad[0] = c.bad[1] = false;
		split_halves((size_t)h.n_chunks, 8, check_chunks, &c);
		if (c.bad[0] || c.bad[1])
			goto out;
	}
	ret = copy_body(fd, h.body_off, h.body_len, out);
	*status = (int)h.status;
	served++;
out:
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	free(sums);
	free(front);
	free(name);
	return ret;
}

/* ---- keeping a report ---- */

struct memo_writer {
	FILE *tee;		/* what the report is written to */
	FILE *out;		/* where it goes */
	struct store_stream *file;
	int fd;
	bool failed;		/* the kept copy is not whole: dropped */
	struct strbuf front;	/* head, key and sources, as written */
	struct strbuf sums;
	struct snapshot_hasher chunk;
	uint64_t in_chunk, total;
};

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t r;

	while (len) {
		r = write(fd, p, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

static void end_chunk(struct memo_writer *w)
{
	uint64_t sum = snapshot_hasher_end(&w->chunk);

	strbuf_add(&w->sums, &sum, sizeof(sum));
	snapshot_hasher_init(&w->chunk);
	w->in_chunk = 0;
}

static void keep(struct memo_writer *w, const char *buf, size_t n)
{
	size_t take;

	if (w->failed)
		return;
	if (write_all(w->fd, buf, n)) {
		w->failed = true;
		return;
	}
	w->total += n;
	while (n) {
		take = MEMO_CHUNK - w->in_chunk < n ?
			(size_t)(MEMO_CHUNK - w->in_chunk) : n;
		snapshot_hasher_add(&w->chunk, buf, take);
		w->in_chunk += take;
		buf += take;
		n -= take;
		if (w->in_chunk == MEMO_CHUNK)
			end_chunk(w);
	}
}

/* The FILE's writes: through to out first, whatever the copy does. */
static ssize_t tee_write(void *cookie, const char *buf, size_t n)
{
	struct memo_writer *w = cookie;

	if (fwrite(buf, 1, n, w->out) != n)
		return 0;	/* fopencookie(3): 0 is the error */
	keep(w, buf, n);
	return (ssize_t)n;
}

static void writer_free(struct memo_writer *w)
{
	if (!w)
		return;
	store_stream_abort(w->file);
	strbuf_release(&w->front);
	strbuf_release(&w->sums);
	free(w);
}

/* The front of a kept report: the head (its sums left for memo_end),
 * the key, the sources; -1 when s has a racy source. */
static int make_front(struct memo_writer *w, const struct strbuf *key,
		      const struct snapshot *s, bool upto_now)
{
	const struct plan *plan = snapshot_plan(s);
	const struct snapshot_source *src;
	struct memo_head h;
	struct memo_src r;
	size_t n, build_len;
	const unsigned char *build = snapshot_build(&build_len);

	src = snapshot_sources(s, &n);
	if (!plan || !src || n != 1 + plan->n_depts ||
	    build_len > MEMO_BUILD_MAX || key->len > MEMO_FRONT_MAX)
		return -1;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MEMO_MAGIC, sizeof(h.magic));
	h.format = MEMO_FORMAT;
	h.head_size = sizeof(h);
	h.build_len = (uint32_t)build_len;
	memcpy(h.build, build, build_len);
	h.n_sources = (uint32_t)n;
	h.flags = upto_now ? MEMO_UPTO_NOW : 0;
	h.key_len = key->len;
	h.max_at = snapshot_max_at(s);
	strbuf_add(&w->front, &h, sizeof(h));
	strbuf_add(&w->front, key->buf, key->len);
	for (size_t i = 0; i < n; i++) {
		const char *code = i ? plan->depts[i - 1].code : "";

		/* A racy source is told apart by its bytes, which are not
		 * kept here: nothing is kept until it has settled. */
		if ((src[i].present && src[i].racy) ||
		    strlen(code) >= MEMO_CODE_LEN)
			return -1;
		memset(&r, 0, sizeof(r));
		memcpy(r.code, code, strlen(code));
		r.present = src[i].present;
		r.dev = src[i].dev;
		r.ino = src[i].ino;
		r.size = src[i].size;
		r.mtime_sec = src[i].mtime_sec;
		r.mtime_nsec = src[i].mtime_nsec;
		r.ctime_sec = src[i].ctime_sec;
		r.ctime_nsec = src[i].ctime_nsec;
		strbuf_add(&w->front, &r, sizeof(r));
	}
	return 0;
}

FILE *memo_begin(const char *datadir, const char *slot,
		 const struct strbuf *key, const struct snapshot *s,
		 bool upto_now, FILE *out, struct memo_writer **wp)
{
	static const cookie_io_functions_t io = { NULL, tee_write, NULL, NULL };
	struct memo_writer *w;
	struct strbuf path = STRBUF_INIT;
	int dfd = -1;

	*wp = NULL;
	if (!s || !snapshot_may_save(datadir) || snapshot_dir_open(datadir, &dfd))
		return NULL;
	close(dfd);
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->out = out;
	w->fd = -1;
	strbuf_init(&w->front, 0);
	strbuf_init(&w->sums, 0);
	snapshot_hasher_init(&w->chunk);
	strbuf_addstr(&path, datadir);
	if (path.len && path.buf[path.len - 1] != '/')
		strbuf_addch(&path, '/');
	strbuf_addf(&path, SNAPSHOT_DIR "/" MEMO_PREFIX "%s", slot);
	if (make_front(w, key, s, upto_now) ||
	    store_stream_open(path.buf, &w->file, &w->fd) ||
	    write_all(w->fd, w->front.buf, w->front.len) ||
	    !(w->tee = fopencookie(w, "w", io))) {
		strbuf_release(&path);
		writer_free(w);
		return NULL;
	}
	strbuf_release(&path);
	*wp = w;
	return w->tee;
}

int memo_end(struct memo_writer *w, bool whole, int status)
{
	struct memo_head h;
	struct stat st;
	struct timespec times[2];
	int ret = 0;

	if (!w)
		return 0;
	if (fclose(w->tee) != 0) {
		ret = -1;
		whole = false;
	}
	if (!whole || w->failed || status < 0 || status >= MEMO_STATUS_MAX)
		goto out;
	if (w->in_chunk)
		end_chunk(w);
	if (write_all(w->fd, w->sums.buf, w->sums.len) || fstat(w->fd, &st))
		goto out;
	memcpy(&h, w->front.buf, sizeof(h));
	h.body_off = w->front.len;
	h.body_len = w->total;
	h.sums_off = h.body_off + h.body_len;
	h.n_chunks = w->sums.len / 8;
	h.status = (uint32_t)status;
	/* The seal: a second before the last write. A later write gives
	 * the file the time of that write, later still (even with a
	 * filesystem's coarser clock), so a file that still has it has not
	 * been written to since; one that could not be given it is only
	 * checked, as a file without one. */
	h.seal_sec = (int64_t)st.st_mtim.tv_sec - 1;
	h.seal_nsec = st.st_mtim.tv_nsec;
	memcpy(w->front.buf, &h, sizeof(h));
	h.head_sum = front_sum((const unsigned char *)w->front.buf,
			       w->front.len);
	if (pwrite(w->fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h))
		goto out;
	times[0].tv_sec = 0;
	times[0].tv_nsec = UTIME_OMIT;
	times[1].tv_sec = (time_t)h.seal_sec;
	times[1].tv_nsec = (long)h.seal_nsec;
	(void)futimens(w->fd, times);
	(void)store_stream_commit(w->file, priv_spool() ? 0640 : 0644);
	w->file = NULL;	/* freed by commit */
out:
	writer_free(w);
	return ret;
}
