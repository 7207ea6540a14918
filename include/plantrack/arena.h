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
};

#define ARENA_INIT { NULL, 0, 0 }

/* Returns zeroed, max-aligned memory, or NULL (errno ENOMEM). */
void *arena_alloc(struct arena *a, size_t size);
/* Copies len bytes and adds a NUL. NULL on ENOMEM. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/* Releases every block; the arena is then empty and reusable. NULL is fine. */
void arena_free(struct arena *a);

#endif
