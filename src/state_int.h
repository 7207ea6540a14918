/* state_int.h: what state.c, state_load.c, state_save.c, fold.c and
 * snapshot.c share, and nothing outside them needs. */
#ifndef PLANTRACK_STATE_INT_H
#define PLANTRACK_STATE_INT_H

#include <stddef.h>

#include "plantrack/state.h"

/* Appends *e as it is: its strings must already belong to st's arena.
 * Returns 0 or -1 (ENOMEM). */
int state_push(struct state *st, const struct state_entry *e);

/* Stable sort of st's entries by time (ties keep their order). Returns 0
 * or -1 (ENOMEM). */
int state_sort(struct state *st);

/* For text the YAML reader has found valid UTF-8 in NFC without control
 * characters (yr_event.text_ok): 1 when schema_text_check would accept
 * it too, i.e. it is at most max bytes and holds no bidi control; 0 when
 * not, or not known (the caller then asks schema_text_check). */
int state_text_plain(const char *s, size_t len, size_t max);

/* f's slots for plan, as state_fold lays them out and before it applies
 * any entry: leads, values, submissions and sections allocated (zeroed)
 * and named, every subject as nothing recorded. The notes are left to
 * the caller. 0, or -1 (ENOMEM) with what was allocated in f for
 * fold_release. Shared with the snapshot's fold (snapshot.c). */
int fold_slots(struct fold *f, const struct plan *plan);
/* The same with leads, NULL or zeroed memory for plan_lead_count(plan)
 * slots that is f's from now on either way (its pages given already:
 * the snapshot's other thread did it, snapshot.c). */
int fold_slots_in(struct fold *f, const struct plan *plan,
		  struct task_lead_state *leads);
/* The bytes of the lead slots of a plan of n_leads leads, as
 * fold_slots_in takes them: in whole huge pages (mem_huge_whole), since
 * every one of them is written. SIZE_MAX when that does not fit. */
size_t fold_slots_bytes(size_t n_leads);

#endif
