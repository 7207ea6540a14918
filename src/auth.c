/* auth.c: the calling user and their departments. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plantrack/auth.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"

int auth_current(struct auth_user *u)
{
	struct passwd *pw;
	char num[32];
	int n;

	memset(u, 0, sizeof(*u));
	u->uid = getuid();
	u->root = u->uid == 0;
	errno = 0;
	pw = getpwuid(u->uid);
	if (pw && pw->pw_name && *pw->pw_name) {
		u->name = strdup(pw->pw_name);
	} else {
		if (snprintf(num, sizeof(num), "%lu", (unsigned long)u->uid) < 0)
			goto err;
		u->name = strdup(num);
	}
	if (!u->name)
		goto err;
	n = getgroups(0, NULL);
	if (n < 0)
		goto err;
	u->groups = calloc((size_t)n + 1, sizeof(*u->groups));
	if (!u->groups)
		goto err;
	n = getgroups(n, u->groups);
	if (n < 0)
		goto err;
	u->n_groups = (size_t)n;
	/* The primary group is not always among the supplementary ones. */
	u->groups[u->n_groups++] = getgid();
	return 0;
err:
	error(_("cannot tell who is running plantrack: %s"),
	      err_strerror(errno));
	auth_release(u);
	return -1;
}

void auth_release(struct auth_user *u)
{
	if (!u)
		return;
	free(u->name);
	free(u->groups);
	u->name = NULL;
	u->groups = NULL;
	u->n_groups = 0;
}

bool auth_member(const struct auth_user *u, const struct plan_dept *d)
{
	struct group *gr;

	if (u->root)
		return true;
	gr = getgrnam(d->group);
	if (!gr)
		return false;
	for (size_t i = 0; i < u->n_groups; i++)
		if (u->groups[i] == gr->gr_gid)
			return true;
	return false;
}

size_t auth_departments(const struct auth_user *u, const struct plan *p,
			const struct plan_dept **out)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_depts; i++)
		if (auth_member(u, &p->depts[i]))
			out[n++] = &p->depts[i];
	return n;
}
