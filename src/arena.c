/* arena.c: bump allocator. Blocks are chained newest first; a request too
 * big to share a block gets a block of its own, linked behind the head so
 * that the head's free space is not wasted. */
#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "plantrack/arena.h"

struct arena_block {
	struct arena_block *next;
	max_align_t data[];	/* forces the payload to max alignment */
};

#define ALIGN		(_Alignof(max_align_t))
#define BLOCK_SIZE	((size_t)64 * 1024 - sizeof(struct arena_block))
/* Above this a request gets its own block; half a block of waste at most. */
#define BIG_SIZE	(BLOCK_SIZE / 4)
/* A huge page, and the largest block: an arena that has grown this far
 * (the document of a report of 100 000 tasks is 150 MB) takes its
 * memory in blocks of 2 MB pages, a fault each, instead of a fault per
 * 4 KB page, which had cost a warm report a fifth of its time. */
#define HUGE		((size_t)2 << 20)
/* From here on a block is asked for in huge pages (a fault is ~10 us on
 * the virtual machines plantrack is measured on, a huge page zeroed
 * about as much as 16 of them); below, a huge page would hold more than
 * the block, which the peak RSS target (3x the data) cannot spare at
 * 1 000 and 10 000 tasks. */
#define HUGE_MIN	MEM_HUGE_MIN
/* A block is rounded up to whole huge pages when that adds at most a
 * quarter of it: else its last, partial huge page is left to 4 KB
 * pages, which count only as they are touched (a half: 10 000 tasks'
 * cold report took 2.85x its data in peak RSS, against 3 at most). */
#define ROUND_WASTE(len)	((len) / 4)
/* glibc's header before the payload of a block it maps: asked for this
 * much under a whole number of huge pages, the block is mapped as
 * exactly that many, and Linux (since 6.7) places an anonymous mapping
 * of whole huge pages on a huge page boundary. */
#define MALLOC_HEAD	32
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE	25	/* Linux 6.1 */
#endif

#define BLOCK_MAX	(2 * HUGE)

/* A block of size bytes of payload; from HUGE_MIN on, in huge pages
 * (mem_malloc_huge). */
static struct arena_block *block_new(size_t size)
{
	struct arena_block *b;

	if (size > SIZE_MAX - sizeof(*b) - HUGE) {
		errno = ENOMEM;
		return NULL;
	}
	if (sizeof(*b) + size < HUGE_MIN)
		b = malloc(sizeof(*b) + size);
	else
		b = mem_malloc_huge(1, sizeof(*b) + size);
	if (!b)
		errno = ENOMEM;
	return b;
}

/* The next shared block: an eighth of what the arena holds already
 * (from BLOCK_SIZE, in steps of it), so that its unused end is at most
 * an eighth of the whole; past a huge page, BLOCK_MAX (block_new: in
 * huge pages). Sets *size to its payload. */
static struct arena_block *block_next(struct arena *a, size_t *size)
{
	struct arena_block *b;

	if (a->total / 8 < HUGE) {
		*size = a->total / 8 < BLOCK_SIZE + sizeof(*b) ? BLOCK_SIZE :
			(a->total / 8 & ~(BLOCK_SIZE + sizeof(*b) - 1)) -
			sizeof(*b);
	} else {
		*size = BLOCK_MAX - sizeof(*b);
	}
	b = block_new(*size);
	if (b)
		a->total += sizeof(*b) + *size;
	return b;
}

/* size bytes aligned to align (a power of two, at most ALIGN). */
static void *arena_raw(struct arena *a, size_t size, size_t align)
{
	struct arena_block *b;
	size_t off, cap;

	if (!size)
		size = 1;
	off = (a->used + align - 1) & ~(align - 1);
	if (a->head && off <= a->cap && size <= a->cap - off) {
		a->used = off + size;
		return (char *)a->head->data + off;
	}
	if (size > BIG_SIZE) {
		b = block_new(size);
		if (!b)
			return NULL;
		if (a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			/* Full, so the next request opens a fresh block. */
			b->next = NULL;
			a->head = b;
			a->used = a->cap = size;
		}
		return b->data;
	}
	b = block_next(a, &cap);
	if (!b)
		return NULL;
	b->next = a->head;
	a->head = b;
	a->cap = cap;
	a->used = size;
	return b->data;
}

void *arena_alloc(struct arena *a, size_t size)
{
	void *p = arena_raw(a, size, ALIGN);

	if (p)
		memset(p, 0, size);
	return p;
}

void *arena_alloc_raw(struct arena *a, size_t size)
{
	return arena_raw(a, size, ALIGN);
}

void *arena_alloc_ptr(struct arena *a, size_t size)
{
	void *p = arena_raw(a, size, _Alignof(void *));

	if (p)
		memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX) {
		errno = ENOMEM;
		return NULL;
	}
	/* Strings need no alignment: pack them. */
	p = arena_raw(a, len + 1, 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* An array's memory is a block, its header hidden in front. */
static struct arena_block *array_block(void *items)
{
	return (struct arena_block *)(void *)((char *)items -
					      offsetof(struct arena_block,
						       data));
}

void *arena_array_resize(void *items, size_t size)
{
	struct arena_block *b = items ? array_block(items) : NULL, *nb;

	if (size > SIZE_MAX - sizeof(*b)) {
		errno = ENOMEM;
		return NULL;
	}
	nb = mem_realloc_huge(b, 1, sizeof(*b) + size);
	if (!nb)
		return NULL;
	/* The caller holds the block through its data (array_block). */
	// cppcheck-suppress memleak
	return nb->data;
}

void *arena_array_keep(struct arena *a, void *items, size_t size)
{
	struct arena_block *b;
	void *p = NULL;

	if (!items || size <= BIG_SIZE) {
		p = arena_raw(a, size, ALIGN);
		if (p && items && size)
			memcpy(p, items, size);
		arena_array_free(items);
		return p;
	}
	/* Linked behind the head, as a big request is: the head's free
	 * space stays in use. Giving back the unused tail is only a
	 * courtesy; if it fails, the block stays as it was. */
	b = realloc(array_block(items), sizeof(*b) + size);
	if (!b)
		b = array_block(items);
	if (a->head) {
		b->next = a->head->next;
		a->head->next = b;
	} else {
		/* Full (cap 0), so the next request opens a fresh block. */
		b->next = NULL;
		a->head = b;
		a->used = a->cap = 0;
	}
	return b->data;
}

void arena_array_free(void *items)
{
	if (items)
		free(array_block(items));
}

void arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->used = 0;
	a->cap = 0;
	a->total = 0;
}

#if defined(MADV_HUGEPAGE) || defined(MADV_POPULATE_WRITE)
/* madvise(advice) over the whole units (a power of two) inside
 * p[0..len): the kernel takes whole pages, and a range that starts or
 * ends inside one would take in bytes that are not ours. */
static void advise_inside(void *p, size_t len, uintptr_t unit, int advice)
{
	uintptr_t start, end;

	if (!p || len < unit)
		return;
	start = ((uintptr_t)p + unit - 1) & ~(unit - 1);
	end = ((uintptr_t)p + len) & ~(unit - 1);
	if (end > start)
		(void)madvise((void *)start, end - start, advice);
}
#endif

void mem_advise_huge(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	advise_inside(p, len, (uintptr_t)2 << 20, MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}

void mem_init(void)
{
#ifdef M_MMAP_THRESHOLD
	(void)mallopt(M_MMAP_THRESHOLD, (int)HUGE_MIN);
#endif
}

size_t mem_huge_whole(size_t len)
{
	if (len < HUGE_MIN || len > SIZE_MAX - 2 * HUGE)
		return len;
	return ((len + MALLOC_HEAD + HUGE - 1) & ~(HUGE - 1)) - MALLOC_HEAD;
}

size_t mem_huge_size(size_t len)
{
	size_t whole;

	if (len < HUGE_MIN || len > SIZE_MAX - 2 * HUGE)
		return len;
	whole = ((len + MALLOC_HEAD + HUGE - 1) & ~(HUGE - 1)) - MALLOC_HEAD;
	return whole - len <= ROUND_WASTE(len) ? whole : len;
}

/* Advises p[0..len), a block of mem_huge_size(), into huge pages: all of
 * it, from the huge page boundary just before it, when the block begins
 * there (mapped as mem_huge_size means); else the whole huge pages
 * inside it. Only advice either way: a huge page that took in bytes of
 * a neighbour would hold this process's memory all the same. */
static void advise_block(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	uintptr_t start = (uintptr_t)p & ~(HUGE - 1), end;

	if (!p || len < HUGE_MIN)
		return;
	end = ((uintptr_t)p + len + HUGE - 1) & ~(HUGE - 1);
	if ((uintptr_t)p - start < 4096) {
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
		/* malloc wrote its header in the first 4 KB page: that huge
		 * page's range has its page table, and would be faulted
		 * 4 KB at a time, unless made one now. */
		(void)madvise((void *)start, HUGE, MADV_COLLAPSE);
	} else
		mem_advise_huge(p, len);
#else
	(void)p;
	(void)len;
#endif
}

/* n * size into *len (0 is 1: malloc(0) may return NULL): 0, or -1
 * (ENOMEM) when no object is that large. */
static int huge_len(size_t n, size_t size, size_t *len)
{
	if (size && n > (PTRDIFF_MAX - 2 * HUGE) / size) {
		errno = ENOMEM;
		return -1;
	}
	*len = n && size ? n * size : 1;
	return 0;
}

/* p, advised as a block of len bytes; or NULL (ENOMEM). */
static void *huge_block(void *p, size_t len)
{
	if (!p)
		errno = ENOMEM;
	else
		advise_block(p, len);
	return p;
}

void *mem_calloc_huge(size_t n, size_t size)
{
	size_t len;

	if (huge_len(n, size, &len))
		return NULL;
	len = mem_huge_size(len);
	return huge_block(calloc(1, len), len);
}

void *mem_malloc_huge(size_t n, size_t size)
{
	size_t len;
	void *p;

	if (huge_len(n, size, &len))
		return NULL;
	if (len < HUGE_MIN)
		return huge_block(malloc(len), len);
	/* Nothing to keep zeroed: aligned by malloc itself, which puts
	 * its header before the first huge page, not in it. */
	if (((len + HUGE - 1) & ~(HUGE - 1)) - len <= ROUND_WASTE(len))
		len = (len + HUGE - 1) & ~(HUGE - 1);
	if (posix_memalign(&p, HUGE, len)) {
		errno = ENOMEM;
		return NULL;
	}
	mem_advise_huge(p, len);
	return p;
}

void *mem_realloc_huge(void *p, size_t n, size_t size)
{
	size_t len;

	if (huge_len(n, size, &len))
		return NULL;
	len = mem_huge_size(len);
	return huge_block(realloc(p, len), len);
}

void mem_populate(void *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	advise_inside(p, len, 4096, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)len;
#endif
}
