/* render_split.c: a long table's rows drawn on two cores (render_int.h).
 *
 * A warm report of 100 000 tasks spends most of its time drawing its
 * rows one after the other, while the checksum thread (snapshot.c) is
 * done and the second core idles. Rows are drawn alike wherever a run
 * of them starts, so the table is cut into chunks: this thread draws
 * the even ones straight to the output, a second thread the odd ones,
 * each into one of two spools (out.h) that this thread writes after the
 * chunk before it and hands back. The bytes are the same, in the same
 * order; the spools' memory is used again and again (fresh pages cost
 * more than the rows that fill them).
 */
#define _GNU_SOURCE	/* sched_getaffinity, CPU_COUNT */
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>

#include "plantrack/out.h"
#include "plantrack/render.h"
#include "render_int.h"

/* Rows a thread draws at a time: the second thread is at most two
 * chunks ahead. */
#define CHUNK_ROWS 1024
#define SLOTS 2

struct slot {
	struct out o;		/* a spool */
	bool full;		/* drawn, not yet written */
};

/* As render_split_tune left them. */
static size_t split_min = RENDER_SPLIT_MIN, split_chunk = CHUNK_ROWS;
static bool split_tuned;

void render_split_tune(size_t min_rows, size_t chunk_rows)
{
	split_tuned = min_rows && chunk_rows;
	split_min = split_tuned ? min_rows : RENDER_SPLIT_MIN;
	split_chunk = split_tuned ? chunk_rows : CHUNK_ROWS;
}

struct team {
	render_rows_fn *fn;
	const struct report *r;
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
		t->fn(&s->o, t->r, c * t->chunk, chunk_end(t, c), t->arg);
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

static struct team *team_new(render_rows_fn *fn, const struct report *r,
			     size_t n, void *arg)
{
	struct team *t = calloc(1, sizeof(*t));
	int k;

	if (!t)
		return NULL;
	t->fn = fn;
	t->r = r;
	t->arg = arg;
	t->n = n;
	t->chunk = split_chunk;
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

void render_rows(struct out *o, const struct report *r, size_t n,
		 render_rows_fn *fn, void *arg)
{
	struct team *t = NULL;
	pthread_t tid;
	size_t c, j;

	if (n < split_min || !(split_tuned || several_cpus()) ||
	    !(t = team_new(fn, r, n, arg)))
		goto alone;
	if (pthread_create(&tid, NULL, draw_odd, t) != 0)
		goto alone;
	for (c = 0, j = 0; c < t->chunks; c += 2, j++) {
		struct slot *s = &t->slot[j % SLOTS];

		fn(o, r, c * t->chunk, chunk_end(t, c), arg);
		if (c + 1 == t->chunks)
			break;
		await(t, s, true);
		/* A spool that ran out of memory wrote nothing: its rows
		 * again, here. */
		if (out_spool_put(o, &s->o) != 0 && !out_error(o))
			fn(o, r, (c + 1) * t->chunk, chunk_end(t, c + 1),
			   arg);
		mark(t, s, false);
	}
	(void)pthread_join(tid, NULL);
	team_free(t);
	return;
alone:
	team_free(t);
	fn(o, r, 0, n, arg);
}
