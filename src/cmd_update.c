/* cmd_update.c: the commands that record: update, indicator set, submit.
 *
 * Each checks its arguments, finds out who is calling and for which
 * department, refuses (exit 77) what that department may not change, and
 * hands one new entry to record_commit(). Their field options, how each
 * value is checked and who may set it come from the schema's table
 * (schema.h); what changed is worked out and told with the same
 * functions history uses (state_current_apply, schema_describe_changes).
 * update without field options, on a terminal, takes the fields from the
 * user's editor (form.h, editor.h); submit says what the report lacks
 * (todo.h, the report's own rules).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "plantrack/auth.h"
#include "plantrack/commands.h"
#include "plantrack/editor.h"
#include "plantrack/err.h"
#include "plantrack/form.h"
#include "plantrack/i18n.h"
#include "plantrack/instant.h"
#include "plantrack/record.h"
#include "plantrack/schema.h"
#include "plantrack/strbuf.h"
#include "plantrack/textarg.h"
#include "plantrack/todo.h"
#include "plantrack/utf8.h"

/* Who acts, for which department. With --dept: that department, which the
 * user must belong to. Without: among the user's departments, those that
 * can do this (rank() > 0); the best-ranked one if it is alone in its
 * rank (a lead before a coordinator), else a usage error asking for
 * --dept; none at all is a permission error. what_name names the thing
 * ("task V.8"); why_name names it with who may change it, for the
 * refusal only, where that is the answer. */
static int choose_dept(const char *cmd, const struct plan *p,
		       const struct auth_user *u, const char *dept_arg,
		       int (*rank)(const struct plan *, const struct plan_dept *,
				   const void *),
		       const void *what, const char *what_name,
		       const char *why_name, const struct plan_dept **out)
{
	const struct plan_dept **mine = xcalloc(p->n_depts + 1, sizeof(const struct plan_dept *));
	size_t n_mine = auth_departments(u, p, mine), n_best = 0;
	const struct plan_dept *best = NULL;
	struct strbuf sb = STRBUF_INIT;
	int status = 0, best_rank = 0;

	*out = NULL;
	if (dept_arg) {
		status = cli_resolve_dept(cmd, p, dept_arg, out);
		if (status)
			goto out;
		if (!auth_member(u, *out)) {
			error(_("user %s is not a member of department %s "
				"(Unix group %s), so cannot change %s; ask the "
				"administrator to add you to the group"),
			      u->name, (*out)->code, (*out)->group, what_name);
			status = EX_NOPERM;
		}
		goto out;
	}
	if (n_mine == 0) {
		error(_("user %s belongs to no department of the plan (no "
			"plantrack group among the user's groups), so cannot "
			"change %s; ask the administrator to add you to your "
			"department's group"), u->name, what_name);
		status = EX_NOPERM;
		goto out;
	}
	for (size_t i = 0; i < n_mine; i++) {
		int r = rank(p, mine[i], what);

		if (r > best_rank) {
			best_rank = r;
			best = mine[i];
			n_best = 0;
			strbuf_reset(&sb);
		}
		if (r && r == best_rank) {
			n_best++;
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", mine[i]->code);
		}
	}
	if (n_best == 1) {
		*out = best;
	} else if (n_best > 1) {
		status = cli_usage_error(cmd, _("user %s acts for several "
					 "departments that could change %s "
					 "(%s): say which with --dept CODE"),
					 u->name, what_name, sb.buf);
	} else {
		for (size_t i = 0; i < n_mine; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", mine[i]->code);
		error(_("user %s (department %s) may not change %s"),
		      u->name, sb.buf, why_name);
		status = EX_NOPERM;
	}
out:
	strbuf_release(&sb);
	free(mine);
	if (!status && !*out)
		status = EX_SOFTWARE;	/* cannot happen; keeps callers simple */
	return status;
}

/* ---- field options, from the table ---- */

/* The field options given, by field index: the last of each wins. */
struct field_args {
	const struct schema_type *t;
	const char *raw[SCHEMA_MAX_FIELDS];	/* NULL: not given */
	bool from_file[SCHEMA_MAX_FIELDS];
	char *owned[SCHEMA_MAX_FIELDS];		/* texts made from them */
};

static void field_args_init(struct field_args *a, enum entry_kind k)
{
	memset(a, 0, sizeof(*a));
	a->t = schema_type_of(k);
}

static void field_args_release(struct field_args *a)
{
	for (size_t i = 0; i < SCHEMA_MAX_FIELDS; i++)
		free(a->owned[i]);
}

/* Takes getopt's c if it is a field option. */
static bool field_option(struct field_args *a, int c, const char *arg)
{
	bool from_file;
	const struct schema_field *f = schema_option_field(a->t, c, &from_file);
	size_t i;

	if (!f)
		return false;
	i = schema_index(a->t, f);
	a->raw[i] = arg ? arg : "true";
	a->from_file[i] = from_file;
	return true;
}

static bool field_given(const struct field_args *a, const char *key)
{
	const struct schema_field *f = schema_field(a->t, key);

	return f && a->raw[schema_index(a->t, f)];
}

/* "--status, --progress, --result, --difficulty, --proposal": the
 * options of the fields that who may set (0: any). */
static void option_list(struct strbuf *sb, const struct schema_type *t,
			unsigned who, const char *last)
{
	size_t i, n = 0, k = 0;

	for (i = 0; i < t->n_fields; i++)
		n += t->fields[i].option && t->fields[i].fold ==
		     SCHEMA_FOLD_REPLACE && (!who || (t->fields[i].who & who));
	for (i = 0; i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		if (!f->option || f->fold != SCHEMA_FOLD_REPLACE ||
		    (who && !(f->who & who)))
			continue;
		strbuf_addf(sb, "%s--%s", !k ? "" : k + 1 == n ? last : ", ",
			    f->option);
		k++;
	}
}

/* Reads the text of --NAME-file: FILE, or standard input for "-". One
 * trailing newline (an editor's) is not part of the text. */
static int read_text_file(const char *cmd, const struct schema_field *f,
			  const char *path, char **out, size_t *len)
{
	/* Enough for any text the rule can accept, and one byte more. */
	size_t max = 4 * (size_t)f->max + 1, n = 0;
	FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *buf = NULL;
	int status = EX_NOINPUT;

	(void)cmd;	/* err.c names the command */
	if (!in) {
		error(_("--%s-file: cannot read %s: %s"), f->option, path,
		      err_strerror(errno));
		status = errno == EACCES ? EX_NOPERM : EX_NOINPUT;
		goto out;
	}
	buf = xmalloc(max + 1);
	n = fread(buf, 1, max, in);
	if (ferror(in)) {
		error(_("--%s-file: cannot read %s: %s"), f->option, path,
		      err_strerror(errno));
		status = EX_IOERR;
		goto out;
	}
	if (n && buf[n - 1] == '\n')
		n--;
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
	status = 0;
out:
	if (in && in != stdin)
		fclose(in);
	free(buf);
	return status;
}

/* Converts the given option values into fields of e, by kind, after the
 * same rules the loader applies (numbers up to dmax when it is below the
 * row's). Subject fields other than the period (the task, the indicator)
 * come from the command's arguments. Returns 0 or an exit status after a
 * message. */
static int field_convert(const char *cmd, struct cli_ctx *ctx,
			 struct field_args *a, double dmax,
			 struct state_entry *e)
{
	const struct schema_type *t = a->t;
	struct strbuf name = STRBUF_INIT, why = STRBUF_INIT;
	struct text_issue issue;
	const struct plan_period *pd;
	size_t i, len;
	char *file = NULL;
	const char *text;
	int status = 0, v, stdin_used = 0, r;
	long l;
	double d;

	for (i = 0; !status && i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];
		const char *raw = a->raw[i];

		if (!raw)
			continue;
		strbuf_reset(&name);
		strbuf_addf(&name, "--%s%s", f->option,
			    a->from_file[i] ? "-file" : "");
		switch (f->kind) {
		case SCHEMA_TEXT:
			text = raw;
			len = strlen(raw);
			if (a->from_file[i]) {
				if (!strcmp(raw, "-") && stdin_used++) {
					status = cli_usage_error(cmd, _("only "
						"one text can be read from "
						"standard input"));
					break;
				}
				free(file);
				file = NULL;
				status = read_text_file(cmd, f, raw, &file,
							&len);
				if (status)
					break;
				text = file;
			}
			r = schema_text_input(text, len, (size_t)f->max,
					      &a->owned[i], &issue);
			if (r < 0)
				die(EX_OSERR, "%s", _("out of memory"));
			if (r > 0) {
				strbuf_reset(&why);
				schema_text_issue(&why, &issue);
				/* TRANSLATORS: an option and what is wrong
				 * with its text: "--result: character 12
				 * is U+0093, a control character". */
				status = cli_usage_error(cmd, _("%s: %s"),
							 name.buf, why.buf);
				break;
			}
			schema_set_str(e, f, a->owned[i]);
			break;
		case SCHEMA_ENUM:
			v = schema_enum_parse(f->values, raw);
			if (v < 0) {
				strbuf_reset(&why);
				for (size_t k = 0; k < f->values->n_spellings;
				     k++)
					strbuf_addf(&why, "%s%s", k ? ", " :
						    _(", or the report's words: "),
						    f->values->spellings[k].text);
				status = cli_usage_error(cmd, _("unknown %s "
					"'%s' (use %s%s)"), f->key, raw,
					f->values->expected, why.buf);
				break;
			}
			schema_set_int(e, f, v);
			break;
		case SCHEMA_INT:
			status = textarg_int(cmd, name.buf, raw, f->min, f->max,
					     &l);
			if (!status)
				schema_set_int(e, f, l);
			break;
		case SCHEMA_NUMBER:
			status = textarg_number(cmd, name.buf, raw, f->dmin,
						dmax < f->dmax ? dmax : f->dmax,
						&d);
			if (!status)
				schema_set_number(e, f, d);
			break;
		case SCHEMA_BOOL:
			schema_set_bool(e, f, true);
			break;
		case SCHEMA_PERIOD:
			pd = cli_find_period(cmd, ctx->plan, raw, &status);
			if (pd)
				schema_set_str(e, f, pd->id);
			break;
		case SCHEMA_TYPE:
		case SCHEMA_INSTANT:
		case SCHEMA_USER:
		case SCHEMA_UID:
		case SCHEMA_TASK:
		case SCHEMA_INDICATOR:
			break;
		}
	}
	free(file);
	strbuf_release(&name);
	strbuf_release(&why);
	return status;
}

/* The current values of one subject from a department's own entries:
 * those of the same kind for which same() holds. */
static void current_of(struct state_current *c, const struct state *cur,
		       enum entry_kind kind,
		       bool (*same)(const struct state_entry *, const void *),
		       const void *arg)
{
	state_current_init(c, kind);
	for (size_t i = 0; i < cur->n; i++)
		if (cur->entries[i].kind == kind && same(&cur->entries[i], arg))
			state_current_apply(c, &cur->entries[i]);
}

/* The REPLACE fields of req whose value would change the current one:
 * copied into e (a text equal to the current one, or "" where there is
 * none, changes nothing). RULED fields go in when their resulting value
 * differs, so that the entry says the consistent pair itself. */
static void changed_fields(const struct state_current *before,
			   const struct state_current *after,
			   const struct state_entry *req,
			   struct state_entry *e)
{
	const struct schema_type *t = before->type;
	const char *a, *b;

	for (size_t i = 0; i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		if (f->fold != SCHEMA_FOLD_REPLACE)
			continue;
		if (f->flags & SCHEMA_RULED) {
			if (state_current_int(before, f) !=
			    state_current_int(after, f))
				schema_set_int(e, f, state_current_int(after, f));
			continue;
		}
		if (!schema_is_set(req, f))
			continue;
		switch (f->kind) {
		case SCHEMA_TEXT:
			a = state_current_str(before, f);
			b = schema_get_str(req, f);
			if (a ? !strcmp(a, b) : !*b)
				break;
			schema_set_str(e, f, b);
			break;
		case SCHEMA_NUMBER:
			schema_set_number(e, f, schema_get_number(req, f));
			break;
		default:
			schema_set_int(e, f, schema_get_int(req, f));
			break;
		}
	}
}

/* ---- update ---- */

struct update_req {
	const struct plan *plan;
	const struct plan_task *task;
	const struct plan_dept *dept;
	enum task_role role;
	struct state_entry req;		/* the fields asked for */
	struct strbuf changes;		/* what to tell the user */
	/* The editor: the values its template showed. A field the user
	 * changed that someone else changed meanwhile is not overwritten
	 * (conflict: its label). */
	const struct state_current *shown;
	const char *conflict;
};

/* The fields of req only a lead may set. */
static unsigned lead_only(const struct state_entry *req)
{
	const struct schema_type *t = schema_type_of(ENTRY_TASK);
	unsigned bits = 0;

	for (size_t i = 0; i < t->n_fields; i++)
		if (t->fields[i].bit && !(t->fields[i].who &
					  SCHEMA_WHO_COORDINATING))
			bits |= t->fields[i].bit;
	return req->set & bits;
}

static int update_acceptable(const struct plan *p, const struct plan_dept *d,
			     const void *arg)
{
	const struct update_req *r = arg;

	if (plan_task_led_by(r->task, d->code))
		return 2;
	return !lead_only(&r->req) &&
	       plan_task_coordinated_by(p, r->task, d->code);
}

static bool same_task(const struct state_entry *x, const void *arg)
{
	const struct update_req *r = arg;

	return x->role == r->role && !strcmp(x->task, r->task->id);
}

/* Does f hold the same value in a and b? As people read it: the one
 * spelling schema_format_current gives every kind. */
static bool same_current(const struct state_current *a,
			 const struct state_current *b,
			 const struct schema_field *f)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	bool same;

	schema_format_current(&x, a, f, NULL);
	schema_format_current(&y, b, f, NULL);
	same = !strcmp(x.buf, y.buf);
	strbuf_release(&x);
	strbuf_release(&y);
	return same;
}

/* The editor's fields that changed under it since the template. */
static const char *conflict_of(const struct update_req *r,
			       const struct state_current *before)
{
	const struct schema_type *t = before->type;

	for (size_t i = 0; r->shown && i < t->n_fields; i++) {
		const struct schema_field *f = &t->fields[i];

		if (f->bit && (r->req.set & f->bit) &&
		    !same_current(before, r->shown, f))
			return _(f->label);
	}
	return NULL;
}

/* The department's current view of the task, from its own entries, and
 * the entry that changes it as asked. */
static int update_build(const struct state *cur, struct state_entry *e,
			void *arg)
{
	struct update_req *r = arg;
	struct state_current before, after, check;

	current_of(&before, cur, ENTRY_TASK, same_task, r);
	if ((r->conflict = conflict_of(r, &before)) != NULL)
		return EX_TEMPFAIL;
	/* Reopening a done task: how far it is, nobody but the lead can
	 * say. */
	if ((r->req.set & (SET_STATUS | SET_PROGRESS)) == SET_STATUS &&
	    r->req.status == STATUS_IN_PROGRESS && before.progress == 100)
		return cli_usage_error("update", _("task %s is done (100%%): to "
			"reopen it, say how far it is with --progress N (0 to "
			"99)"), r->task->id);
	after = before;
	state_current_apply(&after, &r->req);

	e->kind = ENTRY_TASK;
	e->task = r->task->id;
	e->role = r->role;
	changed_fields(&before, &after, &r->req, e);
	if (!e->set)
		return RECORD_UNCHANGED;
	/* What the file will say once folded, and what we tell. */
	check = before;
	state_current_apply(&check, e);
	if (check.status != after.status || check.progress != after.progress)
		return EX_SOFTWARE;
	strbuf_addstr(&r->changes, "  ");
	schema_describe_changes(&r->changes, &before, &check, e, NULL, "\n  ");
	strbuf_addch(&r->changes, '\n');
	return 0;
}

/* Status and progress that cannot both hold: what is wrong, in why;
 * false when they can. */
static bool pair_problem(const struct state_entry *req, struct strbuf *why)
{
	if ((req->set & (SET_STATUS | SET_PROGRESS)) !=
	    (SET_STATUS | SET_PROGRESS))
		return false;
	if (req->status == STATUS_DONE && req->progress != 100)
		strbuf_addf(why, _("--status done means --progress 100, not "
				   "%d"), req->progress);
	else if (req->status == STATUS_NOT_STARTED && req->progress != 0)
		strbuf_addf(why, _("--status not_started means --progress 0, "
				   "not %d"), req->progress);
	else if (req->status == STATUS_IN_PROGRESS && req->progress == 100)
		strbuf_addstr(why, _("--progress 100 means done, not in "
				     "progress: say --status done, or a smaller "
				     "--progress"));
	return why->len > 0;
}

static int check_pair(const struct state_entry *req)
{
	struct strbuf why = STRBUF_INIT;
	int status = 0;

	if (pair_problem(req, &why))
		status = cli_usage_error("update", "%s", why.buf);
	strbuf_release(&why);
	return status;
}

/* ---- update through the editor ---- */

/* Asks question on the terminal; yes is the answer to an empty line.
 * "c", "có", "y", "yes" say yes, "k", "không", "n", "no" no; end of
 * input is no. */
static bool ask(const char *question, bool yes)
{
	char line[64];
	bool answer = false;

	fputs(question, stderr);
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin)) {
		char c = line[strspn(line, " \t")];

		if (c == '\n' || c == '\r' || c == '\0')
			answer = yes;
		else
			answer = c == 'c' || c == 'C' || c == 'y' || c == 'Y';
	}
	return answer;
}

/* What the user wrote, kept in a file of their own when it could not be
 * recorded: nothing typed is lost. */
static void keep_text(const char *text, size_t len)
{
	const char *dir = getenv("TMPDIR");
	struct strbuf path = STRBUF_INIT;
	FILE *f = NULL;
	int fd, ok = 0;

	if (!dir || dir[0] != '/')
		dir = "/tmp";
	strbuf_addf(&path, "%s/plantrack-update-XXXXXX.txt", dir);
	fd = mkstemps(path.buf, 4);
	if (fd >= 0) {
		f = fdopen(fd, "w");
		if (!f)
			close(fd);
	}
	if (f) {
		ok = fwrite(text, 1, len, f) == len;
		ok = fclose(f) == 0 && ok;
	}
	if (ok)
		hint(_("what you wrote is kept in %s"), path.buf);
	else
		error(_("cannot keep what you wrote in a file (%s)"),
		      path.buf);
	strbuf_release(&path);
}

/* "# " and a line of text, wrapped to 72 columns. */
static void comment(struct strbuf *sb, const char *text)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	if (f) {
		utf8_put_wrapped(f, text, 70, 0);
		if (fclose(f) != 0)
			f = NULL;
	}
	if (!f)
		die(EX_OSERR, "%s", _("out of memory"));
	for (const char *p = buf; *p || p == buf;) {
		size_t n = strcspn(p, "\n");

		strbuf_addstr(sb, n ? "# " : "#");
		strbuf_add(sb, p, n);
		strbuf_addch(sb, '\n');
		p += n;
		if (!*p)
			break;
		p++;
	}
	free(buf);
}

/* The comment lines at the top of the template: which task, what to do. */
static void template_header(struct strbuf *sb, const struct update_req *r,
			    const struct state_current *c)
{
	struct strbuf line = STRBUF_INIT;
	char date[11];

	if (r->role == ROLE_LEAD)
		strbuf_addf(&line, _("Task %s, department %s (lead "
				     "department)"), r->task->id,
			    r->dept->code);
	else
		strbuf_addf(&line, _("Task %s, department %s (coordinating "
				     "department: its notes only)"),
			    r->task->id, r->dept->code);
	comment(sb, line.buf);
	comment(sb, r->task->description);
	strbuf_reset(&line);
	strbuf_addf(&line, _("Deadline: %s"), r->task->deadline.text);
	comment(sb, line.buf);
	if (c->last) {
		strbuf_reset(&line);
		date_format_vn(date_of_time(c->last->at), date);
		strbuf_addf(&line, _("Last update: %s by %s"), date,
			    c->last->user);
		comment(sb, line.buf);
	}
	strbuf_addstr(sb, "#\n");
	comment(sb, _("Change the text under each \"=== ... ===\" heading, "
		      "then save the file and close the editor. A part left "
		      "as it is is not recorded. A text you empty keeps what "
		      "it said: to clear it, write [clear] as its only line. "
		      "Save an empty file to record nothing."));
	comment(sb, _("Lines starting with # are ignored: to start a line of "
		      "your text with #, write \\#."));
	strbuf_addch(sb, '\n');
	strbuf_release(&line);
}

/* The template again, after an error: the message on top, its lines
 * "#!" so that the next round can drop them, then what the user wrote
 * (without the messages of earlier rounds). */
static void template_again(struct strbuf *sb, const char *why,
			   const char *text, size_t len)
{
	struct strbuf msg = STRBUF_INIT, lines = STRBUF_INIT;

	strbuf_addf(&msg, _("Not recorded: %s. Correct it below, or save an "
			    "empty file to record nothing."), why);
	comment(&lines, msg.buf);
	strbuf_reset(sb);
	for (size_t i = 0; i < lines.len; i++) {
		strbuf_addch(sb, lines.buf[i]);
		if (lines.buf[i] == '#' && (!i || lines.buf[i - 1] == '\n'))
			strbuf_addch(sb, '!');
	}
	for (size_t p = 0; p < len;) {
		size_t n = 0;

		while (p + n < len && text[p + n] != '\n')
			n++;
		if (!(n >= 2 && text[p] == '#' && text[p + 1] == '!')) {
			strbuf_add(sb, text + p, n);
			strbuf_addch(sb, '\n');
		}
		p += n + 1;
	}
	strbuf_release(&msg);
	strbuf_release(&lines);
}

/* The editor's values as the options would give them, into r->req;
 * false, with why, when they do not hold together. */
static bool form_request(struct cli_ctx *ctx, struct form *fm,
			 struct field_args *fa, struct update_req *r,
			 const struct state_current *shown, struct strbuf *why)
{
	const struct schema_field *progress =
		schema_field(fa->t, "progress");

	for (size_t i = 0; i < fm->n; i++) {
		const struct form_field *ff = &fm->fields[i];
		size_t k = schema_index(fa->t, ff->field);

		fa->raw[k] = ff->change == FORM_SET ||
			     ff->change == FORM_CLEARED ? ff->value : NULL;
		fa->from_file[k] = false;
	}
	memset(&r->req, 0, sizeof(r->req));
	/* Checked by form_parse already: field_convert cannot fail. */
	if (field_convert("update", ctx, fa, 1e300, &r->req))
		return false;
	if (pair_problem(&r->req, why))
		return false;
	if ((r->req.set & (SET_STATUS | SET_PROGRESS)) == SET_STATUS &&
	    r->req.status == STATUS_IN_PROGRESS && shown->progress == 100) {
		strbuf_addf(why, _("the task is done (100%%): to reopen it, "
				   "write how far it is (0 to 99) under the "
				   "heading of %s too"), _(progress->label));
		return false;
	}
	return true;
}

/* update ID on a terminal without field options: the fields from the
 * user's editor into r->req. Returns 0 to record, an exit status, or
 * RECORD_UNCHANGED after saying that nothing is recorded. */
static int update_edit(struct cli_ctx *ctx, struct update_req *r,
		       struct field_args *fa, struct form *fm,
		       struct state **st, struct state_current *shown)
{
	struct strbuf tmpl = STRBUF_INIT, why = STRBUF_INIT;
	enum form_result res = FORM_ERROR;
	char *text = NULL;
	size_t len = 0;
	int status;

	if ((status = record_read(ctx->datadir, ctx->plan, r->dept, st)))
		goto out;
	current_of(shown, *st, ENTRY_TASK, same_task, r);
	form_init(fm, fa->t, r->role == ROLE_LEAD ? SCHEMA_WHO_LEAD :
			     SCHEMA_WHO_COORDINATING, shown);
	template_header(&tmpl, r, shown);
	form_write(&tmpl, fm);
	for (;;) {
		free(text);
		text = NULL;
		if ((status = editor_edit(tmpl.buf, "update", &text, &len)))
			goto out;
		strbuf_reset(&why);
		res = form_parse(fm, text, len, &why);
		if (res != FORM_ERROR && (res != FORM_OK ||
		    form_request(ctx, fm, fa, r, shown, &why)))
			break;
		error(_("nothing recorded: %s"), why.buf);
		if (!ask(_("Edit again? [Y/n] "), true)) {
			keep_text(text, len);
			status = EX_DATAERR;
			goto out;
		}
		template_again(&tmpl, why.buf, text, len);
	}
	if (res == FORM_EMPTY) {
		fprintf(ctx->out, _("%s [%s]: the text was emptied: nothing "
				    "recorded\n"), r->task->id, r->dept->code);
		status = RECORD_UNCHANGED;
	} else if (res == FORM_UNCHANGED) {
		fprintf(ctx->out, _("%s [%s]: nothing was changed: nothing "
				    "recorded\n"), r->task->id, r->dept->code);
		status = RECORD_UNCHANGED;
	} else {
		/* What the template showed: the check for changes made
		 * meanwhile by someone else (update_build). */
		r->shown = shown;
	}
out:
	free(text);
	strbuf_release(&tmpl);
	strbuf_release(&why);
	return status;
}

/* The blocks the user changed, kept in a file (keep_text). */
static void keep_form(const struct form *fm)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < fm->n; i++) {
		if (!fm->fields[i].value)
			continue;
		form_heading(&sb, fm->fields[i].field);
		strbuf_addf(&sb, "\n%s\n\n", fm->fields[i].value);
	}
	keep_text(sb.buf, sb.len);
	strbuf_release(&sb);
}

/* The editor's blocks emptied while they had a text: kept, and said. */
static void emptied_notice(FILE *out, const struct form *fm)
{
	for (size_t i = 0; i < fm->n; i++)
		if (fm->fields[i].change == FORM_EMPTIED)
			fprintf(out, _("  %s: left empty, so kept as it was (to "
				       "clear it, write [clear])\n"),
				_(fm->fields[i].field->label));
}

int cmd_update(int argc, char **argv, struct cli_ctx *ctx)
{
	struct update_req r = { .changes = STRBUF_INIT };
	struct field_args fa;
	struct schema_getopt g;
	struct auth_user u = { 0 };
	struct form fm = { .n = 0 };
	struct state *shown_st = NULL;
	struct state_current shown;
	const char *dept_arg = NULL;
	struct strbuf what = STRBUF_INIT, opts = STRBUF_INIT,
		      leads = STRBUF_INIT, name = STRBUF_INIT;
	int c, status = 0, written = 0;
	bool edit = false;

	field_args_init(&fa, ENTRY_TASK);
	schema_getopt_init(&g, fa.t);
	schema_getopt_add(&g, "dept", required_argument, 'D');
	while ((c = getopt_long(argc, argv, ":", g.opts, NULL)) != -1) {
		if (c == 'D') {
			dept_arg = optarg;
		} else if (!field_option(&fa, c, optarg)) {
			status = cli_bad_option("update", c, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		status = cli_usage_error("update", _("no task id given"));
		goto out;
	}
	if (optind + 1 < argc) {
		status = cli_usage_error("update", _("unexpected argument '%s'"),
					 argv[optind + 1]);
		goto out;
	}
	option_list(&opts, fa.t, 0, ", ");
	for (size_t i = 0; i < fa.t->n_fields; i++)
		if (fa.raw[i])
			goto given;
	/* A person at a terminal writes in an editor; a script must say
	 * what it records. */
	if (!isatty(STDIN_FILENO) || !ctx->out_is_tty) {
		status = cli_usage_error("update", _("nothing to record: give at "
					 "least one of %s (or run it on a "
					 "terminal to write in an editor)"),
					 opts.buf);
		goto out;
	}
	edit = true;
given:
	if ((status = cli_load_plan(ctx)))
		goto out;
	r.plan = ctx->plan;
	r.task = cli_find_task(ctx->plan, argv[optind]);
	if (!r.task) {
		status = cli_usage_error("update", _("no task '%s' in the plan "
					 "(see 'plantrack list')"), argv[optind]);
		goto out;
	}
	if (!edit && ((status = field_convert("update", ctx, &fa, 1e300,
					      &r.req)) ||
		      (status = check_pair(&r.req))))
		goto out;
	if (auth_current(&u) != 0) {
		status = EX_OSERR;
		goto out;
	}
	strbuf_reset(&opts);
	/* TRANSLATORS: joins the last two options of a list: "--result,
	 * --difficulty and --proposal". */
	option_list(&opts, fa.t, SCHEMA_WHO_COORDINATING, _(" and "));
	for (size_t i = 0; i < r.task->lead.n; i++)
		strbuf_addf(&leads, "%s%s", i ? ", " : "", r.task->lead.codes[i]);
	if (lead_only(&r.req))
		/* TRANSLATORS: what a user may not change: "task II.3 (led
		 * by HCC; other departments may add only --result,
		 * --difficulty and --proposal notes)". */
		strbuf_addf(&what, _("task %s (led by %s; other departments "
				     "may add only %s notes)"), r.task->id,
			    leads.buf, opts.buf);
	else
		strbuf_addf(&what, _("task %s (led by %s)"), r.task->id,
			    leads.buf);
	/* TRANSLATORS: what a user acts on: "task II.3". */
	strbuf_addf(&name, _("task %s"), r.task->id);
	status = choose_dept("update", ctx->plan, &u, dept_arg, update_acceptable,
			     &r, name.buf, what.buf, &r.dept);
	if (status)
		goto out;
	if (plan_task_led_by(r.task, r.dept->code)) {
		r.role = ROLE_LEAD;
	} else if (!plan_task_coordinated_by(ctx->plan, r.task, r.dept->code)) {
		error(_("department %s neither leads nor coordinates task %s "
			"(leads: %s); user %s may not change it"), r.dept->code,
		      r.task->id, r.task->lead.text, u.name);
		status = EX_NOPERM;
		goto out;
	} else if (lead_only(&r.req)) {
		error(_("department %s coordinates task %s: it may record %s "
			"notes, not status or progress (user %s)"),
		      r.dept->code, r.task->id, opts.buf, u.name);
		status = EX_NOPERM;
		goto out;
	} else {
		r.role = ROLE_COORDINATING;
	}
	if (edit) {
		status = update_edit(ctx, &r, &fa, &fm, &shown_st, &shown);
		if (status == RECORD_UNCHANGED) {
			emptied_notice(ctx->out, &fm);
			status = 0;
			goto out;
		}
		if (status)
			goto out;
	}
	status = record_commit(ctx->datadir, ctx->plan, r.dept, u.name,
			       (long)u.uid, update_build, &r, &written);
	if (status == EX_TEMPFAIL && r.conflict) {
		error(_("while you were writing, someone else recorded a new "
			"%s for task %s [%s], so nothing was recorded; run "
			"'plantrack update %s' again to see it"), r.conflict,
		      r.task->id, r.dept->code, r.task->id);
		keep_form(&fm);
	}
	if (status)
		goto out;
	if (!written)
		fprintf(ctx->out, _("%s [%s]: nothing changed\n"), r.task->id,
			r.dept->code);
	else if (r.role == ROLE_COORDINATING)
		/* TRANSLATORS: a coordinating department's note was
		 * recorded; the changes follow, one a line. */
		fprintf(ctx->out, _("%s [%s, coordinating]: recorded\n%s"),
			r.task->id, r.dept->code, r.changes.buf);
	else
		fprintf(ctx->out, _("%s [%s]: recorded\n%s"), r.task->id,
			r.dept->code, r.changes.buf);
	emptied_notice(ctx->out, &fm);
out:
	auth_release(&u);
	form_release(&fm);
	state_free(shown_st);
	strbuf_release(&what);
	strbuf_release(&opts);
	strbuf_release(&leads);
	strbuf_release(&name);
	strbuf_release(&r.changes);
	field_args_release(&fa);
	return status;
}

/* ---- indicator set ---- */

struct indicator_req {
	const struct plan_indicator *ind;
	struct state_entry req;
	struct strbuf changes;
};

static int indicator_acceptable(const struct plan *p, const struct plan_dept *d,
				const void *arg)
{
	const struct plan_indicator *ind = arg;

	(void)p;
	return !strcmp(ind->monitoring, d->code);
}

static bool same_indicator(const struct state_entry *x, const void *arg)
{
	const struct indicator_req *r = arg;

	return x->indicator == r->ind->number &&
	       !strcmp(x->period, r->req.period);
}

static int indicator_build(const struct state *cur, struct state_entry *e,
			   void *arg)
{
	struct indicator_req *r = arg;
	struct state_current before, after;

	current_of(&before, cur, ENTRY_INDICATOR, same_indicator, r);
	after = before;
	state_current_apply(&after, &r->req);
	e->kind = ENTRY_INDICATOR;
	e->indicator = r->ind->number;
	e->period = r->req.period;
	/* The value is in every indicator entry: setting it is the act. */
	changed_fields(&before, &after, &r->req, e);
	e->value = r->req.value;
	after = before;
	state_current_apply(&after, e);
	strbuf_addstr(&r->changes, "  ");
	schema_describe_changes(&r->changes, &before, &after, e, r->ind->unit,
				"\n  ");
	strbuf_addch(&r->changes, '\n');
	return 0;
}

int cmd_indicator(int argc, char **argv, struct cli_ctx *ctx)
{
	struct indicator_req r = { .changes = STRBUF_INIT };
	struct field_args fa;
	struct schema_getopt g;
	struct auth_user u = { 0 };
	const struct plan_dept *dept = NULL;
	const char *dept_arg = NULL;
	struct strbuf what = STRBUF_INIT;
	long number;
	int c, status = 0, written = 0;

	if (argc < 2)
		return cli_usage_error("indicator", _("no subcommand given (use "
						     "'set')"));
	if (strcmp(argv[1], "set") != 0)
		return cli_usage_error("indicator", _("unknown subcommand '%s' "
						     "(use 'set')"), argv[1]);
	argc--;
	argv++;
	field_args_init(&fa, ENTRY_INDICATOR);
	schema_getopt_init(&g, fa.t);
	schema_getopt_add(&g, "dept", required_argument, 'D');
	while ((c = getopt_long(argc, argv, ":", g.opts, NULL)) != -1) {
		if (c == 'D') {
			dept_arg = optarg;
		} else if (!field_option(&fa, c, optarg)) {
			status = cli_bad_option("indicator", c, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		status = cli_usage_error("indicator", _("no indicator number "
							"given"));
		goto out;
	}
	if (optind + 1 < argc) {
		status = cli_usage_error("indicator", _("unexpected argument "
							"'%s'"), argv[optind + 1]);
		goto out;
	}
	if (!field_given(&fa, "period") || !field_given(&fa, "value")) {
		status = cli_usage_error("indicator", _("set needs --period P "
							"and --value X"));
		goto out;
	}
	if ((status = textarg_int("indicator", "NUMBER", argv[optind], 1, 9999,
				  &number)))
		goto out;
	if ((status = cli_load_plan(ctx)))
		goto out;
	r.ind = plan_indicator_find(ctx->plan, (int)number);
	if (!r.ind) {
		status = cli_usage_error("indicator", _("no indicator %ld in the "
					 "plan (see 'plantrack indicators')"),
					 number);
		goto out;
	}
	/* A percentage goes to 100, other units as far as the row allows. */
	if ((status = field_convert("indicator", ctx, &fa,
				    strcmp(r.ind->unit, "%") ? 1e300 : 100,
				    &r.req)))
		goto out;
	if (auth_current(&u) != 0) {
		status = EX_OSERR;
		goto out;
	}
	strbuf_addf(&what, _("indicator %d"), r.ind->number);
	status = choose_dept("indicator", ctx->plan, &u, dept_arg,
			     indicator_acceptable, r.ind, what.buf, what.buf,
			     &dept);
	if (status)
		goto out;
	if (strcmp(dept->code, r.ind->monitoring) != 0) {
		error(_("indicator %d is monitored by %s; department %s (user "
			"%s) may not set it"), r.ind->number, r.ind->monitoring,
		      dept->code, u.name);
		status = EX_NOPERM;
		goto out;
	}
	status = record_commit(ctx->datadir, ctx->plan, dept, u.name, (long)u.uid,
			       indicator_build, &r, &written);
	if (status)
		goto out;
	/* TRANSLATORS: "indicator 1, h1 [HCC]: recorded", then the
	 * changes, one a line. */
	fprintf(ctx->out, _("indicator %d, %s [%s]: recorded\n%s"), r.ind->number,
		r.req.period, dept->code, r.changes.buf);
out:
	auth_release(&u);
	strbuf_release(&what);
	strbuf_release(&r.changes);
	field_args_release(&fa);
	return status;
}

/* ---- submit ---- */

struct submit_req {
	const struct plan_period *period;
	struct state_entry req;
	int resubmission;	/* the report was in already */
	int nothing;		/* a withdrawal with nothing to withdraw */
	time_t first_at;	/* the submission that counts (the report's
				 * rule: the first since a withdrawal) */
};

static int submit_acceptable(const struct plan *p, const struct plan_dept *d,
			     const void *arg)
{
	const struct submit_req *r = arg;

	(void)p;
	return !r->req.consolidated || !strcmp(d->code, r->period->consolidator);
}

/* Is the report of (period, consolidated) in st, and not taken back? */
static bool submitted(const struct state *st, const char *dept,
		      const char *period, bool consolidated)
{
	bool present = false;

	for (size_t i = 0; i < st->n; i++) {
		const struct state_entry *x = &st->entries[i];

		if (x->kind != ENTRY_SUBMIT || x->consolidated != consolidated ||
		    strcmp(x->period, period) != 0 ||
		    (dept && strcmp(x->dept, dept) != 0))
			continue;
		present = !((x->set & SET_WITHDRAW) && x->withdraw);
	}
	return present;
}

static int submit_build(const struct state *cur, struct state_entry *e,
			void *arg)
{
	struct submit_req *r = arg;
	bool present = false;

	/* As the fold does: the first submission since the last
	 * withdrawal is the one the report judges. */
	for (size_t i = 0; i < cur->n; i++) {
		const struct state_entry *x = &cur->entries[i];

		if (x->kind != ENTRY_SUBMIT ||
		    x->consolidated != r->req.consolidated ||
		    strcmp(x->period, r->period->id) != 0)
			continue;
		if ((x->set & SET_WITHDRAW) && x->withdraw) {
			present = false;
		} else if (!present) {
			present = true;
			r->first_at = x->at;
		}
	}
	if (r->req.withdraw && !present) {
		r->nothing = 1;
		return RECORD_UNCHANGED;
	}
	r->resubmission = present;
	if (!present)
		r->first_at = e->at;
	e->kind = ENTRY_SUBMIT;
	e->period = r->period->id;
	e->consolidated = r->req.consolidated;
	if (r->req.withdraw) {
		e->set |= SET_WITHDRAW;
		e->withdraw = true;
	}
	return 0;
}

/* A department's report can be taken back until the consolidated one
 * has gone upstream. Returns 0 or an exit status after a message. */
static int may_withdraw(struct cli_ctx *ctx, const struct plan_period *pd)
{
	const struct plan_dept *kt = plan_dept_find(ctx->plan, pd->consolidator);
	struct state *st = NULL;
	int status = 0;

	if (!kt)
		goto out;
	status = record_read(ctx->datadir, ctx->plan, kt, &st);
	if (status) {
		error(_("cannot tell whether the consolidated report for "
			"%s was sent, so the report is not withdrawn"), pd->id);
		goto out;
	}
	if (submitted(st, kt->code, pd->id, true)) {
		error(_("%s already sent the consolidated report for %s "
			"to %s, so the departments' reports can no longer be "
			"withdrawn"), kt->code, pd->id, pd->recipient);
		status = EX_NOPERM;
	}
out:
	state_free(st);
	return status;
}

/* The period as of today (todo.h) from st. Returns 0, or an exit status
 * after a message. */
static int period_todo(const struct plan *p, const struct plan_period *pd,
		       const struct state *st, struct todo *td)
{
	pt_day today = date_today();

	if (today == PT_DAY_NONE) {
		error(_("cannot read today's date from the clock"));
		return EX_OSERR;
	}
	if (todo_build(td, p, st, pd, today)) {
		error(_("out of memory"));
		return EX_OSERR;
	}
	return 0;
}

/* submit --consolidated while departments have not reported: refused
 * without --force, or asked on a terminal. Returns 0 to send, or
 * EX_USAGE after saying who is missing and what to do. */
static int consolidated_ok(struct cli_ctx *ctx, const struct plan_period *pd,
			   bool force)
{
	struct state *st = NULL;
	struct todo td;
	struct strbuf list = STRBUF_INIT;
	size_t n = 0;
	int status;

	/* A department whose file cannot be read counts as missing, after
	 * its warning. */
	if ((status = state_load_all(ctx->datadir, ctx->plan,
				     STATE_SKIP_UNREADABLE, stderr, &st)) ||
	    (status = period_todo(ctx->plan, pd, st, &td)))
		goto out;
	for (size_t i = 0; i < td.report.n_subs; i++) {
		const struct report_submission *s = &td.report.subs[i];

		if (s->consolidated || s->submitted)
			continue;
		strbuf_addf(&list, "%s%s (%s)", n++ ? ", " : "", s->dept->code,
			    s->dept->name);
	}
	todo_free(&td);
	if (!n)
		goto out;
	warning(ngettext("%zu department has not submitted its report for "
			 "%s: %s", "%zu departments have not submitted their "
			 "report for %s: %s", n), n, pd->id, list.buf);
	if (force)
		goto out;
	if (isatty(STDIN_FILENO)) {
		if (ask(_("Send the consolidated report anyway? [y/N] "), false))
			goto out;
		error(_("the consolidated report for %s was not sent"), pd->id);
	} else {
		error(_("the consolidated report for %s was not sent, since "
			"departments are missing"), pd->id);
	}
	hint(_("send it even so with 'plantrack submit --period %s "
	       "--consolidated --force'; the report will show those "
	       "departments as not submitted"), pd->id);
	status = EX_USAGE;
out:
	state_free(st);
	strbuf_release(&list);
	return status;
}

/* After a department's report: what the report will count as missing,
 * from the department's own entries. */
static void submit_warnings(struct cli_ctx *ctx, const struct plan_period *pd,
			    const struct plan_dept *dept)
{
	struct state *st = NULL;
	struct todo td;
	struct todo_dept it;
	struct strbuf ids = STRBUF_INIT;
	char since[11];

	if (record_read(ctx->datadir, ctx->plan, dept, &st) ||
	    period_todo(ctx->plan, pd, st, &td))
		goto out;
	if (todo_dept_build(&td, dept, &it)) {
		todo_free(&td);
		goto out;
	}
	date_format_vn(td.since, since);
	for (size_t i = 0; i < it.n_stale; i++)
		strbuf_addf(&ids, "%s%s", i ? ", " : "", it.stale[i]->task->id);
	if (it.n_stale) {
		warning(ngettext("%zu task %s leads has no update since %s: %s",
				 "%zu tasks %s leads have no update since %s: "
				 "%s", it.n_stale), it.n_stale, dept->code, since,
			ids.buf);
		hint(_("the report counts them as not reported (Chưa báo cáo); "
		       "record an update with 'plantrack update ID', then "
		       "submit again"));
	}
	strbuf_reset(&ids);
	for (size_t i = 0; i < it.n_no_value; i++)
		strbuf_addf(&ids, "%s%d", i ? ", " : "",
			    it.no_value[i]->indicator->number);
	if (it.n_no_value)
		warning(ngettext("indicator %s, which %s monitors, has no value "
				 "for %s", "indicators %s, which %s monitors, "
				 "have no value for %s", it.n_no_value),
			ids.buf, dept->code, pd->id);
	todo_dept_release(&it);
	todo_free(&td);
out:
	state_free(st);
	strbuf_release(&ids);
}

int cmd_submit(int argc, char **argv, struct cli_ctx *ctx)
{
	struct submit_req r = { 0 };
	struct field_args fa;
	struct schema_getopt g;
	struct auth_user u = { 0 };
	const struct plan_dept *dept = NULL;
	const char *dept_arg = NULL;
	struct strbuf what = STRBUF_INIT;
	char due[11];
	pt_day due_day;
	long late;
	int c, status = 0, written = 0;
	bool force = false;

	field_args_init(&fa, ENTRY_SUBMIT);
	schema_getopt_init(&g, fa.t);
	schema_getopt_add(&g, "dept", required_argument, 'D');
	schema_getopt_add(&g, "force", no_argument, 'F');
	while ((c = getopt_long(argc, argv, ":", g.opts, NULL)) != -1) {
		if (c == 'D') {
			dept_arg = optarg;
		} else if (c == 'F') {
			force = true;
		} else if (!field_option(&fa, c, optarg)) {
			status = cli_bad_option("submit", c, argv);
			goto out;
		}
	}
	if (optind < argc) {
		status = cli_usage_error("submit", _("unexpected argument '%s'"),
					 argv[optind]);
		goto out;
	}
	if (!field_given(&fa, "period")) {
		status = cli_usage_error("submit", _("--period P is required"));
		goto out;
	}
	if (field_given(&fa, "consolidated") && field_given(&fa, "withdraw")) {
		status = cli_usage_error("submit", _("the consolidated report "
					 "cannot be withdrawn once sent"));
		goto out;
	}
	if (force && !field_given(&fa, "consolidated")) {
		status = cli_usage_error("submit", _("--force goes with "
					 "--consolidated"));
		goto out;
	}
	if ((status = cli_load_plan(ctx)) ||
	    (status = field_convert("submit", ctx, &fa, 1e300, &r.req)))
		goto out;
	r.period = plan_period_find(ctx->plan, r.req.period);
	if (auth_current(&u) != 0) {
		status = EX_OSERR;
		goto out;
	}
	if (r.req.consolidated)
		strbuf_addf(&what, _("the consolidated report for %s"),
			    r.period->id);
	else
		strbuf_addf(&what, _("the report for %s"), r.period->id);
	status = choose_dept("submit", ctx->plan, &u, dept_arg, submit_acceptable,
			     &r, what.buf, what.buf, &dept);
	if (status)
		goto out;
	if (r.req.consolidated && strcmp(dept->code, r.period->consolidator) != 0) {
		error(_("only %s sends the consolidated report for %s; "
			"department %s (user %s) may not"),
		      r.period->consolidator, r.period->id, dept->code, u.name);
		status = EX_NOPERM;
		goto out;
	}
	if (r.req.withdraw && (status = may_withdraw(ctx, r.period)))
		goto out;
	if (r.req.consolidated && (status = consolidated_ok(ctx, r.period,
							    force)))
		goto out;
	status = record_commit(ctx->datadir, ctx->plan, dept, u.name, (long)u.uid,
			       submit_build, &r, &written);
	if (status)
		goto out;
	if (r.req.withdraw) {
		if (r.nothing)
			fprintf(ctx->out, _("%s [%s]: no report to withdraw "
					    "(nothing changed)\n"),
				r.period->id, dept->code);
		else
			fprintf(ctx->out, _("%s [%s]: report withdrawn; submit "
					    "it again with 'plantrack submit "
					    "--period %s'\n"), r.period->id,
				dept->code, r.period->id);
		goto out;
	}
	due_day = r.req.consolidated ? r.period->consolidated_due
				     : r.period->department_due;
	date_format_vn(due_day, due);
	/* Late by the report's rule: the submission that counts is after
	 * the end of the due day. */
	late = (long)date_of_time(r.first_at) - due_day;
	if (r.resubmission) {
		char first[11];

		date_format_vn(date_of_time(r.first_at), first);
		fprintf(ctx->out, r.req.consolidated ?
			_("%s [%s]: consolidated report sent again; the first "
			  "one, of %s, is the one that counts (due %s)\n") :
			_("%s [%s]: report submitted again; the first "
			  "submission, of %s, is the one that counts (due "
			  "%s)\n"), r.period->id, dept->code, first, due);
	} else if (late > 0 && r.req.consolidated) {
		fprintf(ctx->out, ngettext("%s [%s]: consolidated report to %s "
					   "sent late, %ld day after its "
					   "deadline of %s\n",
					   "%s [%s]: consolidated report to %s "
					   "sent late, %ld days after its "
					   "deadline of %s\n",
					   (unsigned long)late),
			r.period->id, dept->code, r.period->recipient, late,
			due);
	} else if (late > 0) {
		fprintf(ctx->out, ngettext("%s [%s]: report submitted late, %ld "
					   "day after its deadline of %s\n",
					   "%s [%s]: report submitted late, %ld "
					   "days after its deadline of %s\n",
					   (unsigned long)late),
			r.period->id, dept->code, late, due);
	} else if (r.req.consolidated) {
		fprintf(ctx->out, _("%s [%s]: consolidated report to %s sent "
				    "(due %s)\n"), r.period->id, dept->code,
			r.period->recipient, due);
	} else {
		fprintf(ctx->out, _("%s [%s]: report submitted (due %s)\n"),
			r.period->id, dept->code, due);
	}
	if (!r.req.consolidated)
		submit_warnings(ctx, r.period, dept);
out:
	auth_release(&u);
	strbuf_release(&what);
	field_args_release(&fa);
	return status;
}
