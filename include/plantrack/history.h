/* history.h: the recorded entries as changes (field, from, to).
 *
 * The state files keep only new values; the old value of a field is what
 * the entries of the same subject before it add up to (the same
 * department, task and role; the same indicator and period), by the one
 * rule of state_current_apply. This module works that out for every
 * entry (one hash probe each, then one pass of the fold as the entries
 * are read) and renders the result: every field the schema's table
 * folds, by its label, with "(cleared)" for a text taken back with "".
 */
#ifndef PLANTRACK_HISTORY_H
#define PLANTRACK_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "plantrack/date.h"
#include "plantrack/plan.h"
#include "plantrack/state.h"

struct history_filter {
	const char *task;	/* NULL: every task (and non-task entries) */
	const char *dept;	/* NULL: every department */
	pt_day since;		/* PT_DAY_NONE: from the start */
};

struct history_item {
	const struct state_entry *e;
	/* The period whose report the department had already submitted
	 * when this entry was recorded, or NULL. */
	const struct plan_period *after_submission;
};

struct history {
	struct history_item *items;	/* owned; entries point into the state */
	size_t n;
	/* Every entry of the state in recorded order (not owned) and the
	 * number of each one's subject (owned, < n_subjects): what
	 * history_replay folds again as the items are read. An item keeps
	 * no copy of its subject's values: 104 bytes an entry, the bulk of
	 * a long history's fresh memory. */
	const struct state_entry *entries;
	uint32_t *subject;
	size_t n_entries, n_subjects;
	/* The state's unreadable departments (outputs say so). */
	const struct plan_dept *const *unreadable;
	size_t n_unreadable;
};

/* Returns 0 or -1 (ENOMEM). */
int history_build(struct history *h, const struct state *st,
		  const struct plan *p, const struct history_filter *flt);
void history_release(struct history *h);	/* NULL is fine */

/* What the entries of an item's subject before it add up to, worked out
 * again as the items are read: every subject folded in recorded order
 * (state_current_apply) up to the items asked for. Items asked for in
 * increasing order cost one pass over the entries in all. It keeps the
 * HISTORY_REPLAY_BACK - 1 items before the last one asked for (those
 * it has worked out since it last started); asking for one further back
 * starts again from the first entry. The values it gives are its own,
 * good until the next call; history_replay_release frees what it
 * holds. */
#define HISTORY_REPLAY_BACK	16
struct history_replay {
	const struct history *h;
	struct state_current *cur;	/* n_subjects; type NULL: not met */
	size_t next_entry;		/* entries before it applied */
	/* ring holds the values before items [max(first_item, next_item
	 * - 2 * HISTORY_REPLAY_BACK), next_item), item i at i % its size. */
	size_t first_item, next_item;
	struct state_current ring[2 * HISTORY_REPLAY_BACK];
};

/* Returns 0 or -1 (ENOMEM). */
int history_replay_init(struct history_replay *rp, const struct history *h);
/* Item i's values before its entry (*before) and after (*after). */
void history_replay_item(struct history_replay *rp, size_t i,
			 const struct state_current **before,
			 struct state_current *after);
void history_replay_release(struct history_replay *rp);	/* NULL is fine */

/* 0, or -1 when out of memory: with nothing written when it was before
 * the first line, else with the lines before written (the table's). */
int history_render_text(FILE *f, const struct history *h,
			const struct plan *p, int width);
int history_render_json(FILE *f, const struct history *h,
			const struct plan *p);

#endif
