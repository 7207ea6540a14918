/* auth.h: who is calling, and which departments they act for.
 *
 * Identity comes from getuid() and the process's groups (getgroups(),
 * getgid()), never from $USER, $LOGNAME or an option: the tool is run by
 * people on a shared server and must not be talked into another name.
 * A user's departments are those whose Unix group (plan.yaml) they are in;
 * root acts for every department. Installed setgid (spool mode, priv.h)
 * the effective group is plantrack's, never the user's: getgroups() and
 * getgid() give the real user's groups, and getuid() the real user.
 */
#ifndef PLANTRACK_AUTH_H
#define PLANTRACK_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "plantrack/plan.h"

struct auth_user {
	uid_t uid;
	char *name;		/* owned: passwd name, or the uid in decimal */
	gid_t *groups;		/* owned: the process's groups, with getgid() */
	size_t n_groups;
	bool root;
};

/* Fills u for the calling process. Returns 0 or -1 (error printed). */
int auth_current(struct auth_user *u);
void auth_release(struct auth_user *u);	/* NULL is fine */

/* Does u act for department d? */
bool auth_member(const struct auth_user *u, const struct plan_dept *d);
/* The departments u acts for, in plan order: fills out (n_depts slots)
 * and returns how many. */
size_t auth_departments(const struct auth_user *u, const struct plan *p,
			const struct plan_dept **out);

#endif
