/* prefetch.h: how a function that only asks for memory ahead is declared.
 *
 * A prefetch has no effect the compiler can see, so a function of loads
 * and prefetches alone is found to have none (GCC's ipa-pure-const), and
 * its calls, which return nothing, are deleted before it is inlined:
 * history's row hints were not in the binary at all (objdump, GCC 12
 * -O2). Inlined always, in the early inliner, its prefetches stay in the
 * caller. Every such helper is declared PT_PREFETCHER. */
#ifndef PLANTRACK_PREFETCH_H
#define PLANTRACK_PREFETCH_H

#define PT_PREFETCHER static inline __attribute__((always_inline))

#endif
