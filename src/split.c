/* split.c: parts of a document drawn on two threads (split.h).
 *
 * The second thread draws the odd chunks, each into one of two spools,
 * which the calling thread writes after the even chunk before it and
 * hands back: it is at most two chunks ahead, and the spools' memory is
 * used again and again (fresh pages cost more than the rows that fill
 * them).
 */
#define _GNU_SOURCE	/* sched_getaffinity, CPU_COUNT */
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>

#include "plantrack/out.h"
#include "plantrack/split.h"

#define SLOTS 2

struct slot {
	struct out o;		/* a spool */
	bool full;		/* drawn, not yet written */
};

/* As split_tune left them: 0, as the callers ask. */
static size_t tuned_min, tuned_chunk;

void split_tune(size_t min, size_t chunk)
{
	tuned_min = min && chunk ? min : 0;
	tuned_chunk = min && chunk ? chunk : 0;
}

size_t split_least(size_t min)
{
	return tuned_chunk ? tuned_min : min;
}

struct team {
	split_fn *fn;
	void *arg;
	size_t n, chunk, chunks;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct slot slot[SLOTS];
};

static size_t chunk_end(const struct team *t, size_t c)
{
	return (c + 1) * t->chunk < t->n ? (c + 1) * t->chunk : t->n;
}

/* Waits until slot s is full (want) or empty (!want). */
static void await(struct team *t, struct slot *s, bool want)
{
	(void)pthread_mutex_lock(&t->lock);
	while (s->full != want)
		(void)pthread_cond_wait(&t->cond, &t->lock);
	(void)pthread_mutex_unlock(&t->lock);
}

static void mark(struct team *t, struct slot *s, bool full)
{
	(void)pthread_mutex_lock(&t->lock);
	s->full = full;
	(void)pthread_cond_broadcast(&t->cond);
	(void)pthread_mutex_unlock(&t->lock);
}

/* The second thread: the odd chunks, the j-th into slot j % SLOTS. */
static void *draw_odd(void *v)
{
	struct team *t = v;
	size_t c, j;

	for (c = 1, j = 0; c < t->chunks; c += 2, j++) {
		struct slot *s = &t->slot[j % SLOTS];

		await(t, s, false);
		t->fn(&s->o, c * t->chunk, chunk_end(t, c), t->arg);
		mark(t, s, true);
	}
	return NULL;
}

/* Whether this process may run on more than one processor (taskset -c 0
 * keeps a report on one). */
static bool several_cpus(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 &&
	       CPU_COUNT(&set) >= 2;
}

static struct team *team_new(split_fn *fn, size_t n, size_t chunk,
			     void *arg)
{
	struct team *t = calloc(1, sizeof(*t));
	int k;

	if (!t)
		return NULL;
	t->fn = fn;
	t->arg = arg;
	t->n = n;
	t->chunk = chunk;
	t->chunks = (n + t->chunk - 1) / t->chunk;
	for (k = 0; k < SLOTS; k++) {
		if (out_init_spool(&t->slot[k].o) != 0) {
			while (k-- > 0)
				out_spool_free(&t->slot[k].o);
			free(t);
			return NULL;
		}
	}
	(void)pthread_mutex_init(&t->lock, NULL);
	(void)pthread_cond_init(&t->cond, NULL);
	return t;
}

static void team_free(struct team *t)
{
	if (!t)
		return;
	for (int k = 0; k < SLOTS; k++)
		out_spool_free(&t->slot[k].o);
	(void)pthread_mutex_destroy(&t->lock);
	(void)pthread_cond_destroy(&t->cond);
	free(t);
}

struct half {
	split_half_fn *fn;
	void *arg;
	size_t from, to;
};

static void *run_half(void *v)
{
	struct half *h = v;

	h->fn(h->from, h->to, 1, h->arg);
	return NULL;
}

void split_halves(size_t n, size_t min, split_half_fn *fn, void *arg)
{
	struct half h = { fn, arg, n / 2, n };
	pthread_t tid;
	bool threaded;

	if (tuned_chunk)
		min = tuned_min;
	threaded = n >= min && n >= 2 && (tuned_chunk || several_cpus()) &&
		   pthread_create(&tid, NULL, run_half, &h) == 0;
	fn(0, n / 2, 0, arg);
	if (threaded)
		(void)pthread_join(tid, NULL);
	else
		fn(n / 2, n, 1, arg);
}

void split_draw(struct out *o, size_t n, size_t min, size_t chunk,
		split_fn *fn, void *arg)
{
	struct team *t = NULL;
	pthread_t tid;
	size_t c, j;

	if (tuned_chunk) {
		min = tuned_min;
		chunk = tuned_chunk;
	}
	if (!chunk || n < min || n <= chunk ||
	    !(tuned_chunk || several_cpus()) ||
	    !(t = team_new(fn, n, chunk, arg)))
		goto alone;
	if (pthread_create(&tid, NULL, draw_odd, t) != 0)
		goto alone;
	for (c = 0, j = 0; c < t->chunks; c += 2, j++) {
		struct slot *s = &t->slot[j % SLOTS];

		fn(o, c * t->chunk, chunk_end(t, c), arg);
		if (c + 1 == t->chunks)
			break;
		await(t, s, true);
		/* A spool that ran out of memory wrote nothing: its rows
		 * again, here. */
		if (out_spool_put(o, &s->o) != 0 && !out_error(o))
			fn(o, (c + 1) * t->chunk, chunk_end(t, c + 1), arg);
		mark(t, s, false);
	}
	(void)pthread_join(tid, NULL);
	team_free(t);
	return;
alone:
	team_free(t);
	fn(o, 0, n, arg);
}
