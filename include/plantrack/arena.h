/* arena.h: bump allocator for data that lives and dies together (a loaded plan).
 *
 * Ownership: everything returned by arena_* belongs to the arena and is
 * released by one arena_free(); never free() it individually.
 */
#ifndef PLANTRACK_ARENA_H
#define PLANTRACK_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used;	/* bytes used in head */
	size_t cap;	/* bytes available in head */
	size_t total;	/* bytes of the shared blocks, for the next one's size */
};

#define ARENA_INIT { NULL, 0, 0, 0 }

/* Returns zeroed, max-aligned memory, or NULL (errno ENOMEM). */
void *arena_alloc(struct arena *a, size_t size);
/* The same, not zeroed: for an array whose every byte the caller is
 * about to write (a plan's tasks from the snapshot: zeroing 8.8 MB, then
 * writing them, was two passes over memory out of every cache). */
void *arena_alloc_raw(struct arena *a, size_t size);
/* The same aligned for pointers only (alignof(void *), not max_align_t):
 * small structs of pointers and integers packed tight (a document of
 * 100 000 rows holds millions of 24-byte runs, a third of them padding
 * at max alignment). */
void *arena_alloc_ptr(struct arena *a, size_t size);
/* Copies len bytes and adds a NUL. NULL on ENOMEM. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/* Arrays that grow in memory of their own, then join the arena, for
 * lists of unknown length (100 000 tasks): a large array joins without
 * being copied, a small one is copied into the arena's shared blocks.
 *
 * arena_array_resize works as realloc on an array from here (NULL for a
 * new one); NULL on ENOMEM, the array untouched. arena_array_keep hands
 * the array (NULL when still empty) of size bytes to the arena and
 * returns where it now is, never NULL for success even when size is 0;
 * NULL on ENOMEM, and the array is freed either way. arena_array_free
 * frees an array not kept; NULL is fine. */
void *arena_array_resize(void *items, size_t size);
void *arena_array_keep(struct arena *a, void *items, size_t size);
void arena_array_free(void *items);
/* Releases every block; the arena is then empty and reusable. NULL is fine. */
void arena_free(struct arena *a);

/* Advises the kernel to back p[0..len), memory just allocated and not yet
 * touched (calloc's), with huge pages where whole ones fit: the decoded
 * entries of 100 000 tasks are 79 MB, and a fault per 4 KB page cost a
 * tenth of a warm command; or a file's mapping, whose pages the page
 * cache then reads back in huge folios. Only advice, which may be
 * ignored; the memory stays the caller's, freed as before. NULL is fine. */
void mem_advise_huge(void *p, size_t len);
/* Memory of its own for n items of size bytes, freed with free(), as
 * calloc (zeroed), malloc and realloc give it; NULL with errno ENOMEM
 * (also when n * size overflows). From MEM_HUGE_MIN (a huge page) on,
 * in huge pages that the kernel is advised to use, rounded up to whole
 * ones when that adds at most a quarter. A block of plain malloc's is
 * mapped where it falls, and mem_advise_huge can only take the huge
 * pages whole inside it, leaving up to 4 MB at its two ends to faults
 * of 4 KB: a warm report of 100 000 tasks took 2 300 to 7 900 faults, a
 * quarter to a third of its time (docs/performance.md).
 * - mem_malloc_huge's block of MEM_HUGE_MIN or more starts on a huge
 *   page (posix_memalign), and so on any smaller power of two;
 * - mem_calloc_huge's and mem_realloc_huge's are asked for at a size
 *   that malloc maps as whole huge pages (when rounded up), which Linux
 *   places on a huge page boundary, and the first huge page, where
 *   malloc wrote its header, is collapsed into one (MADV_COLLAPSE).
 * All of this but the alignment is only advice: on another kernel or
 * allocator the memory is the same, faulted 4 KB at a time. */
#define MEM_HUGE_MIN	((size_t)2 << 20)
void *mem_calloc_huge(size_t n, size_t size);
void *mem_malloc_huge(size_t n, size_t size);
void *mem_realloc_huge(void *p, size_t n, size_t size);
/* The bytes mem_calloc_huge and mem_realloc_huge ask of malloc for len
 * bytes (at least len). */
size_t mem_huge_size(size_t len);
/* len rounded up, from MEM_HUGE_MIN on, to what mem_calloc_huge maps as
 * whole huge pages, however much that adds: for an array every page of
 * which is written at once, where the 4 KB faults of a block's partial
 * huge pages at its two ends (up to 1 024 of them) cost more than
 * zeroing the rest of its last one. */
size_t mem_huge_whole(size_t len);
/* Keeps malloc mapping every block from 2 MB on (mallopt's mmap
 * threshold fixed), where mem_*_huge can place it in huge pages. By
 * default glibc raises the threshold to the size of each mapped block
 * freed: after a report freed its 10 MB fold, the document's arrays
 * came from the heap, 4 KB pages faulted one at a time. Once, at start;
 * without glibc, nothing. */
void mem_init(void);
/* Asks the kernel to give p[0..len) its pages now, in one call, when
 * every byte of it is about to be written: a fault a page was most of
 * the cost of fresh memory. A hint: nothing happens where it is not
 * supported. */
void mem_populate(void *p, size_t len);

#endif
