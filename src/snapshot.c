/* snapshot.c: the derived image of a data directory (snapshot.h).
 *
 * The image, native byte order (the build id pins the machine):
 *
 *   header      magic, checksum of everything after it, format, build
 *               id, size, the latest entry's time, where the four
 *               parts below are, and the seal: the modification time the
 *               file was given once written (snapshot_open)
 *   sources     one key per source file: plan.yaml, then each
 *               department's state.yaml in plan order (its code)
 *   plan        the plan's tables as fixed records of 32- and 64-bit
 *               words: counts, numbers, enumerations, references by
 *               position (a task's group, a refs' departments and
 *               parties) and strings by offset
 *   entries     their count, a seam (how many entries the first half
 *               has, and where the second starts: two threads decode
 *               one each), then every entry as state_load_all merges
 *               them: kind, set bits, department, position, a lead's
 *               entry's lead slot (a hint, state.h), then each field the
 *               entry has, in schema.h's order, by its kind (schema.h's
 *               table says which: a new field or entry type needs
 *               nothing here)
 *   fold        the fold of every entry (state_fold at the latest, which
 *               is the fold at any instant from then on): each subject's
 *               current fields as entry positions, and what a command
 *               reads off it (status, texts, times) as values and string
 *               offsets, so that a command that needs only the present
 *               decodes no entry and folds nothing (snapshot_fold)
 *   strings     every short string once (built whole), NUL-terminated,
 *               after its text facts
 *               (textscan.h: whether a terminal or JSON may be given it
 *               as it is, its length), which printers read instead of
 *               scanning it again; the last byte is a NUL, so that any
 *               offset into it is a C string that ends inside the image;
 *               a refreshed image's begin with the old image's as they
 *               were, some perhaps no longer used, and what is new comes
 *               after them (head.grown counts it)
 *
 * Loading is checking: every count against the bytes left, every offset
 * against its part, every position against its table, every enumeration
 * against its names, every number against its field's range. The model
 * built from it is the loader's: structs in the plan's arena and the
 * state's array, strings in the mapped image.
 */
#define _GNU_SOURCE	/* dl_iterate_phdr */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "plantrack/arena.h"
#include "plantrack/date.h"
#include "plantrack/priv.h"
#include "plantrack/schema.h"
#include "plantrack/snapshot.h"
#include "plantrack/split.h"
#include "plantrack/state.h"
#include "plantrack/store.h"
#include "plantrack/strbuf.h"
#include "plantrack/textscan.h"
#include "state_int.h"

#define FORMAT 10
/* A smaller image is mapped whole and summed before its plan is built;
 * a larger one is mapped and summed by a thread of its own meanwhile
 * (build_plan_checked): a thread costs more than it saves on a small
 * one. */
#define SUM_THREAD_MIN ((size_t)4 << 20)
#define MAGIC "PTSNAP\r\n"
#define BUILD_ID_MAX 64
/* Strings and parts are reached by 32-bit offsets. */
#define IMAGE_MAX ((uint64_t)UINT32_MAX)
#define SNAP_NULL UINT32_MAX
/* Strings up to this long are stored once however often they occur. */
#define INTERN_MAX 64
/* A refresh keeps the old image's strings (build_image's keep) while
 * what refreshes added to them is at most this part of them. */
#define REFRESH_GROWN_MAX 8
/* A department code, as plan_load allows them, is short and plain. */
#define CODE_MAX 32

/* The model the image is read into: a change to one of these structs
 * needs the encoder and decoder below (and FORMAT) changed with it. On
 * other data models the sizes differ; the build id keeps images apart. */
#if UINTPTR_MAX == UINT64_MAX
_Static_assert(sizeof(struct plan) == 320, "struct plan changed: snapshot.c");
_Static_assert(sizeof(struct plan_meta) == 96, "plan_meta changed: snapshot.c");
_Static_assert(sizeof(struct plan_dept) == 56, "plan_dept changed: snapshot.c");
_Static_assert(sizeof(struct plan_party) == 40, "plan_party changed");
_Static_assert(sizeof(struct plan_refs) == 24, "plan_refs changed");
_Static_assert(sizeof(struct plan_deadline) == 16, "plan_deadline changed");
_Static_assert(sizeof(struct plan_group) == 16, "plan_group changed");
_Static_assert(sizeof(struct plan_task) == 88, "plan_task changed");
_Static_assert(sizeof(struct plan_indicator) == 88, "plan_indicator changed");
_Static_assert(sizeof(struct plan_duty) == 64, "plan_duty changed");
_Static_assert(sizeof(struct plan_period) == 48, "plan_period changed");
_Static_assert(sizeof(struct plan_reports) == 56, "plan_reports changed");
/* Members outside schema.h's table: kind, at and utc_offset (header
 * rows), dept, line, col, set. Everything else comes from the table. */
_Static_assert(sizeof(struct state_entry) == 152,
	       "state_entry changed: a member outside schema.h's table "
	       "needs snapshot.c");
#endif

struct head {
	char magic[8];
	uint64_t checksum;	/* of bytes [16, size) */
	uint32_t format;
	uint32_t head_size;
	uint32_t build_id_len;
	uint8_t build_id[BUILD_ID_MAX];
	uint32_t n_sources;
	uint64_t size;		/* of the whole image */
	int64_t max_at;		/* the latest entry (0 when none) */
	uint64_t sources_off, plan_off, plan_len, entries_off, entries_len;
	uint64_t fold_off, fold_len;
	uint64_t strings_off, strings_len;
	/* The bytes of strings refreshes added since the image was last
	 * built whole (build_image's keep: a refresh keeps the strings the
	 * old image had, used or not, and adds after them). */
	uint64_t grown;
	/* The modification time the file is given once written, a second
	 * before the image was made: while it still has it, nothing has
	 * written to it since, and it is not summed again (sealed). */
	int64_t seal_sec, seal_nsec;
	/* The head a multiple of a cache line, as it was before the seal,
	 * so that the parts after it keep their alignment (a list of
	 * 100 000 tasks drawn from parts 16 bytes further on looked 10%
	 * slower, within this machine's noise). */
	uint64_t pad[6];
};
_Static_assert(sizeof(struct head) % 64 == 0, "head is not whole lines");

struct src_rec {
	uint32_t code;		/* a department's code; SNAP_NULL: plan.yaml */
	uint8_t present, racy, pad[2];
	uint64_t dev, ino, size;
	int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
	uint64_t hash;
};

/* The arrays the checksum thread gives their pages (sum_run): the
 * entries and their hints (state_decode), the fold's lead slots, the
 * current values of the leads that reported, the coordinating notes. */
enum room {
	ROOM_ENTRIES,
	ROOM_HINTS,
	ROOM_LEADS,
	ROOM_LEAD_CUR,
	ROOM_LEAD_TEXTS,
	ROOM_NOTES,
	N_ROOMS
};

struct snapshot {
	const unsigned char *base;
	size_t size;
	bool mapped;			/* else malloc'd */
	struct plan *plan;		/* owned */
	const char *strings;
	size_t strings_len;
	uint64_t grown;			/* head.grown */
	const unsigned char *entries;
	size_t entries_len;
	const unsigned char *fold;
	size_t fold_len;
	struct snapshot_source *src;	/* 1 + plan->n_depts keys */
	size_t n_src;
	int64_t max_at;
	/* Racy keys that have since settled: snapshot_settle saves them
	 * without their hashes, in an image that must still be the file
	 * at image_st. */
	bool settle;
	char *datadir;			/* owned, with settle */
	struct stat image_st;
	/* What snapshot_open's want asked for, decoded while the checksum
	 * was made, until snapshot_state and snapshot_fold hand it over:
	 * owned until then. pre_given: the state handed over, the only
	 * one pre_fold (when not bare) belongs to. */
	struct state *pre_state;
	const struct state *pre_given;
	struct fold pre_fold;
	bool has_pre_fold;
	/* Zeroed memory for the arrays whose pages the other thread gave
	 * while the plan was built (build_plan_checked), as large as the
	 * image says, or NULL: owned until a decoder (dec_entries,
	 * fold_decode) takes it (room_take). */
	void *room[N_ROOMS];
	size_t room_size[N_ROOMS];
};

/* The snapshot this process opened last: a writer refreshes from it. */
static struct snapshot *opened;

/* ---- the hash (after XXH64's rounds: four lanes, 32 bytes a step) ---- */

#define P1 11400714785074694791ULL
#define P2 14029467366897019727ULL
#define P3 1609587929392839161ULL
#define P4 9650029242287828579ULL
#define P5 2870177450012600261ULL

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t round64(uint64_t acc, uint64_t in)
{
	return rotl(acc + in * P2, 31) * P1;
}

static uint64_t merge64(uint64_t h, uint64_t v)
{
	return (h ^ round64(0, v)) * P1 + P4;
}

static uint64_t load64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Full 32-byte steps of p[0..n) (n a multiple of 32) into h's lanes. */
static void hash_steps(struct snapshot_hasher *h, const unsigned char *p,
		       size_t n)
{
	uint64_t v1 = h->v[0], v2 = h->v[1], v3 = h->v[2], v4 = h->v[3];

	for (size_t i = 0; i < n; i += 32) {
		v1 = round64(v1, load64(p + i));
		v2 = round64(v2, load64(p + i + 8));
		v3 = round64(v3, load64(p + i + 16));
		v4 = round64(v4, load64(p + i + 24));
	}
	h->v[0] = v1;
	h->v[1] = v2;
	h->v[2] = v3;
	h->v[3] = v4;
}

void snapshot_hasher_init(struct snapshot_hasher *h)
{
	memset(h, 0, sizeof(*h));
	h->v[0] = P1 + P2;
	h->v[1] = P2;
	h->v[3] = 0 - P1;
}

void snapshot_hasher_add(struct snapshot_hasher *h, const void *buf,
			 size_t len)
{
	const unsigned char *p = buf;
	size_t k;

	h->total += len;
	if (!len)
		return;
	if (h->n) {
		k = sizeof(h->buf) - h->n < len ? sizeof(h->buf) - h->n : len;
		memcpy(h->buf + h->n, p, k);
		h->n += k;
		p += k;
		len -= k;
		if (h->n < sizeof(h->buf))
			return;
		hash_steps(h, h->buf, sizeof(h->buf));
		h->n = 0;
	}
	k = len - len % 32;
	hash_steps(h, p, k);
	if (len > k)
		memcpy(h->buf, p + k, len - k);
	h->n = len - k;
}

uint64_t snapshot_hasher_end(const struct snapshot_hasher *h)
{
	const unsigned char *p = h->buf;
	const uint64_t *v = h->v;
	uint64_t x;
	size_t i = 0;

	if (h->total >= 32) {
		x = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) +
		    rotl(v[3], 18);
		x = merge64(merge64(merge64(merge64(x, v[0]), v[1]), v[2]),
			    v[3]);
	} else {
		x = P5;
	}
	x += h->total;
	for (; h->n - i >= 8; i += 8)
		x = rotl(x ^ round64(0, load64(p + i)), 27) * P1 + P4;
	for (; i < h->n; i++)
		x = rotl(x ^ (p[i] * P5), 11) * P1;
	x ^= x >> 33;
	x *= P2;
	x ^= x >> 29;
	x *= P3;
	return x ^ (x >> 32);
}

uint64_t snapshot_hash(const void *buf, size_t len)
{
	struct snapshot_hasher h;

	snapshot_hasher_init(&h);
	snapshot_hasher_add(&h, buf, len);
	return snapshot_hasher_end(&h);
}

/* ---- the build ---- */

struct build_id {
	uint8_t bytes[BUILD_ID_MAX];
	uint32_t len;
};

static int note_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct build_id *id = arg;

	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const unsigned char *p, *end;

		if (ph->p_type != PT_NOTE)
			continue;
		p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
		end = p + ph->p_memsz;
		while (end - p >= (ptrdiff_t)sizeof(ElfW(Nhdr))) {
			ElfW(Nhdr) nh;
			size_t name, desc;

			memcpy(&nh, p, sizeof(nh));
			name = (nh.n_namesz + 3u) & ~3u;
			desc = (nh.n_descsz + 3u) & ~3u;
			p += sizeof(nh);
			if ((size_t)(end - p) < name + desc)
				break;
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    !memcmp(p, "GNU", 4) && nh.n_descsz > 0 &&
			    nh.n_descsz <= BUILD_ID_MAX) {
				memcpy(id->bytes, p + name, nh.n_descsz);
				id->len = nh.n_descsz;
				return 1;
			}
			p += name + desc;
		}
	}
	return 1;	/* the first object is the program: stop there */
}

/* The program's ELF build id; without one, the version and the time
 * this file was compiled. */
static const struct build_id *build_id(void)
{
	static struct build_id id;
	static const char fallback[] = PT_VERSION " " __DATE__ " " __TIME__;
	uint64_t h;

	if (id.len)
		return &id;
	dl_iterate_phdr(note_cb, &id);
	if (!id.len) {
		h = snapshot_hash(fallback, sizeof(fallback));
		memcpy(id.bytes, &h, sizeof(h));
		id.len = sizeof(h);
	}
	return &id;
}

/* ---- keys ---- */

static void realtime(struct timespec *ts)
{
	/* The file system's clock, not time(), which tests may wrap. */
	if (clock_gettime(CLOCK_REALTIME, ts)) {
		ts->tv_sec = 0;
		ts->tv_nsec = 0;
	}
}

/* The seal of an image about to be written (struct head): a second
 * before now. A write after the file is given it gives the file the
 * time of that write, later still even by a file system's coarser
 * clock; so while the file has it, it is as it was written. */
static void seal_now(struct head *h)
{
	struct timespec now;

	realtime(&now);
	h->seal_sec = (int64_t)now.tv_sec - 1;
	h->seal_nsec = now.tv_nsec;
}

bool snapshot_still_sealed(int64_t sec, int64_t nsec, const struct stat *st)
{
	return sec > 0 && (int64_t)st->st_mtim.tv_sec == sec &&
	       (int64_t)st->st_mtim.tv_nsec == nsec;
}

/* Whether a file last changed at ctime may still be changed again into
 * one with the same stat: its timestamp is not yet in the past by more
 * than the coarsest granule (or the clock went back). */
static bool is_racy(int64_t ctime_sec, const struct timespec *now)
{
	return (int64_t)now->tv_sec - ctime_sec <= SNAPSHOT_RACY_SECONDS;
}

static void key_of_stat(struct snapshot_source *src, const struct stat *st)
{
	memset(src, 0, sizeof(*src));
	src->present = true;
	src->dev = (uint64_t)st->st_dev;
	src->ino = (uint64_t)st->st_ino;
	src->size = (uint64_t)st->st_size;
	src->mtime_sec = (int64_t)st->st_mtim.tv_sec;
	src->mtime_nsec = (int64_t)st->st_mtim.tv_nsec;
	src->ctime_sec = (int64_t)st->st_ctim.tv_sec;
	src->ctime_nsec = (int64_t)st->st_ctim.tv_nsec;
}

void snapshot_source_read(struct snapshot_source *src, const struct stat *st,
			  const void *buf, size_t len)
{
	struct timespec now;

	key_of_stat(src, st);
	realtime(&now);
	if (is_racy(src->ctime_sec, &now) || is_racy(src->mtime_sec, &now)) {
		src->racy = true;
		src->hash = snapshot_hash(buf, len);
	}
}

void snapshot_source_absent(struct snapshot_source *src)
{
	memset(src, 0, sizeof(*src));
}

static bool same_stat(const struct snapshot_source *a,
		      const struct snapshot_source *b)
{
	return a->present == b->present &&
	       (!a->present ||
		(a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
		 a->mtime_sec == b->mtime_sec &&
		 a->mtime_nsec == b->mtime_nsec &&
		 a->ctime_sec == b->ctime_sec &&
		 a->ctime_nsec == b->ctime_nsec));
}

bool snapshot_disabled_by_env(void)
{
	const char *v = getenv("PLANTRACK_NO_SNAPSHOT");

	return v && *v && strcmp(v, "0") != 0;
}

/* ---- paths ---- */

static char *data_path(const char *datadir, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, datadir);
	if (sb.len && sb.buf[sb.len - 1] != '/')
		strbuf_addch(&sb, '/');
	strbuf_addstr(&sb, name);
	return strbuf_detach(&sb, NULL);
}

/* As state_load_all names a department's file. */
static char *dept_path(const char *datadir, const char *code)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, datadir);
	if (sb.len && sb.buf[sb.len - 1] != '/')
		strbuf_addch(&sb, '/');
	strbuf_addf(&sb, "departments/%s/state.yaml", code);
	return strbuf_detach(&sb, NULL);
}

static bool plain_code(const char *s)
{
	size_t i;

	if (!(s[0] >= 'A' && s[0] <= 'Z'))
		return false;
	for (i = 1; s[i]; i++)
		if (i >= CODE_MAX || !((s[i] >= 'A' && s[i] <= 'Z') ||
				       (s[i] >= '0' && s[i] <= '9') ||
				       s[i] == '_'))
			return false;
	return true;
}

/* Reads all of fd (a regular file of size bytes) and hashes it. */
static int hash_fd(int fd, uint64_t size, uint64_t *out)
{
	char *buf;
	size_t n = 0;
	ssize_t r;
	int ret = -1;

	if (size > IMAGE_MAX)
		return -1;
	buf = malloc(size ? (size_t)size : 1);
	if (!buf)
		return -1;
	while (n < size) {
		r = pread(fd, buf + n, (size_t)size - n, (off_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto out;
		n += (size_t)r;
	}
	*out = snapshot_hash(buf, n);
	ret = 0;
out:
	free(buf);
	return ret;
}

/* Whether the file at path is still the one key names. */
static bool source_matches(const char *path, const struct snapshot_source *key)
{
	struct snapshot_source now;
	struct stat st;
	uint64_t h;
	int fd;
	bool ok;

	if (store_stat_quiet(path, &st)) {
		if (errno != ENOENT)
			return false;
		snapshot_source_absent(&now);
	} else {
		if (!S_ISREG(st.st_mode))
			return false;
		key_of_stat(&now, &st);
	}
	if (!same_stat(&now, key))
		return false;
	if (!key->present || !key->racy)
		return true;
	/* Racy: the bytes must be those that were read. */
	if (store_open_quiet(path, &fd, &st))
		return false;
	key_of_stat(&now, &st);
	ok = same_stat(&now, key) && !hash_fd(fd, now.size, &h) &&
	     h == key->hash;
	close(fd);
	return ok;
}

/* ---- where the snapshot lives, and who may trust it ---- */

/* The data directory's owner (the one who may save), or -1. */
static int data_owner(const char *datadir, uid_t *uid)
{
	struct stat st;

	if (stat(datadir, &st) || !S_ISDIR(st.st_mode))
		return -1;
	*uid = st.st_uid;
	return 0;
}

/* The snapshot directory is closed to everyone but plantrack (spool
 * mode), or the data directory owner's and writable by no one else. */
static bool trusted_dir(const struct stat *st, uid_t owner)
{
	if (!S_ISDIR(st->st_mode))
		return false;
	if (priv_spool())
		return st->st_uid == 0 && st->st_gid == priv_group() &&
		       !(st->st_mode & 0007);
	return st->st_uid == owner && !(st->st_mode & 0022);
}

static bool trusted_file(const struct stat *st, uid_t owner)
{
	if (!S_ISREG(st->st_mode))
		return false;
	if (priv_spool())
		return st->st_gid == priv_group() && !(st->st_mode & 0002);
	return st->st_nlink == 1 && st->st_uid == owner &&
	       !(st->st_mode & 0022);
}

/* Opens the snapshot directory; with create, makes it when this process
 * may save there. *dfd (caller closes) is open on a trusted directory. */
static int open_dir(const char *datadir, bool create, int *dfd)
{
	char *path = data_path(datadir, SNAPSHOT_DIR);
	struct stat st;
	uid_t owner;
	mode_t mode = 0;
	bool created = false, spool = priv_spool();
	int fd = -1, ret = -1;

	*dfd = -1;
	if (data_owner(datadir, &owner))
		goto out;
	if (create) {
		/* Only root makes the spool's closed directory; elsewhere
		 * only the data directory's owner saves. */
		if (spool ? geteuid() != 0 && !priv_held() : geteuid() != owner)
			goto out;
		mode = spool ? (geteuid() == 0 ? 02770 : 0) : 0755;
	}
	if (store_open_dir_quiet(path, mode, &fd, &st, &created))
		goto out;
	if (created && spool) {
		/* chown clears the setgid bit: chmod after it. */
		if (fchown(fd, 0, priv_group()) || fchmod(fd, 02770) ||
		    fstat(fd, &st))
			goto out;
	}
	if (!trusted_dir(&st, owner))
		goto out;
	*dfd = fd;
	fd = -1;
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return ret;
}

/* ---- writing ---- */

struct wbuf {
	unsigned char *p;
	size_t len, cap;
	bool failed;
};

static void w_put(struct wbuf *b, const void *d, size_t n)
{
	unsigned char *np;
	size_t cap;

	if (b->failed)
		return;
	if (n > b->cap - b->len) {
		cap = b->cap ? b->cap : 4096;
		while (cap - b->len < n) {
			if (cap > SIZE_MAX / 2) {
				b->failed = true;
				return;
			}
			cap *= 2;
		}
		np = realloc(b->p, cap);
		if (!np) {
			b->failed = true;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

/* Room for n bytes in all, asked for at once: a buffer grown by
 * doubling is copied at each step, the old and the new both in memory. */
static void w_reserve(struct wbuf *b, size_t n)
{
	unsigned char *np;

	if (b->failed || n <= b->cap)
		return;
	np = realloc(b->p, n);
	if (!np)
		return;		/* w_put grows it as it goes */
	b->p = np;
	b->cap = n;
}

static void w_u8(struct wbuf *b, uint8_t v)
{
	w_put(b, &v, sizeof(v));
}

static void w_u32(struct wbuf *b, uint32_t v)
{
	w_put(b, &v, sizeof(v));
}

static void w_i32(struct wbuf *b, int32_t v)
{
	w_put(b, &v, sizeof(v));
}

static void w_i64(struct wbuf *b, int64_t v)
{
	w_put(b, &v, sizeof(v));
}

static void w_u64(struct wbuf *b, uint64_t v)
{
	w_put(b, &v, sizeof(v));
}

static void w_f64(struct wbuf *b, double v)
{
	w_put(b, &v, sizeof(v));
}

/* The strings, each short one once. */
struct strtab {
	struct wbuf b;
	uint32_t *slot;		/* offset in b + 1 (0: empty) */
	size_t mask, n;
	/* A refresh's: the old image's strings, which the new one begins
	 * with as they are (b holds what follows them), so that a string
	 * of the old image is where it was, found without a probe. Not
	 * owned. NULL: none. */
	const char *old;
	size_t old_len;
};

static uint64_t str_hash(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	while (len--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static int tab_grow(struct strtab *t)
{
	size_t cap = t->slot ? (t->mask + 1) * 2 : 1024, i, j;
	uint32_t *ns = mem_calloc_huge(cap, sizeof(*ns));

	if (!ns)
		return -1;
	for (i = 0; t->slot && i <= t->mask; i++) {
		const char *s;

		if (!t->slot[i])
			continue;
		s = (const char *)t->b.p + t->slot[i] - 1;
		for (j = str_hash(s, strlen(s)) & (cap - 1); ns[j];
		     j = (j + 1) & (cap - 1))
			;
		ns[j] = t->slot[i];
	}
	free(t->slot);
	t->slot = ns;
	t->mask = cap - 1;
	return 0;
}

/* The offset of s in the strings (SNAP_NULL for NULL). */
static uint32_t str_ref(struct strtab *t, const char *s)
{
	unsigned char head[TEXTFACTS_HEAD];
	size_t len, i = 0;
	unsigned facts;
	uint32_t ref;
	bool intern, known;

	if (!s)
		return SNAP_NULL;
	/* A string of the old image: its offset is its place there (the
	 * old strings were checked to end in a NUL, so it ends there). */
	if (t->old && (uintptr_t)s >= (uintptr_t)t->old &&
	    (uintptr_t)s - (uintptr_t)t->old < t->old_len)
		return (uint32_t)((uintptr_t)s - (uintptr_t)t->old);
	/* A string of the image a writer refreshes has its head already:
	 * the same bytes textfacts_head would make of it, in any locale. */
	known = textfacts_get(s, &len, &facts);
	if (!known)
		len = strlen(s);
	intern = len <= INTERN_MAX;
	if (intern) {
		if ((t->n + 1) * 2 > (t->slot ? t->mask + 1 : 0) &&
		    tab_grow(t)) {
			t->b.failed = true;
			return 0;
		}
		/* tab_grow made the slots; a slot in use points into b. */
		if (!t->slot) {
			t->b.failed = true;
			return 0;
		}
		for (i = str_hash(s, len) & t->mask; t->b.p && t->slot[i];
		     i = (i + 1) & t->mask) {
			const char *o = (const char *)t->b.p + t->slot[i] - 1;

			if (!memcmp(o, s, len + 1))
				return (uint32_t)(t->old_len + t->slot[i] - 1);
		}
	}
	if (t->old_len + t->b.len >= IMAGE_MAX - len - 2 - TEXTFACTS_HEAD) {
		t->b.failed = true;
		return 0;
	}
	/* Its facts before it (textscan.h): a printer need not scan it. */
	if (known)
		memcpy(head, s - TEXTFACTS_HEAD, sizeof(head));
	else
		textfacts_head(head, s, len);
	w_put(&t->b, head, sizeof(head));
	ref = (uint32_t)t->b.len;
	w_put(&t->b, s, len + 1);
	if (intern && !t->b.failed) {
		t->slot[i] = ref + 1;
		t->n++;
	}
	return (uint32_t)(t->old_len + ref);
}

struct enc {
	struct wbuf out;	/* the plan, then the entries */
	struct strtab strs;
	const struct plan *plan;
	bool bad;		/* something the image cannot say */
	/* Where each entry's strings went, by field (its type's order) and
	 * its user apart: the fold's records point at the entries' strings
	 * rather than store a text twice. NULL while encoding the plan. */
	uint32_t *text_off;	/* entry * STATE_MAX_FIELDS + field */
	uint32_t *user_off;	/* entry */
	/* The task of the entry being encoded, by its hint (state_hint),
	 * when its task id is that task's very pointer; else NULL. */
	const struct plan_task *task;
};

static uint32_t e_str(struct enc *e, const char *s)
{
	uint32_t ref = str_ref(&e->strs, s);

	w_u32(&e->out, ref);
	return ref;
}

static void e_list(struct enc *e, const char *const *v, size_t n)
{
	if (n > UINT32_MAX)
		e->bad = true;
	w_u32(&e->out, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		e_str(e, v[i]);
}

/* A department or party code as its position: departments first. */
static uint32_t code_pos(struct enc *e, const char *code, bool dept_only)
{
	const struct plan *p = e->plan;
	const struct plan_dept *d = plan_dept_find(p, code);
	const struct plan_party *pa;

	if (d)
		return (uint32_t)(d - p->depts);
	pa = dept_only ? NULL : plan_party_find(p, code);
	if (!pa) {
		e->bad = true;
		return 0;
	}
	return (uint32_t)(p->n_depts + (size_t)(pa - p->parties));
}

static void e_refs(struct enc *e, const struct plan_refs *r, bool dept_only)
{
	w_u32(&e->out, (uint32_t)r->n);
	for (size_t i = 0; i < r->n; i++)
		w_u32(&e->out, code_pos(e, r->codes[i], dept_only));
	e_str(e, r->text);
}

static void e_count(struct enc *e, size_t n)
{
	if (n > UINT32_MAX)
		e->bad = true;
	w_u32(&e->out, (uint32_t)n);
}

static void enc_plan(struct enc *e)
{
	const struct plan *p = e->plan;
	const struct plan_meta *m = &p->meta;
	const struct plan_reports *rp = &p->reports;
	struct wbuf *o = &e->out;
	size_t i;

	e_str(e, m->issuer);
	e_str(e, m->commune);
	e_str(e, m->city);
	e_str(e, m->number);
	e_str(e, m->place_date);
	e_str(e, m->title);
	w_i32(o, m->year);
	e_list(e, m->legal_bases, m->n_legal_bases);
	e_str(e, m->signer_name);
	e_str(e, m->signer_title);
	e_str(e, m->signer_authority);

	e_count(e, p->n_depts);
	e_count(e, p->n_parties);
	e_count(e, p->n_indicators);
	e_count(e, p->n_groups);
	e_count(e, p->n_tasks);
	e_count(e, p->n_periods);
	e_count(e, p->n_duties);
	for (i = 0; i < p->n_depts; i++) {
		const struct plan_dept *d = &p->depts[i];

		e_str(e, d->code);
		e_str(e, d->name);
		e_str(e, d->group);
		e_list(e, d->aliases, d->n_aliases);
		e_str(e, d->head.title);
		e_str(e, d->head.name);
	}
	for (i = 0; i < p->n_parties; i++) {
		const struct plan_party *pa = &p->parties[i];

		e_str(e, pa->code);
		e_str(e, pa->name);
		w_u32(o, (uint32_t)pa->kind);
		e_list(e, pa->aliases, pa->n_aliases);
	}
	for (i = 0; i < p->n_indicators; i++) {
		const struct plan_indicator *in = &p->indicators[i];

		w_i32(o, in->number);
		e_str(e, in->name);
		e_str(e, in->unit);
		w_u32(o, (uint32_t)in->op);
		w_f64(o, in->target);
		e_str(e, in->target_text);
		e_refs(e, &in->executing, false);
		w_u32(o, code_pos(e, in->monitoring, true));
		e_str(e, in->monitoring_text);
	}
	for (i = 0; i < p->n_groups; i++) {
		e_str(e, p->groups[i].id);
		e_str(e, p->groups[i].title);
	}
	for (i = 0; i < p->n_tasks; i++) {
		const struct plan_task *t = &p->tasks[i];
		const struct plan_group *g = plan_group_find(p, t->group);

		if (!g)
			e->bad = true;
		e_str(e, t->id);
		w_u32(o, g ? (uint32_t)(g - p->groups) : 0);
		e_str(e, t->description);
		e_refs(e, &t->lead, true);
		e_refs(e, &t->coordinating, false);
		w_u32(o, (uint32_t)t->deadline.kind);
		w_i32(o, t->deadline.date);
		e_str(e, t->deadline.text);
	}
	for (i = 0; i < p->n_periods; i++) {
		const struct plan_period *pd = &p->periods[i];

		e_str(e, pd->id);
		e_str(e, pd->name);
		w_i32(o, pd->start);
		w_i32(o, pd->end);
		w_i32(o, pd->department_due);
		w_i32(o, pd->consolidated_due);
		w_u32(o, code_pos(e, pd->consolidator, true));
		e_str(e, pd->recipient);
	}
	for (i = 0; i < p->n_duties; i++) {
		const struct plan_duty *du = &p->duties[i];

		w_i32(o, du->number);
		e_str(e, du->text);
		e_refs(e, &du->lead, false);
		e_refs(e, &du->coordinating, false);
	}
	e_str(e, rp->agency);
	e_str(e, rp->place);
	e_str(e, rp->symbol);
	e_list(e, rp->recipients, rp->n_recipients);
	e_list(e, rp->department_recipients, rp->n_department_recipients);
}

/* One field of an entry, by its kind (schema.h). */
/* Writes field f of x when x has it; the offset of its string, or
 * SNAP_NULL. */
static uint32_t enc_field(struct enc *e, const struct state_entry *x,
			  const struct schema_field *f)
{
	struct wbuf *o = &e->out;
	const struct plan_task *t;
	const struct plan_period *pd;

	if (!schema_is_set(x, f))
		return SNAP_NULL;
	switch (f->kind) {
	case SCHEMA_TYPE:
		break;	/* the entry's kind, written first */
	case SCHEMA_INSTANT:
		w_i64(o, (int64_t)x->at);
		w_i32(o, x->utc_offset);
		break;
	case SCHEMA_USER:
	case SCHEMA_TEXT:
		return e_str(e, schema_get_str(x, f));
	case SCHEMA_UID:
		w_i64(o, schema_get_int(x, f));
		break;
	case SCHEMA_INT:
	case SCHEMA_ENUM:
	case SCHEMA_INDICATOR:
		w_i32(o, (int32_t)schema_get_int(x, f));
		break;
	case SCHEMA_NUMBER:
		w_f64(o, schema_get_number(x, f));
		break;
	case SCHEMA_BOOL:
		w_u8(o, schema_get_bool(x, f));
		break;
	case SCHEMA_TASK:
		/* Its position (the hint) and its id, the plan's string:
		 * reading the id off the task at its position was a cache
		 * miss an entry, 80 % of the decoding at 100 000 tasks. */
		t = e->task && e->task->id == schema_get_str(x, f) ? e->task :
		    plan_task_find(e->plan, schema_get_str(x, f));
		if (!t)
			e->bad = true;
		w_u32(o, t ? (uint32_t)(t - e->plan->tasks) : 0);
		e_str(e, t ? t->id : "");
		break;
	case SCHEMA_PERIOD:
		pd = plan_period_find(e->plan, schema_get_str(x, f));
		if (!pd)
			e->bad = true;
		w_u32(o, pd ? (uint32_t)(pd - e->plan->periods) : 0);
		break;
	}
	return SNAP_NULL;
}

/* A lead's entry's slot (state_hint.slot), or UINT32_MAX. */
static uint32_t lead_slot_hint(const struct plan *p,
			       const struct state_entry *x)
{
	const struct plan_task *t;
	long slot;

	if (x->kind != ENTRY_TASK || x->role != ROLE_LEAD || !x->task ||
	    !x->dept)
		return UINT32_MAX;
	t = plan_task_find(p, x->task);
	slot = t ? plan_lead_slot(p, t, x->dept) : -1;
	return slot < 0 || slot >= (long)UINT32_MAX ? UINT32_MAX :
	       (uint32_t)slot;
}

/* Entry number k, x; slot, its lead slot hint (lead_slot_hint). */
static void enc_entry(struct enc *e, size_t k, const struct state_entry *x,
		      uint32_t slot)
{
	const struct schema_type *t = schema_type_of(x->kind);
	const struct plan_dept *d = x->dept ? plan_dept_find(e->plan, x->dept) :
				    NULL;
	uint32_t ref;
	size_t i;

	if (!t || !d || x->line > UINT32_MAX || x->col > UINT32_MAX) {
		e->bad = true;
		return;
	}
	w_u32(&e->out, (uint32_t)x->kind);
	w_u32(&e->out, x->set);
	w_u32(&e->out, (uint32_t)(d - e->plan->depts));
	w_u32(&e->out, (uint32_t)x->line);
	w_u32(&e->out, (uint32_t)x->col);
	w_u32(&e->out, slot);
	for (i = 0; i < schema_n_header; i++) {
		ref = enc_field(e, x, &schema_header[i]);
		if (schema_header[i].kind == SCHEMA_USER)
			e->user_off[k] = ref;
	}
	for (i = 0; i < t->n_fields && i < STATE_MAX_FIELDS; i++)
		e->text_off[k * STATE_MAX_FIELDS + i] =
			enc_field(e, x, &t->fields[i]);
	if (t->n_fields > STATE_MAX_FIELDS)
		e->bad = true;
}

/* ---- the fold ---- */

/* The position of entry x of st, or SNAP_NULL for none. */
static uint32_t entry_pos(struct enc *e, const struct state *st,
			  const struct state_entry *x)
{
	if (!x)
		return SNAP_NULL;
	if (x < st->entries || x >= st->entries + st->n) {
		e->bad = true;
		return SNAP_NULL;
	}
	return (uint32_t)(x - st->entries);
}

/* The offset of string s, which must be field key of the entry the
 * subject c took it from (the fold's texts are the entries' strings),
 * or SNAP_NULL when s is NULL. */
static uint32_t fold_text(struct enc *e, const struct state *st,
			  const struct state_current *c, const char *key,
			  const char *s)
{
	const struct schema_field *f = schema_field(c->type, key);
	const struct state_entry *x = f ? state_current_src(c, f) : NULL;
	uint32_t k = entry_pos(e, st, x);

	if (!s)
		return SNAP_NULL;
	if (!x || k == SNAP_NULL || schema_get_str(x, f) != s) {
		e->bad = true;
		return SNAP_NULL;
	}
	return e->text_off[(size_t)k * STATE_MAX_FIELDS +
			   (size_t)(f - c->type->fields)];
}

/* The user of entry x, as an offset. */
static uint32_t fold_user(struct enc *e, const struct state *st,
			  const struct state_entry *x, const char *user)
{
	uint32_t k = entry_pos(e, st, x);

	if (!user)
		return SNAP_NULL;
	if (k == SNAP_NULL || x->user != user) {
		e->bad = true;
		return SNAP_NULL;
	}
	return e->user_off[k];
}

/* A subject's current fields: an entry position per field of its type,
 * the latest entry's, the status and the progress. */
static void enc_cur(struct enc *e, const struct state *st,
		    const struct state_current *c)
{
	struct wbuf *o = &e->out;

	for (size_t i = 0; i < c->type->n_fields; i++)
		w_u32(o, entry_pos(e, st, c->src[i]));
	w_u32(o, entry_pos(e, st, c->last));
	w_i32(o, (int32_t)c->status);
	w_i32(o, c->progress);
}

static void enc_fold(struct enc *e, const struct state *st,
		     const struct fold *f)
{
	const struct plan *p = e->plan;
	struct wbuf *o = &e->out;
	size_t i, n_rep;

	e_count(e, f->n_leads);
	e_count(e, f->n_notes);
	e_count(e, f->n_values);
	e_count(e, f->n_subs);
	e_count(e, f->n_sections);
	w_i64(o, (int64_t)f->latest);
	/* Only the leads that reported, each with its slot: a plan of
	 * 100 000 tasks before anyone has reported has none to store. */
	for (i = 0, n_rep = 0; i < f->n_leads; i++)
		n_rep += f->leads[i].reported;
	e_count(e, n_rep);
	for (i = 0; i < f->n_leads; i++) {
		const struct task_lead_state *l = &f->leads[i];
		const struct state_current *c = fold_lead_cur(f, l);
		const struct task_lead_texts *t = fold_lead_texts(f, l);
		size_t k;

		if (!l->reported) {
			/* As state_current_init and nothing applied. */
			for (k = 0; k < STATE_MAX_FIELDS; k++)
				if (c->src[k])
					e->bad = true;
			if (c->last || l->status != STATUS_NOT_STARTED ||
			    l->progress || l->cur || t->last_update ||
			    t->last_user || t->result || t->difficulty ||
			    t->proposal)
				e->bad = true;
			continue;
		}
		w_u32(o, (uint32_t)i);
		enc_cur(e, st, c);
		w_i64(o, (int64_t)t->last_update);
		w_u32(o, fold_user(e, st, c->last, t->last_user));
		w_u32(o, fold_text(e, st, c, "result", t->result));
		w_u32(o, fold_text(e, st, c, "difficulty", t->difficulty));
		w_u32(o, fold_text(e, st, c, "proposal", t->proposal));
		if (l->reported != (c->last != NULL) ||
		    l->status != c->status || l->progress != c->progress)
			e->bad = true;
	}
	for (i = 0; i < f->n_notes; i++) {
		const struct task_note *n = &f->notes[i];
		const struct plan_dept *d = plan_dept_find(p, n->dept);

		if (!d || !n->task || n->task < p->tasks ||
		    n->task >= p->tasks + p->n_tasks) {
			e->bad = true;
			return;
		}
		w_u32(o, (uint32_t)(n->task - p->tasks));
		w_u32(o, (uint32_t)(d - p->depts));
		enc_cur(e, st, &n->cur);
		w_i64(o, (int64_t)n->at);
		w_u32(o, fold_text(e, st, &n->cur, "result", n->result));
		w_u32(o, fold_text(e, st, &n->cur, "difficulty",
				   n->difficulty));
		w_u32(o, fold_text(e, st, &n->cur, "proposal", n->proposal));
		w_u32(o, fold_user(e, st, n->cur.last, n->user));
	}
	for (i = 0; i < f->n_values; i++) {
		const struct indicator_value *v = &f->values[i];

		w_u8(o, v->present);
		w_f64(o, v->value);
		w_i64(o, (int64_t)v->at);
		/* The note is not a subject's current text the fold keeps:
		 * stored as a string of its own. */
		e_str(e, v->note);
	}
	for (i = 0; i < f->n_subs; i++) {
		const struct submission *b = &f->subs[i];

		w_u8(o, b->present);
		w_i64(o, (int64_t)b->first_at);
		w_i64(o, (int64_t)b->last_at);
	}
	for (i = 0; i < f->n_sections; i++) {
		const struct section_text *t = &f->sections[i];
		const struct schema_field *tf = schema_field(t->cur.type,
							     "text");
		const struct state_entry *x = tf ?
			state_current_src(&t->cur, tf) : NULL;

		enc_cur(e, st, &t->cur);
		w_i64(o, (int64_t)t->at);
		w_u32(o, fold_text(e, st, &t->cur, "text", t->text));
		w_u32(o, fold_user(e, st, x, t->user));
	}
}

static void put_source(struct wbuf *b, uint32_t code,
		       const struct snapshot_source *s)
{
	struct src_rec r;

	memset(&r, 0, sizeof(r));
	r.code = code;
	r.present = s->present;
	r.racy = s->racy;
	r.dev = s->dev;
	r.ino = s->ino;
	r.size = s->size;
	r.mtime_sec = s->mtime_sec;
	r.mtime_nsec = s->mtime_nsec;
	r.ctime_sec = s->ctime_sec;
	r.ctime_nsec = s->ctime_nsec;
	r.hash = s->hash;
	w_put(b, &r, sizeof(r));
}

/* The image of plan and st, read from sources src[0] (plan) and src[1..]
 * (departments): *out (malloc'd), or -1. */
/* An image as it is written: the head and the sources, then what the
 * encoder wrote (the plan, the entries, the fold), then the strings. */
struct image {
	unsigned char *front, *body, *strings;	/* owned */
	size_t front_len, body_len, strings_len;
	/* A refresh's: the old image's strings, written before strings
	 * (not owned: the old image's own bytes). */
	const char *old;
	size_t old_len;
};

static void image_release(struct image *im)
{
	free(im->front);
	free(im->body);
	free(im->strings);
	memset(im, 0, sizeof(*im));
}

/* How many entries ahead build_image asks for a task (fold.c's
 * FOLD_AHEAD). */
#define ENC_AHEAD 8

/* 0, or -1 with nothing in *out. */
/* like: an image of about the same data (a refresh's old one), whose
 * sizes the buffers are given at once; NULL: none. keep: like's strings
 * begin the new image's as they are (like must stay open until *out is
 * written): a string of like's is not looked up, copied or hashed
 * again, only what is new is added after them. What like held and no
 * longer needs stays, counted in the head's grown, until an image is
 * built whole again. */
static int build_image(const struct plan *plan, const struct state *st,
		       const struct snapshot_source *src,
		       const struct snapshot *like, bool keep,
		       struct image *out)
{
	struct enc e;
	struct wbuf img = { NULL, 0, 0, false };
	struct snapshot_hasher sum;
	struct head h;
	const struct build_id *id = build_id();
	uint32_t *codes = NULL;
	uint64_t entries_off, fold_off, seam_n, seam_off;
	int64_t max_at = 0;
	size_t seam;
	struct fold f;
	size_t i;
	int ret = -1;

	memset(&e, 0, sizeof(e));
	memset(&f, 0, sizeof(f));
	e.plan = plan;
	keep = keep && like;
	if (like && like->size > like->strings_len) {
		/* A sixteenth more: a refresh adds an entry or a few. */
		size_t body = like->size - like->strings_len;

		w_reserve(&e.out, body + body / 16 + 65536);
		if (!keep)
			w_reserve(&e.strs.b, like->strings_len +
					     like->strings_len / 16 + 65536);
	}
	if (keep) {
		e.strs.old = like->strings;
		e.strs.old_len = like->strings_len;
	}
	if (st->n_unreadable || plan->n_depts >= UINT32_MAX ||
	    st->n >= UINT32_MAX || st->n > SIZE_MAX / sizeof(uint32_t) /
	    STATE_MAX_FIELDS)
		goto out;
	e.text_off = malloc((st->n ? st->n : 1) * STATE_MAX_FIELDS *
			    sizeof(*e.text_off));
	e.user_off = malloc((st->n ? st->n : 1) * sizeof(*e.user_off));
	if (!e.text_off || !e.user_off)
		goto out;
	codes = malloc((plan->n_depts + 1) * sizeof(*codes));
	if (!codes)
		goto out;
	for (i = 0; i < plan->n_depts; i++)
		codes[i] = str_ref(&e.strs, plan->depts[i].code);
	enc_plan(&e);
	entries_off = e.out.len;
	w_u64(&e.out, st->n);
	/* The seam (dec_entries): the first half's entries, and where the
	 * rest start, filled in once known. */
	seam = e.out.len;
	seam_n = st->n / 2;
	seam_off = 3 * sizeof(uint64_t);
	w_u64(&e.out, seam_n);
	w_u64(&e.out, seam_off);
	for (i = 0; i < st->n && !e.bad && !e.out.failed; i++) {
		/* The entries are in time order, their tasks in plan order:
		 * the task a few entries on, whose id the hint is checked
		 * by, is asked for now. At 100 000 tasks that check was a
		 * cache miss an entry, 60 % of a refresh's build_image
		 * outside what it calls. */
		if (i + ENC_AHEAD < st->n_hints &&
		    st->hints[i + ENC_AHEAD].task < plan->n_tasks)
			__builtin_prefetch(
				&plan->tasks[st->hints[i + ENC_AHEAD].task]);
		if (i == seam_n)
			seam_off = e.out.len - entries_off;
		/* A refresh's entries have theirs: the image's own, made
		 * with this plan, and merge_dept's (a YAML load has none). */
		e.task = i < st->n_hints &&
			 st->hints[i].task < plan->n_tasks &&
			 plan->tasks[st->hints[i].task].id ==
			 st->entries[i].task ?
			 &plan->tasks[st->hints[i].task] : NULL;
		enc_entry(&e, i, &st->entries[i],
			  i < st->n_hints ? st->hints[i].slot :
			  lead_slot_hint(plan, &st->entries[i]));
		if (st->entries[i].at > max_at)
			max_at = st->entries[i].at;
	}
	if (!e.bad && !e.out.failed)
		memcpy(e.out.p + seam + sizeof(uint64_t), &seam_off,
		       sizeof(seam_off));
	fold_off = e.out.len;
	/* Every entry, at the latest: whole, and so the fold at any instant
	 * from max_at on (fold_covers). */
	if (e.bad || e.out.failed ||
	    state_fold(st, plan, (time_t)max_at, &f) || !f.whole ||
	    (int64_t)f.latest != max_at)
		goto out;
	enc_fold(&e, st, &f);
	/* Only the encoders need these: given back before the image is
	 * put together (a save's peak memory). */
	free(e.text_off);
	free(e.user_off);
	e.text_off = NULL;
	e.user_off = NULL;
	/* The last byte of the strings is a NUL (the last string's). Kept
	 * strings end in one (check_head), and so does every string
	 * added after them. */
	if (!e.strs.old) {
		str_ref(&e.strs, "");
		w_u8(&e.strs.b, 0);
	}
	if (e.bad || e.out.failed || e.strs.b.failed)
		goto out;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, sizeof(h.magic));
	h.format = FORMAT;
	h.head_size = sizeof(h);
	h.build_id_len = id->len;
	memcpy(h.build_id, id->bytes, id->len);
	h.n_sources = (uint32_t)(plan->n_depts + 1);
	h.max_at = max_at;
	h.sources_off = sizeof(h);
	h.plan_off = h.sources_off + h.n_sources * sizeof(struct src_rec);
	h.plan_len = entries_off;
	h.entries_off = h.plan_off + entries_off;
	h.entries_len = fold_off - entries_off;
	h.fold_off = h.plan_off + fold_off;
	h.fold_len = e.out.len - fold_off;
	h.strings_off = h.plan_off + e.out.len;
	h.strings_len = e.strs.old_len + e.strs.b.len;
	h.grown = keep ? like->grown + e.strs.b.len : 0;
	h.size = h.strings_off + h.strings_len;
	if (h.size > IMAGE_MAX)
		goto out;
	seal_now(&h);
	/* The image is never put together: the head and the sources are
	 * a buffer of their own, written before the encoder's two and
	 * hashed with them in order. A second buffer of the whole image
	 * made a save's peak memory 3.2 times the data (502 MB for 157 MB
	 * of state-heavy YAML); the encoder's buffer grown to hold it, with
	 * the strings copied after it, made the peak of the saving run at
	 * N = 1 000 (6.8 -> 7.6 MB of 7.6). */
	fold_release(&f);
	free(e.strs.slot);
	e.strs.slot = NULL;
	w_put(&img, &h, sizeof(h));
	put_source(&img, SNAP_NULL, &src[0]);
	for (i = 0; i < plan->n_depts; i++)
		put_source(&img, codes[i], &src[i + 1]);
	if (img.failed || img.len != h.plan_off)
		goto out;
	snapshot_hasher_init(&sum);
	snapshot_hasher_add(&sum, img.p + 16, img.len - 16);
	snapshot_hasher_add(&sum, e.out.p, e.out.len);
	if (keep)
		snapshot_hasher_add(&sum, e.strs.old, e.strs.old_len);
	snapshot_hasher_add(&sum, e.strs.b.p, e.strs.b.len);
	h.checksum = snapshot_hasher_end(&sum);
	memcpy(img.p + 8, &h.checksum, sizeof(h.checksum));
	out->front = img.p;
	out->front_len = img.len;
	out->body = e.out.p;
	out->body_len = e.out.len;
	out->strings = e.strs.b.p;
	out->strings_len = e.strs.b.len;
	out->old = e.strs.old;
	out->old_len = e.strs.old_len;
	img.p = NULL;
	e.out.p = NULL;
	e.strs.b.p = NULL;
	ret = 0;
out:
	fold_release(&f);
	free(img.p);
	free(codes);
	free(e.text_off);
	free(e.user_off);
	free(e.out.p);
	free(e.strs.b.p);
	free(e.strs.slot);
	return ret;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	       a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	       a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Writes the image, under the directory's lock (another saver: let it);
 * with was, only over the image that was that file (not over a newer
 * one another process saved since). */
static int write_image(const char *datadir, const struct store_piece *pieces,
		       size_t n, const struct stat *was)
{
	struct head h;
	struct timespec seal;
	char *path = data_path(datadir, SNAPSHOT_FILE);
	struct stat now;
	int dfd = -1, ret = -1;

	if (open_dir(datadir, true, &dfd))
		goto out;
	if (flock(dfd, LOCK_EX | LOCK_NB))
		goto out;
	if (was && (fstatat(dfd, strrchr(SNAPSHOT_FILE, '/') + 1, &now,
			    AT_SYMLINK_NOFOLLOW) ||
		    !same_file(&now, was)))
		goto out;
	store_sweep_quiet(path);
	/* The head is the first piece's, whole (build_image, settle). */
	if (!n || pieces[0].len < sizeof(h))
		goto out;
	memcpy(&h, pieces[0].p, sizeof(h));
	seal.tv_sec = (time_t)h.seal_sec;
	seal.tv_nsec = (long)h.seal_nsec;
	ret = store_write_quiet_pieces(path, pieces, n,
				       priv_spool() ? 0640 : 0644, &seal);
out:
	if (dfd >= 0)
		close(dfd);	/* and the lock with it */
	free(path);
	return ret;
}

/* An image build_image made, written in its pieces. */
static int write_built(const char *datadir, const struct image *im)
{
	const struct store_piece pieces[] = {
		{ im->front, im->front_len },
		{ im->body, im->body_len },
		{ im->old, im->old_len },
		{ im->strings, im->strings_len },
	};

	return write_image(datadir, pieces, 4, NULL);
}

/* Whether this process may save at all: cheap, before building. */
static bool may_save(const char *datadir)
{
	uid_t owner;

	if (data_owner(datadir, &owner))
		return false;
	if (priv_spool())
		return geteuid() == 0 || priv_held();
	return geteuid() == owner;
}

int snapshot_save(const char *datadir, const struct plan *plan,
		  const struct snapshot_source *plan_src,
		  const struct state *st,
		  const struct snapshot_source *dept_src)
{
	struct snapshot_source *src;
	struct image im = { NULL, NULL, NULL, 0, 0, 0, NULL, 0 };
	int ret = -1;

	if (!may_save(datadir))
		return -1;
	src = malloc((plan->n_depts + 1) * sizeof(*src));
	if (!src)
		return -1;
	src[0] = *plan_src;
	memcpy(src + 1, dept_src, plan->n_depts * sizeof(*src));
	if (!build_image(plan, st, src, NULL, false, &im))
		ret = write_built(datadir, &im);
	image_release(&im);
	free(src);
	return ret;
}

/* ---- reading ---- */

/* A list of department codes decoded (r_refs), by the places of the
 * codes in the plan: tasks share a few lists (most are led by one
 * department, or two), and point to one array each, not to 200 000
 * arrays of their own. */
#define REFS_MEMO	64
#define REFS_MEMO_MAX	4

struct refs_memo {
	uint32_t n, k[REFS_MEMO_MAX];
	bool dept_only;
	const char **codes;	/* NULL: an empty slot */
};

struct rd {
	const unsigned char *p, *end;
	bool bad;
	const struct snapshot *s;
	const char *user_ok[64];	/* user names found plain lately:
					 * names are interned, so most
					 * repeat one */
	unsigned task;		/* the last task read (its plan position) */
	struct refs_memo *memo;	/* REFS_MEMO slots; NULL: none */
};

static void r_get(struct rd *r, void *v, size_t n)
{
	if ((size_t)(r->end - r->p) < n) {
		r->bad = true;
		r->p = r->end;
		memset(v, 0, n);
		return;
	}
	memcpy(v, r->p, n);
	r->p += n;
}

static uint32_t r_u32(struct rd *r)
{
	uint32_t v;

	r_get(r, &v, sizeof(v));
	return v;
}

static int32_t r_i32(struct rd *r)
{
	int32_t v;

	r_get(r, &v, sizeof(v));
	return v;
}

static int64_t r_i64(struct rd *r)
{
	int64_t v;

	r_get(r, &v, sizeof(v));
	return v;
}

static double r_f64(struct rd *r)
{
	double v;

	r_get(r, &v, sizeof(v));
	return v;
}

static uint8_t r_u8(struct rd *r)
{
	uint8_t v;

	r_get(r, &v, sizeof(v));
	return v;
}

/* A string of the image: any offset inside the strings is one, as they
 * end with a NUL. */
static const char *r_str(struct rd *r)
{
	uint32_t ref = r_u32(r);

	if (ref == SNAP_NULL)
		return NULL;
	if (ref >= r->s->strings_len) {
		r->bad = true;
		return "";
	}
	return r->s->strings + ref;
}

/* A string that must be there. */
static const char *r_str1(struct rd *r)
{
	const char *s = r_str(r);

	if (!s) {
		r->bad = true;
		s = "";
	}
	return s;
}

/* A count of items of at least min bytes each in what is left. */
static size_t r_count(struct rd *r, size_t min)
{
	uint32_t n = r_u32(r);

	if (min && n > (size_t)(r->end - r->p) / min) {
		r->bad = true;
		return 0;
	}
	return n;
}

/* n items of size bytes, zeroed unless raw (every byte of them is
 * about to be written). */
static void *r_array_of(struct rd *r, struct arena *a, size_t n, size_t size,
			bool raw)
{
	void *v;

	if (r->bad || !n)
		return NULL;
	/* n is bounded by the image */
	v = raw ? arena_alloc_raw(a, n * size) : arena_alloc(a, n * size);
	if (!v)
		r->bad = true;
	return v;
}

static void *r_array(struct rd *r, struct arena *a, size_t n, size_t size)
{
	return r_array_of(r, a, n, size, false);
}

static const char **r_list(struct rd *r, struct arena *a, size_t *n)
{
	const char **v;

	*n = r_count(r, sizeof(uint32_t));
	v = r_array(r, a, *n, sizeof(*v));
	for (size_t i = 0; v && i < *n; i++)
		v[i] = r_str1(r);
	if (!v)
		*n = 0;
	return v;
}

static bool day_ok(pt_day d, bool none_ok)
{
	static pt_day first = 1, last;

	if (first == 1) {
		first = date_from_ymd(1, 1, 1);
		last = date_from_ymd(9999, 12, 31);
	}
	return (none_ok && d == PT_DAY_NONE) || (d >= first && d <= last);
}

/* A code by position (departments, then parties). */
static const char *code_at(struct rd *r, const struct plan *p, uint32_t k,
			   bool dept_only)
{
	if (k < p->n_depts)
		return p->depts[k].code;
	if (!dept_only && k - p->n_depts < p->n_parties)
		return p->parties[k - p->n_depts].code;
	r->bad = true;
	return "";
}

static const char *r_code(struct rd *r, const struct plan *p, bool dept_only)
{
	return code_at(r, p, r_u32(r), dept_only);
}

/* a[0..n) and b[0..n) (n <= REFS_MEMO_MAX) hold the same: compared
 * here, as a call to memcmp for a few words cost more than the words
 * (5% of a warm list). */
static bool same_keys(const uint32_t *a, const uint32_t *b, size_t n)
{
	uint32_t diff = 0;

	for (size_t i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

/* The codes' arrays are the plan's to share: nothing writes into a
 * plan's lists once it is loaded. */
static void r_refs(struct rd *r, struct plan *p, struct plan_refs *refs,
		   bool dept_only, bool need_one)
{
	uint32_t k[REFS_MEMO_MAX], h;
	struct refs_memo *m = NULL;
	size_t i, n;

	n = refs->n = r_count(r, sizeof(uint32_t));
	if (r->memo && n && n <= REFS_MEMO_MAX) {
		h = (uint32_t)n * 2 + dept_only;
		for (i = 0; i < n; i++) {
			k[i] = r_u32(r);
			h = h * 31 + k[i];
		}
		m = &r->memo[h % REFS_MEMO];
		if (m->codes && m->n == n && m->dept_only == dept_only &&
		    same_keys(m->k, k, n)) {
			refs->codes = m->codes;
			goto text;
		}
	}
	refs->codes = r_array(r, &p->arena, n, sizeof(*refs->codes));
	if (!refs->codes)
		refs->n = 0;
	for (i = 0; i < refs->n; i++)
		refs->codes[i] = code_at(r, p, m ? k[i] : r_u32(r), dept_only);
	if (m && refs->codes && !r->bad) {
		m->n = (uint32_t)n;
		memcpy(m->k, k, n * sizeof(*k));
		m->dept_only = dept_only;
		m->codes = refs->codes;
	}
text:
	if (need_one && !refs->n)
		r->bad = true;
	refs->text = r_str1(r);
}

/* The plan, and *lead_first its tasks' first lead slots
 * (plan_index_build_with; the caller's to free, also on failure). */
static int dec_plan(struct rd *r, struct plan *p, size_t **lead_first)
{
	struct plan_meta *m = &p->meta;
	struct plan_reports *rp = &p->reports;
	size_t i;

	m->issuer = r_str(r);
	m->commune = r_str(r);
	m->city = r_str(r);
	m->number = r_str(r);
	m->place_date = r_str(r);
	m->title = r_str(r);
	m->year = r_i32(r);
	m->legal_bases = r_list(r, &p->arena, &m->n_legal_bases);
	m->signer_name = r_str(r);
	m->signer_title = r_str(r);
	m->signer_authority = r_str(r);

	p->n_depts = r_count(r, 6 * sizeof(uint32_t));
	p->n_parties = r_count(r, 4 * sizeof(uint32_t));
	p->n_indicators = r_count(r, 10 * sizeof(uint32_t));
	p->n_groups = r_count(r, 2 * sizeof(uint32_t));
	p->n_tasks = r_count(r, 10 * sizeof(uint32_t));
	p->n_periods = r_count(r, 8 * sizeof(uint32_t));
	p->n_duties = r_count(r, 6 * sizeof(uint32_t));
	if (r->bad || !p->n_depts)
		return -1;
	p->depts = r_array(r, &p->arena, p->n_depts, sizeof(*p->depts));
	p->parties = r_array(r, &p->arena, p->n_parties, sizeof(*p->parties));
	p->indicators = r_array(r, &p->arena, p->n_indicators,
				sizeof(*p->indicators));
	p->groups = r_array(r, &p->arena, p->n_groups, sizeof(*p->groups));
	/* Not zeroed: the loop below sets every field of every task, or
	 * fails and the plan is dropped unread. */
	p->tasks = r_array_of(r, &p->arena, p->n_tasks, sizeof(*p->tasks),
			      true);
	p->periods = r_array(r, &p->arena, p->n_periods, sizeof(*p->periods));
	p->duties = r_array(r, &p->arena, p->n_duties, sizeof(*p->duties));
	if (r->bad)
		return -1;
	/* Counted as the tasks are read: a second pass over 100 000 of
	 * them, out of the cache by then, was a tenth of a warm show. */
	*lead_first = mem_malloc_huge(p->n_tasks + 1, sizeof(**lead_first));
	if (!*lead_first)
		return -1;
	mem_populate(*lead_first, (p->n_tasks + 1) * sizeof(**lead_first));
	(*lead_first)[0] = 0;
	for (i = 0; i < p->n_depts; i++) {
		struct plan_dept *d = &p->depts[i];

		d->code = r_str1(r);
		d->name = r_str1(r);
		d->group = r_str1(r);
		d->aliases = r_list(r, &p->arena, &d->n_aliases);
		d->head.title = r_str(r);
		d->head.name = r_str(r);
		if (!plain_code(d->code))
			r->bad = true;
	}
	for (i = 0; i < p->n_parties; i++) {
		struct plan_party *pa = &p->parties[i];
		uint32_t k;

		pa->code = r_str1(r);
		pa->name = r_str1(r);
		k = r_u32(r);
		if (k > PARTY_EXTERNAL)
			r->bad = true;
		pa->kind = (enum party_kind)k;
		pa->aliases = r_list(r, &p->arena, &pa->n_aliases);
	}
	for (i = 0; i < p->n_indicators; i++) {
		struct plan_indicator *in = &p->indicators[i];
		uint32_t k;

		in->number = r_i32(r);
		in->name = r_str1(r);
		in->unit = r_str1(r);
		k = r_u32(r);
		if (k > TARGET_LE || in->number < 1)
			r->bad = true;
		in->op = (enum target_op)k;
		in->target = r_f64(r);
		if (!isfinite(in->target))
			r->bad = true;
		in->target_text = r_str1(r);
		r_refs(r, p, &in->executing, false, false);
		in->monitoring = r_code(r, p, true);
		in->monitoring_text = r_str1(r);
	}
	for (i = 0; i < p->n_groups; i++) {
		p->groups[i].id = r_str1(r);
		p->groups[i].title = r_str1(r);
	}
	for (i = 0; i < p->n_tasks; i++) {
		struct plan_task *t = &p->tasks[i];
		uint32_t k;

		t->id = r_str1(r);
		k = r_u32(r);
		if (k >= p->n_groups) {
			r->bad = true;
			return -1;
		}
		t->group = p->groups[k].id;
		t->description = r_str1(r);
		r_refs(r, p, &t->lead, true, true);
		(*lead_first)[i + 1] = (*lead_first)[i] + t->lead.n;
		r_refs(r, p, &t->coordinating, false, false);
		k = r_u32(r);
		if (k > DEADLINE_DATE)
			r->bad = true;
		t->deadline.kind = (enum deadline_kind)k;
		t->deadline.date = r_i32(r);
		if (!day_ok(t->deadline.date, k != DEADLINE_DATE))
			r->bad = true;
		t->deadline.text = r_str1(r);
	}
	for (i = 0; i < p->n_periods; i++) {
		struct plan_period *pd = &p->periods[i];

		pd->id = r_str1(r);
		pd->name = r_str1(r);
		pd->start = r_i32(r);
		pd->end = r_i32(r);
		pd->department_due = r_i32(r);
		pd->consolidated_due = r_i32(r);
		if (!day_ok(pd->start, false) || !day_ok(pd->end, false) ||
		    !day_ok(pd->department_due, false) ||
		    !day_ok(pd->consolidated_due, false) ||
		    pd->start > pd->end)
			r->bad = true;
		pd->consolidator = r_code(r, p, true);
		pd->recipient = r_str1(r);
	}
	for (i = 0; i < p->n_duties; i++) {
		struct plan_duty *du = &p->duties[i];

		du->number = r_i32(r);
		du->text = r_str1(r);
		r_refs(r, p, &du->lead, false, true);
		r_refs(r, p, &du->coordinating, false, false);
	}
	rp->agency = r_str(r);
	rp->place = r_str(r);
	rp->symbol = r_str(r);
	rp->recipients = r_list(r, &p->arena, &rp->n_recipients);
	rp->department_recipients = r_list(r, &p->arena,
					   &rp->n_department_recipients);
	return r->bad || r->p != r->end ? -1 : 0;
}

/* Bounds of an instant: years 1 to 9999, as instant_parse reads them,
 * offsets below a day in whole minutes. */
static bool instant_ok(int64_t at, int32_t off)
{
	static const int64_t first = -62135596800LL - 86400;
	static const int64_t last = 253402300799LL + 86400;

	return at >= first && at <= last && off > -86400 && off < 86400 &&
	       off % 60 == 0;
}

/* schema_set_*, without the call: the member of x that f names. Its
 * SET_* bit is already in x->set (or f is required). */
static void put(struct state_entry *x, const struct schema_field *f,
		const void *v, size_t n)
{
	memcpy((char *)x + f->off, v, n);
}

/* Where user_ok keeps s: user names are strings of the image a few
 * bytes apart, which Fibonacci hashing spreads. */
static size_t user_slot(const char *s)
{
	return (size_t)(((uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15ULL) >>
			58);
}

/* Whether s (a string of the image) was found a plain user name. */
static bool user_known(const struct rd *r, const char *s)
{
	return r->user_ok[user_slot(s)] == s;
}

/* One field of an entry, by its kind, checked as the loader would. The
 * caller has seen that x sets it (schema_is_set). */
/* Inlined into dec_entries' loops: half a million calls at 100 000
 * tasks. */
static inline __attribute__((always_inline)) void
dec_field(struct rd *r, const struct plan *p, struct state_entry *x,
	  const struct schema_field *f)
{
	const char *s;
	int64_t v;
	int32_t i;
	uint32_t k;
	uint8_t b;
	double d;
	long l;
	bool bv;

	switch (f->kind) {
	case SCHEMA_TYPE:
		break;
	case SCHEMA_INSTANT:
		v = r_i64(r);
		i = r_i32(r);
		if (!instant_ok(v, i) || (int64_t)(time_t)v != v)
			r->bad = true;
		x->at = (time_t)v;
		x->utc_offset = i;
		break;
	case SCHEMA_USER:
		s = r_str1(r);
		if (!user_known(r, s)) {
			if (schema_user_check(s, strlen(s)))
				r->bad = true;
			else
				r->user_ok[user_slot(s)] = s;
		}
		put(x, f, &s, sizeof(s));
		break;
	case SCHEMA_TEXT:
		/* Checked by the loader when it was saved; the checksum says
		 * it is what was saved. */
		s = r_str1(r);
		put(x, f, &s, sizeof(s));
		break;
	case SCHEMA_UID:
		v = r_i64(r);
		if (v < f->min || v > f->max)
			r->bad = true;
		l = (long)v;
		put(x, f, &l, sizeof(l));
		break;
	case SCHEMA_INT:
		i = r_i32(r);
		if (i < f->min || i > f->max)
			r->bad = true;
		put(x, f, &i, sizeof(int));
		break;
	case SCHEMA_ENUM:
		i = r_i32(r);
		if (i < 0 || (size_t)i >= f->values->n)
			r->bad = true;
		put(x, f, &i, sizeof(int));
		break;
	case SCHEMA_INDICATOR:
		i = r_i32(r);
		if (!plan_indicator_find(p, i))
			r->bad = true;
		put(x, f, &i, sizeof(int));
		break;
	case SCHEMA_NUMBER:
		d = r_f64(r);
		if (!isfinite(d))
			r->bad = true;
		put(x, f, &d, sizeof(d));
		break;
	case SCHEMA_BOOL:
		b = r_u8(r);
		if (b > 1)
			r->bad = true;
		bv = b == 1;
		put(x, f, &bv, sizeof(bv));
		break;
	case SCHEMA_TASK:
		k = r_u32(r);
		s = r_str1(r);
		if (k >= p->n_tasks) {
			r->bad = true;
			break;
		}
		/* The id's string, the plan's own (the same offset) in an
		 * image this program wrote: one that names another string
		 * is a changed image, whose answers may differ but whose
		 * strings are all in bounds. */
		put(x, f, &s, sizeof(s));
		r->task = k;
		break;
	case SCHEMA_PERIOD:
		k = r_u32(r);
		if (k >= p->n_periods) {
			r->bad = true;
			break;
		}
		put(x, f, &p->periods[k].id, sizeof(p->periods[k].id));
		break;
	}
}

/* The SET_* bits of type t's fields. */
static unsigned type_bits(const struct schema_type *t)
{
	unsigned bits = 0;

	for (size_t i = 0; i < t->n_fields; i++)
		bits |= t->fields[i].bit;
	return bits;
}

/* The fields of x present: f set in x, or required. */
static bool has(const struct state_entry *x, const struct schema_field *f)
{
	return !f->bit || (x->set & f->bit);
}

/* The bytes enc_field writes for a field of f's kind. */
static size_t field_size(const struct schema_field *f)
{
	switch (f->kind) {
	case SCHEMA_TYPE:
		return 0;
	case SCHEMA_INSTANT:
		return sizeof(int64_t) + sizeof(int32_t);
	case SCHEMA_UID:
		return sizeof(int64_t);
	case SCHEMA_NUMBER:
		return sizeof(double);
	case SCHEMA_BOOL:
		return sizeof(uint8_t);
	case SCHEMA_TASK:
		return 2 * sizeof(uint32_t);	/* position, id */
	case SCHEMA_USER:
	case SCHEMA_TEXT:
	case SCHEMA_INT:
	case SCHEMA_ENUM:
	case SCHEMA_INDICATOR:
	case SCHEMA_PERIOD:
		break;
	}
	return sizeof(uint32_t);
}

/* Where a task entry's bytes lie, by its set bits (SET_* fit in a
 * byte): its length and the offset of its task's position, so that one
 * of another task can be stepped over unread. */
struct task_layout {
	size_t len, task;
};

static void task_layouts(struct task_layout lay[256])
{
	const struct schema_type *t = schema_type_of(ENTRY_TASK);
	struct state_entry x;

	for (unsigned set = 0; set < 256; set++) {
		size_t len = 6 * sizeof(uint32_t), task = 0, j;

		x.set = set;
		for (j = 0; j < schema_n_header; j++)
			if (has(&x, &schema_header[j]))
				len += field_size(&schema_header[j]);
		for (j = 0; t && j < t->n_fields; j++) {
			if (!has(&x, &t->fields[j]))
				continue;
			if (t->fields[j].kind == SCHEMA_TASK)
				task = len;
			len += field_size(&t->fields[j]);
		}
		lay[set].len = len;
		lay[set].task = task;
	}
}

/* Steps r over the entry at r->p when it is a task entry of a task other
 * than only: true. False to decode it (and check it) as any other. */
static bool skip_other_task(struct rd *r, const struct task_layout *lay,
			    unsigned bits, uint32_t only)
{
	uint32_t kind, set, task;

	if ((size_t)(r->end - r->p) < 2 * sizeof(uint32_t))
		return false;
	memcpy(&kind, r->p, sizeof(kind));
	memcpy(&set, r->p + sizeof(kind), sizeof(set));
	if (kind != ENTRY_TASK || (set & ~bits) || set > 255 ||
	    !lay[set].task || lay[set].len > (size_t)(r->end - r->p))
		return false;
	memcpy(&task, r->p + lay[set].task, sizeof(task));
	if (task == only)
		return false;
	r->p += lay[set].len;
	return true;
}

/* Takes room k when it is size bytes: its memory, the caller's from now
 * on, or NULL. */
static void *room_take(struct snapshot *s, enum room k, size_t size)
{
	void *p = NULL;

	if (s->room[k] && s->room_size[k] == size) {
		p = s->room[k];
		s->room[k] = NULL;
	}
	return p;
}

/* One entry at r into x and h, checked: 0, or -1. */
static inline __attribute__((always_inline)) int
dec_entry(struct rd *r, const struct plan *p, const unsigned *bits,
	  struct state_entry *x, struct state_hint *h)
{
	const struct schema_type *t;
	uint32_t kind, dept;
	size_t j;

	kind = r_u32(r);
	t = kind <= INT32_MAX ? schema_type_of((enum entry_kind)kind) : NULL;
	if (!t)
		return -1;
	x->kind = (enum entry_kind)kind;
	x->set = r_u32(r);
	dept = r_u32(r);
	if (dept >= p->n_depts ||
	    (x->set & ~(kind < 4 ? bits[kind] : type_bits(t))))
		return -1;
	x->dept = p->depts[dept].code;
	h->dept = dept;
	r->task = UINT32_MAX;
	x->line = r_u32(r);
	x->col = r_u32(r);
	h->slot = r_u32(r);
	for (j = 0; j < schema_n_header; j++)
		if (has(x, &schema_header[j]))
			dec_field(r, p, x, &schema_header[j]);
	for (j = 0; j < t->n_fields; j++)
		if (has(x, &t->fields[j]))
			dec_field(r, p, x, &t->fields[j]);
	h->task = r->task;
	return 0;
}

/* Entries [from, to) from the bytes [p, end), which they must fill, into
 * their places in st: in time order (merged by time, as state_load_all
 * leaves them) and none after the image's latest. 0, or -1. */
static int dec_run(const struct snapshot *s, struct state *st,
		   const unsigned *bits, const unsigned char *p,
		   const unsigned char *end, size_t from, size_t to)
{
	struct rd r = { p, end, false, s, { NULL }, 0, NULL };
	time_t prev = 0;

	for (size_t i = from; i < to && !r.bad; i++) {
		struct state_entry *x = &st->entries[i];

		if (dec_entry(&r, s->plan, bits, x, &st->hints[i]) ||
		    (i > from && x->at < prev) || x->at > s->max_at)
			return -1;
		prev = x->at;
	}
	return r.bad || r.p != r.end ? -1 : 0;
}

/* The entries in two runs (split.h), the first half up to the seam the
 * encoder marked and the rest: 17 ms at 100 000 state-heavy tasks, a
 * tenth of a warm report, on one thread. */
struct entries_job {
	const struct snapshot *s;
	struct state *st;
	const unsigned *bits;
	const unsigned char *at[3];	/* the runs' bytes: [0, 1), [1, 2) */
	size_t first[3];		/* their entries: [0, 1), [1, 2) */
	int ret[2];
};

static void dec_half(size_t from, size_t to, int half, void *arg)
{
	struct entries_job *j = arg;

	(void)from;
	(void)to;
	j->ret[half] = dec_run(j->s, j->st, j->bits, j->at[half],
			       j->at[half + 1], j->first[half],
			       j->first[half + 1]);
}

/* Below this many entries, one thread: a second costs more than it
 * saves. */
#define ENTRIES_SPLIT_MIN 16384

/* Decodes the entries, or with only < UINT32_MAX those of every kind but
 * the task entries of tasks other than the plan's task only. */
static int dec_entries(struct snapshot *s, struct state *st, uint32_t only)
{
	void *room_entries = NULL, *room_hints = NULL;
	const struct plan *p = s->plan;
	struct rd r = { s->entries, s->entries + s->entries_len, false, s,
			{ NULL }, 0, NULL };
	struct task_layout lay[256];
	struct entries_job j;
	unsigned bits[4];
	uint64_t n, seam_n, seam_off;
	size_t i;
	time_t prev = 0;

	r_get(&r, &n, sizeof(n));
	r_get(&r, &seam_n, sizeof(seam_n));
	r_get(&r, &seam_off, sizeof(seam_off));
	/* An entry takes at least its six words and an instant; the seam
	 * is the start of an entry, or the end. */
	if (r.bad || n > s->entries_len / (6 * sizeof(uint32_t) + 12) ||
	    seam_n > n || seam_off < (uint64_t)(r.p - s->entries) ||
	    seam_off > s->entries_len)
		return -1;
	if (!n)
		return r.p == r.end ? 0 : -1;
	if (only == UINT32_MAX) {
		room_entries = room_take(s, ROOM_ENTRIES,
					 (size_t)n * sizeof(*st->entries));
		room_hints = room_take(s, ROOM_HINTS,
				       (size_t)n * sizeof(*st->hints));
	}
	st->entries = room_entries ? room_entries :
		mem_calloc_huge((size_t)n, sizeof(*st->entries));
	/* Where each entry's task and department are in the plan, which the
	 * fold need not look up by name (state.h). */
	st->hints = room_hints ? room_hints :
		mem_malloc_huge((size_t)n, sizeof(*st->hints));
	if (!st->entries || !st->hints)
		return -1;
	st->alloc = (size_t)n;
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		const struct schema_type *t = schema_type_of((enum entry_kind)i);

		bits[i] = t ? type_bits(t) : 0;
	}
	if (only == UINT32_MAX) {
		j = (struct entries_job){
			s, st, bits,
			{ r.p, s->entries + seam_off, r.end },
			{ 0, (size_t)seam_n, (size_t)n }, { 0, 0 }
		};
		split_halves((size_t)n, ENTRIES_SPLIT_MIN, dec_half, &j);
		/* The runs in time order across the seam too. */
		if (j.ret[0] || j.ret[1] ||
		    (seam_n && seam_n < n &&
		     st->entries[seam_n].at < st->entries[seam_n - 1].at))
			return -1;
		st->n = st->n_hints = (size_t)n;
		return 0;
	}
	task_layouts(lay);
	for (i = 0; i < n && !r.bad; i++) {
		struct state_entry *x = &st->entries[st->n];

		if (skip_other_task(&r, lay, bits[ENTRY_TASK], only))
			continue;
		if (dec_entry(&r, p, bits, x, &st->hints[st->n]) ||
		    (st->n && x->at < prev) || x->at > s->max_at)
			return -1;
		prev = x->at;
		st->n++;
		st->n_hints++;
	}
	return r.bad || r.p != r.end ? -1 : 0;
}

static int state_decode(struct snapshot *s, struct state **out)
{
	struct state *st = state_new();

	*out = NULL;
	if (!st)
		return -1;
	if (dec_entries(s, st, UINT32_MAX)) {
		state_free(st);
		return -1;
	}
	*out = st;
	return 0;
}

int snapshot_state_task(struct snapshot *s, const struct plan_task *task,
			struct state **out)
{
	const struct plan *p = s->plan;
	struct state *st;

	*out = NULL;
	if (!task || task < p->tasks || task >= p->tasks + p->n_tasks ||
	    !(st = state_new()))
		return -1;
	if (dec_entries(s, st, (uint32_t)(task - p->tasks))) {
		state_free(st);
		return -1;
	}
	*out = st;
	return 0;
}

/* ---- the fold ---- */

/* n zeroed items of size bytes for the fold: room (zeroed memory of
 * that size, its pages given, now the fold's) when there is one. */
static void *fold_array(struct rd *r, size_t n, size_t size, void *room)
{
	void *v;

	if (r->bad) {
		free(room);
		return NULL;
	}
	if (room)
		return room;
	v = mem_calloc_huge(n, size);
	if (!v)
		r->bad = true;
	return v;
}

/* Entry position k: in st (NULL when there is none), when it is one of
 * the n_entries; a bare fold has no entries to point at. */
static const struct state_entry *r_entry(struct rd *r, const struct state *st,
					 size_t n_entries)
{
	uint32_t k = r_u32(r);

	if (k == SNAP_NULL)
		return NULL;
	if (k >= n_entries) {
		r->bad = true;
		return NULL;
	}
	return st ? &st->entries[k] : NULL;
}

/* A subject's current fields (enc_cur), of entry kind kind. */
static void dec_cur(struct rd *r, const struct state *st, size_t n_entries,
		    enum entry_kind kind, struct state_current *c,
		    bool *has_last)
{
	int32_t status, progress;
	uint32_t k;

	state_current_init(c, kind);
	for (size_t i = 0; i < c->type->n_fields; i++)
		c->src[i] = r_entry(r, st, n_entries);
	k = r_u32(r);
	*has_last = k != SNAP_NULL;
	if (k != SNAP_NULL && k >= n_entries)
		r->bad = true;
	c->last = st && *has_last && !r->bad ? &st->entries[k] : NULL;
	status = r_i32(r);
	progress = r_i32(r);
	if (status < STATUS_NOT_STARTED || status > STATUS_DONE ||
	    progress < 0 || progress > 100)
		r->bad = true;
	c->status = (enum task_status)status;
	c->progress = progress;
}

static time_t r_time(struct rd *r)
{
	int64_t v = r_i64(r);

	if ((int64_t)(time_t)v != v)
		r->bad = true;
	return (time_t)v;
}

static bool r_bool(struct rd *r)
{
	uint8_t b = r_u8(r);

	if (b > 1)
		r->bad = true;
	return b == 1;
}

/* The bytes of a subject's current fields of entry kind k (enc_cur):
 * an entry position per field, the last entry's, status and progress. */
static size_t cur_bytes(enum entry_kind k)
{
	const struct schema_type *t = schema_type_of(k);

	return ((t ? t->n_fields : 0) + 3) * sizeof(uint32_t);
}

/* The reported leads' and the coordinating departments' records of a
 * fold, decoded by two threads (split.h), half of each kind each: 11-15
 * ms at 100 000 state-heavy tasks on one. */
struct fold_job {
	const struct snapshot *s;
	const struct state *st;
	struct fold *f;
	size_t n_entries;
	const unsigned char *lead_at;	/* n_rep records of rec_lead bytes */
	size_t n_rep, rec_lead;
	const unsigned char *note_at;	/* f->n_notes of rec_note bytes */
	size_t rec_note;
	uint32_t seam_slot;	/* the slot of half 1's first lead record */
	bool bad[2];
};

/* Records [lo, hi) of the reported leads, whose slots must increase and
 * be at least from and below to: the lead slots this half writes. */
static bool fold_leads(struct fold_job *j, size_t lo, size_t hi,
		       size_t from, size_t to)
{
	struct fold *f = j->f;
	struct rd r = { j->lead_at + lo * j->rec_lead,
			j->lead_at + hi * j->rec_lead, false, j->s, { NULL },
			0, NULL };
	struct state_current scratch, *c;
	size_t next = from;
	bool last;

	for (size_t i = lo; i < hi && !r.bad; i++) {
		uint32_t slot = r_u32(&r);
		struct task_lead_state *l;
		struct task_lead_texts *t = &f->lead_texts[i];

		if (slot < next || slot >= to) {
			r.bad = true;
			break;
		}
		next = (size_t)slot + 1;
		l = &f->leads[slot];
		/* A bare fold keeps no current values: the status and the
		 * progress, and the texts. */
		c = &scratch;
		if (f->lead_cur)
			c = &f->lead_cur[i];
		l->cur = (uint32_t)(i + 1);
		dec_cur(&r, j->st, j->n_entries, ENTRY_TASK, c, &last);
		if (!last)
			r.bad = true;
		l->reported = last;
		l->status = c->status;
		l->progress = c->progress;
		t->last_update = r_time(&r);
		t->last_user = r_str(&r);
		t->result = r_str(&r);
		t->difficulty = r_str(&r);
		t->proposal = r_str(&r);
	}
	return r.bad || r.p != r.end;
}

/* Records [lo, hi) of the coordinating departments' notes. */
static bool fold_notes(struct fold_job *j, size_t lo, size_t hi)
{
	const struct plan *p = j->s->plan;
	struct rd r = { j->note_at + lo * j->rec_note,
			j->note_at + hi * j->rec_note, false, j->s, { NULL },
			0, NULL };
	bool last;

	for (size_t i = lo; i < hi && !r.bad; i++) {
		struct task_note *n = &j->f->notes[i];
		uint32_t t = r_u32(&r), d = r_u32(&r);

		if (t >= p->n_tasks || d >= p->n_depts) {
			r.bad = true;
			break;
		}
		n->task = &p->tasks[t];
		n->dept = p->depts[d].code;
		dec_cur(&r, j->st, j->n_entries, ENTRY_TASK, &n->cur, &last);
		n->at = r_time(&r);
		n->result = r_str(&r);
		n->difficulty = r_str(&r);
		n->proposal = r_str(&r);
		n->user = r_str(&r);
	}
	return r.bad || r.p != r.end;
}

static void fold_half(size_t from, size_t to, int half, void *arg)
{
	struct fold_job *j = arg;
	size_t rep = j->n_rep / 2, notes = j->f->n_notes / 2;
	bool bad;

	(void)from;
	(void)to;
	if (half == 0)
		bad = fold_leads(j, 0, rep, 0,
				 rep < j->n_rep ? j->seam_slot : j->f->n_leads) ||
		      fold_notes(j, 0, notes);
	else
		bad = fold_leads(j, rep, j->n_rep, j->seam_slot, j->f->n_leads) ||
		      fold_notes(j, notes, j->f->n_notes);
	j->bad[half] = bad;
}

/* Below this many records, one thread: a second costs more than it
 * saves. */
#define FOLD_SPLIT_MIN 4096

static int fold_decode(struct snapshot *s, const struct state *st,
		       struct fold *out)
{
	const struct plan *p = s->plan;
	struct rd r = { s->fold, s->fold + s->fold_len, false, s, { NULL },
			0, NULL };
	struct rd en = { s->entries, s->entries + s->entries_len, false, s,
			 { NULL }, 0, NULL };
	size_t i, n_entries, n_rep, counts[5], rec_lead, rec_note;
	uint64_t n64;
	struct fold f;
	struct fold_job j;
	bool last;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	r_get(&en, &n64, sizeof(n64));
	/* As dec_entries bounds it: an entry takes at least 36 bytes. */
	if (en.bad || n64 >= UINT32_MAX ||
	    n64 > s->entries_len / (6 * sizeof(uint32_t) + 12) ||
	    (st && st->n != n64))
		goto out;
	n_entries = (size_t)n64;
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		counts[i] = r_count(&r, 0);
	f.latest = r_time(&r);
	/* The plan's slots, every subject as nothing recorded; the image's
	 * counts must be theirs, else it is another plan's fold. */
	if (r.bad ||
	    fold_slots_in(&f, p, room_take(s, ROOM_LEADS,
				fold_slots_bytes(plan_lead_count(p)))))
		goto out;
	f.whole = true;
	f.bare = !st;
	f.n_notes = counts[1];
	if (counts[0] != f.n_leads || counts[2] != f.n_values ||
	    counts[3] != f.n_subs || counts[4] != f.n_sections ||
	    f.n_notes > n_entries ||
	    f.n_notes > (size_t)(r.end - r.p) / (2 * sizeof(uint32_t)) ||
	    (int64_t)f.latest != s->max_at)
		goto out;
	f.notes = fold_array(&r, f.n_notes, sizeof(*f.notes),
			     room_take(s, ROOM_NOTES,
				       f.n_notes * sizeof(*f.notes)));
	if (r.bad)
		goto out;
	/* The leads that reported (enc_fold), by increasing slot: the only
	 * ones with current values, which a bare fold does not keep. */
	n_rep = r_count(&r, sizeof(uint32_t));
	if (n_rep > f.n_leads)
		r.bad = true;
	if (st && n_rep)
		f.lead_cur = fold_array(&r, n_rep, sizeof(*f.lead_cur),
					room_take(s, ROOM_LEAD_CUR,
						  n_rep * sizeof(*f.lead_cur)));
	if (n_rep)
		f.lead_texts = fold_array(&r, n_rep, sizeof(*f.lead_texts),
					  room_take(s, ROOM_LEAD_TEXTS,
						    n_rep *
						    sizeof(*f.lead_texts)));
	/* Fixed records (enc_fold): each thread of two decodes half of
	 * each kind, from where it starts. */
	rec_lead = sizeof(uint32_t) + cur_bytes(ENTRY_TASK) + sizeof(int64_t) +
		   4 * sizeof(uint32_t);
	rec_note = 2 * sizeof(uint32_t) + cur_bytes(ENTRY_TASK) +
		   sizeof(int64_t) + 4 * sizeof(uint32_t);
	if (r.bad || n_rep > (size_t)(r.end - r.p) / rec_lead ||
	    f.n_notes > ((size_t)(r.end - r.p) - n_rep * rec_lead) / rec_note)
		goto out;
	j = (struct fold_job){ s, st, &f, n_entries, r.p, n_rep, rec_lead,
			       r.p + n_rep * rec_lead, rec_note, 0,
			       { false, false } };
	r.p += n_rep * rec_lead + f.n_notes * rec_note;
	/* Half 0 takes the lead slots below the first of half 1's records:
	 * the halves write slots of their own whatever the image says. */
	if (n_rep / 2 < n_rep) {
		memcpy(&j.seam_slot, j.lead_at + n_rep / 2 * rec_lead,
		       sizeof(j.seam_slot));
		/* A slot the plan has: half 0 writes the slots below it. */
		if (j.seam_slot >= f.n_leads)
			goto out;
	}
	if (f.lead_cur)
		f.n_lead_cur = n_rep;
	f.n_lead_texts = n_rep;
	split_halves(n_rep + f.n_notes, FOLD_SPLIT_MIN, fold_half, &j);
	if (j.bad[0] || j.bad[1])
		goto out;
	for (i = 0; i < f.n_values && !r.bad; i++) {
		struct indicator_value *v = &f.values[i];

		v->present = r_bool(&r);
		v->value = r_f64(&r);
		v->at = r_time(&r);
		v->note = r_str(&r);
		if (!isfinite(v->value))
			r.bad = true;
	}
	for (i = 0; i < f.n_subs && !r.bad; i++) {
		struct submission *b = &f.subs[i];

		b->present = r_bool(&r);
		b->first_at = r_time(&r);
		b->last_at = r_time(&r);
	}
	for (i = 0; i < f.n_sections && !r.bad; i++) {
		struct section_text *t = &f.sections[i];

		dec_cur(&r, st, n_entries, ENTRY_SECTION, &t->cur, &last);
		t->at = r_time(&r);
		t->text = r_str(&r);
		t->user = r_str(&r);
	}
	if (r.bad || r.p != r.end)
		goto out;
	*out = f;
	memset(&f, 0, sizeof(f));
	ret = 0;
out:
	fold_release(&f);
	return ret;
}

int snapshot_state(struct snapshot *s, struct state **out)
{
	if (s->pre_state) {
		*out = s->pre_state;
		s->pre_given = s->pre_state;
		s->pre_state = NULL;
		return 0;
	}
	return state_decode(s, out);
}

int snapshot_fold(struct snapshot *s, const struct state *st,
		  struct fold *out)
{
	if (s->has_pre_fold &&
	    (st ? !s->pre_fold.bare && st == s->pre_given :
		  s->pre_fold.bare)) {
		*out = s->pre_fold;
		memset(&s->pre_fold, 0, sizeof(s->pre_fold));
		s->has_pre_fold = false;
		return 0;
	}
	return fold_decode(s, st, out);
}

/* What want (snapshot_open) asks for, into s->pre_state and
 * s->pre_fold; a part that does not decode is left to the caller's
 * call, which will fail alike. */
static void predecode(struct snapshot *s, unsigned want)
{
	if ((want & SNAPSHOT_WANT_STATE) && state_decode(s, &s->pre_state))
		s->pre_state = NULL;
	if (!(want & SNAPSHOT_WANT_FOLD) ||
	    ((want & SNAPSHOT_WANT_STATE) && !s->pre_state))
		return;
	if (!fold_decode(s, s->pre_state, &s->pre_fold))
		s->has_pre_fold = true;
}

struct plan *snapshot_plan(const struct snapshot *s)
{
	return s ? s->plan : NULL;
}

void snapshot_close(struct snapshot *s)
{
	if (!s)
		return;
	if (opened == s) {
		opened = NULL;
		textfacts_region(NULL, 0);
	}
	if (s->has_pre_fold)
		fold_release(&s->pre_fold);
	for (int k = 0; k < N_ROOMS; k++)
		free(s->room[k]);
	state_free(s->pre_state);
	plan_free(s->plan);
	if (s->mapped)
		munmap((void *)s->base, s->size);
	else
		free((void *)s->base);
	free(s->src);
	free(s->datadir);
	free(s);
}

/* The image in memory: mapped when nobody but this user or plantrack
 * can change the file in place (a file truncated under a mapping would
 * stop the program), read otherwise. */
static int load_bytes(struct snapshot *s, int fd, const struct stat *st)
{
	unsigned char *buf;
	size_t n = 0;
	ssize_t r;
	void *m;

	s->size = (size_t)st->st_size;
	if (priv_spool() || st->st_uid == geteuid()) {
		/* Every page is read at once (the checksum): mapped in one
		 * go, not a fault at a time. */
		m = mmap(NULL, s->size, PROT_READ, MAP_PRIVATE |
			 (s->size >= SUM_THREAD_MIN ? 0 : MAP_POPULATE), fd, 0);
		if (m == MAP_FAILED)
			return -1;
		/* Read in again after the page cache let it go, the image
		 * comes back in whole huge pages, each mapped by one entry
		 * rather than 512: where page tables are shadowed (a
		 * paravirtual guest), the first use of each small entry
		 * cost 1.3 us, 14 ms of a 45 MB image, against 2 ms. */
		mem_advise_huge(m, s->size);
		s->base = m;
		s->mapped = true;
		return 0;
	}
	/* Read into memory of whole huge pages, given at once: a fault
	 * and an entry each 4 KB of a large image otherwise. */
	buf = mem_malloc_huge(s->size, 1);
	if (!buf)
		return -1;
	mem_populate(buf, s->size);
	while (n < s->size) {
		r = pread(fd, buf + n, s->size - n, (off_t)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(buf);
			return -1;
		}
		n += (size_t)r;
	}
	s->base = buf;
	return 0;
}

/* A part [off, off + len) of the image, after the sources. */
static bool part_ok(const struct head *h, uint64_t off, uint64_t len,
		    uint64_t after)
{
	return off >= after && off <= h->size && len <= h->size - off;
}

static int check_head(struct snapshot *s, struct head *h)
{
	const struct build_id *id = build_id();
	uint64_t src_end;

	if (s->size < sizeof(*h))
		return -1;
	memcpy(h, s->base, sizeof(*h));
	if (memcmp(h->magic, MAGIC, sizeof(h->magic)) != 0 || h->format != FORMAT ||
	    h->head_size != sizeof(*h) || h->size != s->size ||
	    h->build_id_len != id->len ||
	    memcmp(h->build_id, id->bytes, id->len) != 0 || h->n_sources < 2 ||
	    h->sources_off != sizeof(*h))
		return -1;
	src_end = h->sources_off + (uint64_t)h->n_sources * sizeof(struct src_rec);
	if (src_end > h->size ||
	    !part_ok(h, h->plan_off, h->plan_len, src_end) ||
	    !part_ok(h, h->entries_off, h->entries_len, h->plan_off + h->plan_len) ||
	    !part_ok(h, h->fold_off, h->fold_len,
		     h->entries_off + h->entries_len) ||
	    !part_ok(h, h->strings_off, h->strings_len,
		     h->fold_off + h->fold_len) ||
	    !h->strings_len || s->base[h->strings_off + h->strings_len - 1])
		return -1;
	s->strings = (const char *)s->base + h->strings_off;
	s->strings_len = (size_t)h->strings_len;
	s->entries = s->base + h->entries_off;
	s->entries_len = (size_t)h->entries_len;
	s->fold = s->base + h->fold_off;
	s->fold_len = (size_t)h->fold_len;
	s->max_at = h->max_at;
	s->grown = h->grown;
	return 0;
}

/* Every source still the file it was, by the paths of now. */
static int check_sources(struct snapshot *s, const struct head *h,
			 const char *datadir, const char *plan_path)
{
	const unsigned char *p = s->base + h->sources_off;
	struct src_rec rec;
	char *path;
	bool ok = true;

	s->n_src = h->n_sources;
	s->src = calloc(s->n_src, sizeof(*s->src));
	if (!s->src)
		return -1;
	for (size_t i = 0; ok && i < s->n_src; i++) {
		struct snapshot_source *k = &s->src[i];

		memcpy(&rec, p + i * sizeof(rec), sizeof(rec));
		k->present = rec.present;
		k->racy = rec.racy;
		k->dev = rec.dev;
		k->ino = rec.ino;
		k->size = rec.size;
		k->mtime_sec = rec.mtime_sec;
		k->mtime_nsec = rec.mtime_nsec;
		k->ctime_sec = rec.ctime_sec;
		k->ctime_nsec = rec.ctime_nsec;
		k->hash = rec.hash;
		if (rec.present > 1 || rec.racy > 1 ||
		    (i == 0) != (rec.code == SNAP_NULL) ||
		    (i && rec.code >= s->strings_len))
			return -1;
		if (!i) {
			ok = k->present && source_matches(plan_path, k);
			continue;
		}
		if (!plain_code(s->strings + rec.code))
			return -1;
		path = dept_path(datadir, s->strings + rec.code);
		ok = source_matches(path, k);
		free(path);
	}
	return ok ? 0 : -1;
}

/* The plan, its index, and its departments those of the sources. */
static int build_plan(struct snapshot *s, const struct head *h,
		      const char *plan_path)
{
	const unsigned char *p = s->base + h->sources_off;
	struct refs_memo memo[REFS_MEMO];
	struct rd r = { s->base + h->plan_off, s->base + h->plan_off +
			h->plan_len, false, s, { NULL }, 0, memo };
	struct src_rec rec;
	struct plan *plan = calloc(1, sizeof(*plan));
	size_t *lead_first = NULL;

	if (!plan)
		return -1;
	memset(memo, 0, sizeof(memo));
	s->plan = plan;
	plan->path = arena_strdup(&plan->arena, plan_path);
	if (!plan->path || dec_plan(&r, plan, &lead_first) ||
	    plan->n_depts + 1 != h->n_sources) {
		free(lead_first);
		return -1;
	}
	if (plan_index_build_with(plan, lead_first))
		return -1;
	for (size_t i = 0; i < plan->n_depts; i++) {
		memcpy(&rec, p + (i + 1) * sizeof(rec), sizeof(rec));
		if (strcmp(s->strings + rec.code, plan->depts[i].code) != 0)
			return -1;
	}
	return 0;
}

/* The checksum of an image, made by a thread of its own while the plan
 * is built from it. */
struct sum_job {
	const struct snapshot *s;
	bool sealed;	/* pages only: nothing has written to it */
	uint64_t sum;
};

static void *sum_run(void *arg)
{
	struct sum_job *j = arg;

#ifdef MADV_POPULATE_READ
	/* The mapping's pages in one go rather than a fault at a time
	 * (load_bytes left a large image's to this thread). */
	if (j->s->mapped)
		(void)madvise((void *)(uintptr_t)j->s->base, j->s->size,
			      MADV_POPULATE_READ);
#endif
	if (!j->sealed)
		j->sum = snapshot_hash(j->s->base + 16, j->s->size - 16);
	return NULL;
}

/* The CPUs this process may run on but the one it runs on now, into
 * set: false when there is no other. A thread created without a CPU of
 * its own was placed on its creator's, and one of the two waited 2-4 ms
 * (at 100 000 tasks a tenth of a warm list) for the scheduler to move
 * it; none at all on one CPU, where it would only take turns. */
static bool other_cpus(cpu_set_t *set)
{
	int cur = sched_getcpu();

	if (cur < 0 || sched_getaffinity(0, sizeof(*set), set) != 0 ||
	    !CPU_ISSET(cur, set) || CPU_COUNT(set) < 2)
		return false;
	CPU_CLR(cur, set);
	return true;
}

/* Where enc_fold puts the counts the fold's rooms are made from: the
 * lead slots (its first count), the notes (its second), and after the
 * five counts and the latest instant, the leads that reported. */
#define FOLD_AT_LEADS	0
#define FOLD_AT_NOTES	4
#define FOLD_AT_REPORTED	28

/* The size of room k in bytes, when want asks for what it is part of,
 * from the count the image gives it (the entries' first word, or one
 * of the fold's): 0 for none, for a count no data of the image could
 * have (an entry takes at least 36 bytes of the image, a lead a code's
 * four bytes of the plan, a note or a lead's values the fold's eight
 * bytes), or for a room larger than the image itself. The counts are
 * not checked yet (the sum is being made): a damaged image must not
 * make the thread give pages to more memory than the image is. A real
 * one has more bytes for each item than its slot takes (an entry's 152
 * bytes have some 290 of a state-heavy image; a lead's 40, a few
 * hundred), else there is no room and the array is allocated as before.
 * Only the room's size: the decoders check the counts. */
static size_t room_size_of(const struct snapshot *s, const struct head *h,
			   unsigned want, enum room k)
{
	static const struct {
		size_t at, item;
	} rooms[N_ROOMS] = {
		[ROOM_ENTRIES] = { 0, sizeof(struct state_entry) },
		[ROOM_HINTS] = { 0, sizeof(struct state_hint) },
		[ROOM_LEADS] = { FOLD_AT_LEADS, sizeof(struct task_lead_state) },
		[ROOM_LEAD_CUR] = { FOLD_AT_REPORTED,
				    sizeof(struct state_current) },
		[ROOM_LEAD_TEXTS] = { FOLD_AT_REPORTED,
				      sizeof(struct task_lead_texts) },
		[ROOM_NOTES] = { FOLD_AT_NOTES, sizeof(struct task_note) },
	};
	uint64_t n64;
	uint32_t n;
	size_t most;

	if (k == ROOM_ENTRIES || k == ROOM_HINTS) {
		if (!(want & SNAPSHOT_WANT_STATE) ||
		    s->entries_len < sizeof(n64))
			return 0;
		memcpy(&n64, s->entries, sizeof(n64));
		most = s->entries_len / (6 * sizeof(uint32_t) + 12);
	} else {
		if (!(want & SNAPSHOT_WANT_FOLD) ||
		    s->fold_len < rooms[k].at + sizeof(n) ||
		    (k != ROOM_LEADS && k != ROOM_LEAD_TEXTS &&
		     !(want & SNAPSHOT_WANT_STATE)))
			return 0;
		memcpy(&n, s->fold + rooms[k].at, sizeof(n));
		n64 = n;
		most = k == ROOM_LEADS ? h->plan_len / sizeof(uint32_t) :
			s->fold_len / 8;
	}
	if (!n64 || n64 > most || n64 > s->size / rooms[k].item)
		return 0;
	if (k == ROOM_LEADS)
		return fold_slots_bytes((size_t)n64);
	return (size_t)n64 * rooms[k].item;
}

/* build_plan (and with a large image what want asks for, predecode),
 * and the checksum of the whole image checked: 0, or -1 (what was built
 * is then s's, for snapshot_close to free). Reading the whole image is
 * half of a warm command's time at 100 000 tasks, and building the plan
 * and the fold a fifth: on a second core, the one is done while the
 * other is. The decoders are safe on any bytes (every offset, count and
 * index is checked; tests/fuzz/fuzz_snapshot.c gives them images with a
 * right checksum and anything else), and what they built is trusted
 * only once the thread is joined and the checksum found right. */
static int build_plan_checked(struct snapshot *s, const struct head *h,
			      const char *plan_path, unsigned want,
			      bool is_sealed)
{
	struct sum_job job = { s, is_sealed, 0 };
	pthread_attr_t attr;
	pthread_t tid;
	cpu_set_t cpus;
	bool threaded = false;
	int built, k;

	if (s->size >= SUM_THREAD_MIN && other_cpus(&cpus) &&
	    pthread_attr_init(&attr) == 0) {
		threaded = pthread_attr_setaffinity_np(&attr, sizeof(cpus),
						       &cpus) == 0 &&
			   pthread_create(&tid, &attr, sum_run, &job) == 0;
		(void)pthread_attr_destroy(&attr);
	}
	if (!threaded)
		(void)sum_run(&job);
	/* The rooms (enum room: 9 MB of lead slots at 100 000 tasks, and
	 * where the entries are wanted 98 MB more at 100 000 state-heavy
	 * ones): zeroed, in huge pages, whose pages are given as they are
	 * filled, by the threads that fill them. Given ahead, on the
	 * checksum's thread (MADV_POPULATE_WRITE), they took the memory
	 * from the entries' two decoding threads, or were not used at all
	 * (show decodes a task's entries into an array of their own);
	 * paired, a warm state-heavy report was 12 ms slower, show 5, list
	 * and check no faster. */
	for (k = 0; threaded && k < N_ROOMS; k++) {
		s->room_size[k] = room_size_of(s, h, want, (enum room)k);
		s->room[k] = s->room_size[k] ?
			mem_calloc_huge(1, s->room_size[k]) : NULL;
	}
	built = build_plan(s, h, plan_path);
	/* And what the caller will ask for next, while the thread sums. */
	if (built == 0)
		predecode(s, want);
	if (threaded)
		(void)pthread_join(tid, NULL);
	return built == 0 && (is_sealed || job.sum == h->checksum) ? 0 : -1;
}

/* Whether s has racy keys and every one of them has settled: its file
 * (which check_sources found to be the bytes that were read) last
 * changed more than SNAPSHOT_RACY_SECONDS ago, so that any later change
 * gives it a later change time, and its stat alone tells versions apart
 * (git refreshes its index's racily clean entries alike). */
static bool settled(const struct snapshot *s)
{
	struct timespec now;
	bool any = false;

	realtime(&now);
	for (size_t i = 0; i < s->n_src; i++) {
		const struct snapshot_source *k = &s->src[i];

		if (!k->present || !k->racy)
			continue;
		if (is_racy(k->ctime_sec, &now) || is_racy(k->mtime_sec, &now))
			return false;
		any = true;
	}
	return any;
}

int snapshot_open(const char *datadir, const char *plan_path, unsigned want,
		  struct snapshot **out)
{
	struct snapshot *s = NULL;
	struct head h;
	struct stat st;
	uid_t owner;
	int dfd = -1, fd = -1, ret = -1;

	*out = NULL;
	if (data_owner(datadir, &owner) || open_dir(datadir, false, &dfd))
		goto out;
	/* Relative to the directory just checked, never through a link. */
	(void)priv_raise();
	fd = openat(dfd, strrchr(SNAPSHOT_FILE, '/') + 1, O_RDONLY |
		    O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	priv_lower();
	if (fd < 0 || fstat(fd, &st) || !trusted_file(&st, owner) ||
	    st.st_size < (off_t)sizeof(h) || (uint64_t)st.st_size > IMAGE_MAX)
		goto out;
	s = calloc(1, sizeof(*s));
	if (!s || load_bytes(s, fd, &st))
		goto out;
	/* Cheap first: a stale image is the usual reason to say no. */
	if (check_head(s, &h) || check_sources(s, &h, datadir, plan_path))
		goto out;
	/* An entry from the future makes its department unreadable. */
	if (h.max_at > (int64_t)time(NULL) + STATE_CLOCK_SKEW)
		goto out;
	/* The checksum and the plan at once; the plan is used only once
	 * the checksum is right. */
	if (build_plan_checked(s, &h, plan_path, want,
			       snapshot_still_sealed(h.seal_sec, h.seal_nsec,
						     &st)))
		goto out;
	if (settled(s) && may_save(datadir) &&
	    (s->datadir = strdup(datadir)) != NULL) {
		for (size_t i = 0; i < s->n_src; i++) {
			s->src[i].racy = false;
			s->src[i].hash = 0;
		}
		s->settle = true;
		s->image_st = st;
	}
	opened = s;
	textfacts_region(s->strings, s->strings_len);
	*out = s;
	s = NULL;
	ret = 0;
out:
	snapshot_close(s);
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	return ret;
}

int snapshot_settle(struct snapshot *s)
{
	struct store_piece whole;
	unsigned char *img;
	struct src_rec rec;
	struct head h;
	uint64_t sum;
	size_t keys_end, span = 0;
	long page;

	if (!s || !s->settle)
		return -1;
	s->settle = false;
	/* The keys and the checksum changed where they are, in s's own
	 * copy: a private mapping's pages that hold them are copied on
	 * write (the file is not), and nothing of s's model points there.
	 * The image is not copied whole (125 MB at 100 000 tasks). */
	img = (unsigned char *)(uintptr_t)s->base;
	memcpy(&h, img, sizeof(h));
	keys_end = (size_t)h.sources_off + s->n_src * sizeof(rec);
	if (s->mapped) {
		page = sysconf(_SC_PAGESIZE);
		if (page <= 0)
			return -1;
		span = (keys_end + (size_t)page - 1) / (size_t)page *
		       (size_t)page;
		if (mprotect(img, span, PROT_READ | PROT_WRITE))
			return -1;
	}
	for (size_t i = 0; i < s->n_src; i++) {
		unsigned char *p = img + h.sources_off + i * sizeof(rec);

		memcpy(&rec, p, sizeof(rec));
		rec.racy = 0;
		rec.hash = 0;
		memcpy(p, &rec, sizeof(rec));
	}
	seal_now(&h);
	memcpy(img, &h, sizeof(h));
	sum = snapshot_hash(img + 16, s->size - 16);
	memcpy(img + 8, &sum, sizeof(sum));
	if (s->mapped)
		(void)mprotect(img, span, PROT_READ);
	whole = (struct store_piece){ img, s->size };
	return write_image(s->datadir, &whole, 1, &s->image_st);
}

/* ---- a writer's refresh ---- */

/* The position in the plan of an entry's department (n_depts: none). */
static size_t dept_pos(const struct plan *plan, const char *code)
{
	for (size_t i = 0; i < plan->n_depts; i++)
		if (plan->depts[i].code == code ||
		    !strcmp(plan->depts[i].code, code))
			return i;
	return plan->n_depts;
}

/* The hint of entry x of department di that a writer added (merge_dept),
 * its task found once: x's task id and department code are made the
 * plan's own strings, the pointers a hint is checked by (fold.c's
 * task_of and hinted_slot, build_image's task). Each of the three
 * lookups of the task by its id that these made of every entry of di
 * was a cache miss at 100 000 tasks. */
static struct state_hint added_hint(const struct plan *plan, size_t di,
				    struct state_entry *x)
{
	const char *code = plan->depts[di].code;
	const struct plan_task *t = x->task ? plan_task_find(plan, x->task) :
				    NULL;
	struct state_hint h = { UINT_MAX, (unsigned)di, UINT_MAX };
	long slot;

	if (x->dept && !strcmp(x->dept, code))
		x->dept = code;
	if (!t)
		return h;
	x->task = t->id;
	h.task = (unsigned)(t - plan->tasks);
	if (x->kind == ENTRY_TASK && x->role == ROLE_LEAD && x->dept == code) {
		slot = plan_lead_slot(plan, t, code);
		if (slot >= 0 && slot < (long)UINT32_MAX)
			h.slot = (unsigned)slot;
	}
	return h;
}

/* all (the image's entries, in state_load_all's order) with the entries
 * of department di replaced by st's, in place: 0, or -1 with all
 * unchanged when memory runs out or st is not in time order (which the
 * loader refuses of a department's file). Kept entries keep their
 * hints. The first of st's that say what the image's entries of di
 * said, in the same order (a department's file is written by appending
 * to it), are taken as the image had them, hints and all, where they
 * were in st's file aside: their strings are the image's, which a
 * refresh keeps where they are (build_image's keep), so that it adds
 * only what is new. The rest, what the writer added, are looked up in
 * the plan once (added_hint). */
static int merge_dept(const struct plan *plan, size_t di, struct state *all,
		      const struct state *st)
{
	const char *code = plan->depts[di].code;
	struct state_entry *e, *ne, *old = NULL;
	struct state_hint *h, *nh, *old_h = NULL;
	size_t k = 0, n, i, j, w, same = 0;

	for (i = 1; i < st->n; i++)
		if (st->entries[i].at < st->entries[i - 1].at)
			return -1;
	if (all->n_hints != all->n || all->n > SIZE_MAX / 2 - st->n)
		return -1;
	for (i = 0; i < all->n; i++)
		if (all->entries[i].dept == code)
			k++;
	/* The image's entries of di that st's begin with. */
	if (k && st->n) {
		old = malloc((k < st->n ? k : st->n) * sizeof(*old));
		old_h = malloc((k < st->n ? k : st->n) * sizeof(*old_h));
		for (i = 0; old && old_h && i < all->n && same < st->n; i++) {
			if (all->entries[i].dept != code)
				continue;
			if (!schema_entry_same(&all->entries[i],
					       &st->entries[same]))
				break;
			old[same] = all->entries[i];
			old[same].line = st->entries[same].line;
			old[same].col = st->entries[same].col;
			old_h[same] = all->hints[i];
			same++;
		}
	}
	n = all->n - k + st->n;
	if (n > all->alloc) {
		ne = mem_realloc_huge(all->entries, n, sizeof(*ne));
		if (!ne)
			goto fail;
		all->entries = ne;
		all->alloc = n;
	}
	nh = mem_realloc_huge(all->hints, n ? n : 1, sizeof(*nh));
	if (!nh)
		goto fail;
	all->hints = nh;
	e = all->entries;
	h = all->hints;
	/* The others, in order, to the front. */
	for (i = 0, k = 0; i < all->n; i++)
		if (e[i].dept != code) {
			e[k] = e[i];
			h[k++] = h[i];
		}
	/* Then from the back: of two at the same instant, the one of the
	 * department later in the plan last, as state_sort leaves them. */
	i = k;
	j = st->n;
	w = n;
	while (j > 0) {
		if (i > 0 && (e[i - 1].at > st->entries[j - 1].at ||
			      (e[i - 1].at == st->entries[j - 1].at &&
			       dept_pos(plan, e[i - 1].dept) > di))) {
			e[--w] = e[--i];
			h[w] = h[i];
		} else if (--j < same) {
			e[--w] = old[j];
			h[w] = old_h[j];
		} else {
			e[--w] = st->entries[j];
			h[w] = added_hint(plan, di, &e[w]);
		}
	}
	all->n = all->n_hints = n;
	free(old);
	free(old_h);
	return 0;
fail:
	free(old);
	free(old_h);
	return -1;
}

int snapshot_refresh(const char *datadir, const struct plan *plan,
		     const struct plan_dept *dept, const struct state *st,
		     const void *buf, size_t len)
{
	struct snapshot *s = opened;
	struct state *all = NULL;
	struct snapshot_source *src = NULL;
	struct image im = { NULL, NULL, NULL, 0, 0, 0, NULL, 0 };
	struct stat sb;
	char *path = NULL;
	size_t di, i;
	int ret = -1;

	if (!s || s->plan != plan || !may_save(datadir))
		goto out;
	di = (size_t)(dept - plan->depts);
	if (di >= plan->n_depts || s->n_src != plan->n_depts + 1)
		goto out;
	src = malloc(s->n_src * sizeof(*src));
	if (!src)
		goto out;
	memcpy(src, s->src, s->n_src * sizeof(*src));
	/* The others must still be the files the image holds. */
	path = data_path(datadir, "plan.yaml");
	if (!source_matches(path, &src[0]))
		goto out;
	for (i = 0; i < plan->n_depts; i++) {
		free(path);
		path = dept_path(datadir, plan->depts[i].code);
		if (i == di)
			continue;
		if (!source_matches(path, &src[i + 1]))
			goto out;
	}
	/* The writer's file, just renamed into place under its lock. */
	free(path);
	path = dept_path(datadir, dept->code);
	if (store_stat_quiet(path, &sb) || !S_ISREG(sb.st_mode) ||
	    (uint64_t)sb.st_size != len)
		goto out;
	snapshot_source_read(&src[di + 1], &sb, buf, len);
	/* As state_load_all: each department in plan order, then merged
	 * by time, ties in that order. The image's entries are in that
	 * order already: the writer's replace its department's in place,
	 * with no second copy of them all. */
	if (snapshot_state(s, &all) || merge_dept(plan, di, all, st))
		goto out;
	/* The old image's strings kept as they are, what is new after
	 * them, until what refreshes added since it was built whole is an
	 * eighth of them: then built whole, the strings no entry uses any
	 * more left out. */
	if (build_image(plan, all, src, s,
			s->grown <= s->strings_len / REFRESH_GROWN_MAX, &im))
		goto out;
	ret = write_built(datadir, &im);
	if (!ret)
		s->settle = false;	/* its keys were s's, settled */
out:
	image_release(&im);
	free(path);
	free(src);
	state_free(all);
	return ret;
}

/* A file of the report cache (memo.h). */
static bool kept_report(const char *name)
{
	return !strncmp(name, SNAPSHOT_REPORT_PREFIX,
			strlen(SNAPSHOT_REPORT_PREFIX));
}

void snapshot_setup(const char *datadir)
{
	char *path;
	struct stat st;
	bool created;
	int fd = -1;

	if (!priv_spool() || geteuid() != 0)
		return;
	path = data_path(datadir, SNAPSHOT_DIR);
	if (store_open_dir_quiet(path, 02770, &fd, &st, &created))
		goto out;
	if (fchown(fd, 0, priv_group()) || fchmod(fd, 02770))
		goto out;
	(void)unlinkat(fd, strrchr(SNAPSHOT_FILE, '/') + 1, 0);
	free(path);
	path = data_path(datadir, SNAPSHOT_FILE);
	store_sweep_quiet(path);
	/* The reports kept under the old layout, by whoever saved them. */
	store_sweep_names_quiet(path, kept_report);
out:
	if (fd >= 0)
		close(fd);
	free(path);
}

/* ---- for the report cache ---- */

int snapshot_dir_open(const char *datadir, int *dfd)
{
	return open_dir(datadir, false, dfd);
}

bool snapshot_file_trusted(const char *datadir, const struct stat *st)
{
	uid_t owner;

	return !data_owner(datadir, &owner) && trusted_file(st, owner);
}

bool snapshot_may_save(const char *datadir)
{
	return may_save(datadir);
}

bool snapshot_source_still(const char *datadir, const char *plan_path,
			   const char *code, const struct snapshot_source *key)
{
	char *path;
	bool ok;

	if (!code)
		return source_matches(plan_path, key);
	if (!plain_code(code))
		return false;
	path = dept_path(datadir, code);
	ok = source_matches(path, key);
	free(path);
	return ok;
}

const struct snapshot_source *snapshot_sources(const struct snapshot *s,
					       size_t *n)
{
	*n = s ? s->n_src : 0;
	return s ? s->src : NULL;
}

const char *snapshot_strings(const struct snapshot *s, size_t *len,
			     uint64_t *grown)
{
	*len = s->strings_len;
	*grown = s->grown;
	return s->strings;
}

int64_t snapshot_max_at(const struct snapshot *s)
{
	return s ? s->max_at : 0;
}

const unsigned char *snapshot_build(size_t *len)
{
	const struct build_id *id = build_id();

	*len = id->len;
	return id->bytes;
}
