/* cmd_write.c: plantrack write PERIOD SECTION: a department's own words
 * in a prose section of its report for a period (I, III.1-3, IV, V), or,
 * for the period's consolidating department with --commune, the
 * commune's words that open the section in the consolidated report.
 *
 * The text comes from --text, --file FILE (or --text-file, as update's
 * texts), standard input ("-"), or, when standard input is a terminal and
 * none of those is given, from the user's editor (editor.h) on a template
 * holding the current text and, in '#' lines, what the section should
 * say. It is recorded as one section entry (schema.h's "section" rows)
 * through record_commit, like every other change: the text rule is the
 * table's, the limit SCHEMA_SECTION_MAX, "" clears, and an unchanged text
 * writes nothing.
 *
 * A text typed in the editor is never lost: when it cannot be recorded
 * (refused, or someone else changed the section while the editor was
 * open) it is saved in a file of the user's own and the message says
 * where.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plantrack/auth.h"
#include "plantrack/commands.h"
#include "plantrack/editor.h"
#include "plantrack/err.h"
#include "plantrack/i18n.h"
#include "plantrack/instant.h"
#include "plantrack/record.h"
#include "plantrack/schema.h"
#include "plantrack/strbuf.h"
#include "plantrack/utf8.h"

#define CMD "write"
/* Columns of the template's comment lines. */
#define TEMPLATE_WIDTH 72

/* What each section should say, for the template (enum order). */
static const char *const guidance[N_SECTIONS] = {
	[SECTION_DIRECTION] = N_("What was done in the period to direct and "
		"carry out the plan: the documents issued, how the staff were "
		"briefed on Resolution 02/NQ-CP and the plan, how they were "
		"publicised, and how the duties below were carried out."),
	[SECTION_HIGHLIGHTS] = N_("The results that stand out in the "
		"period, with figures where there are some (files handled, "
		"procedures reviewed, targets reached)."),
	[SECTION_SHORTCOMINGS] = N_("What fell short in the period: tasks "
		"behind schedule, targets not met, problems not yet solved. "
		"The difficulties recorded on single tasks are listed in the "
		"report after this text."),
	[SECTION_CAUSES] = N_("The causes of those shortcomings: objective "
		"ones (from outside) and subjective ones (of the department "
		"itself)."),
	[SECTION_OUTLOOK] = N_("The main tasks and measures for the next "
		"period, and by when they will be done."),
	[SECTION_PROPOSALS] = N_("General proposals to the higher levels, "
		"beyond those recorded on single tasks (the report lists those "
		"too)."),
};

struct write_req {
	const struct plan *plan;
	const struct plan_period *period;
	const struct plan_dept *dept;
	enum section_id section;
	bool commune;
	const char *text;		/* the new text, NFC, checked */
	/* From the editor: the text the template showed (NULL: none), which
	 * must still be the current one when the entry is written. */
	bool expect;
	const char *expected;
	/* Set by write_build. */
	struct strbuf changes;		/* what to tell the user */
	bool moved;			/* someone changed it meanwhile: */
	char moved_user[SCHEMA_USER_MAX + 1];	/* who */
	time_t moved_at;			/* and when */
};

/* "direction (I), highlights (III.1), ...": the sections for messages. */
static void section_list(struct strbuf *sb)
{
	for (int s = 0; s < N_SECTIONS; s++)
		strbuf_addf(sb, "%s%s (%s)", s ? ", " : "",
			    section_name((enum section_id)s),
			    section_number((enum section_id)s));
}

/* The department's current text of the section, from its own entries:
 * the subject is (period, section, commune). */
static void current_text(struct state_current *c, const struct state *cur,
			 const struct write_req *r)
{
	state_current_init(c, ENTRY_SECTION);
	for (size_t i = 0; i < cur->n; i++) {
		const struct state_entry *x = &cur->entries[i];

		if (x->kind == ENTRY_SECTION && x->section == r->section &&
		    x->commune == r->commune &&
		    !strcmp(x->period, r->period->id))
			state_current_apply(c, x);
	}
}

static const struct schema_field *text_field(void)
{
	return schema_field(schema_type_of(ENTRY_SECTION), "text");
}

static int write_build(const struct state *cur, struct state_entry *e,
		       void *arg)
{
	struct write_req *r = arg;
	const struct schema_field *tf = text_field();
	struct state_current before, after;
	const struct state_entry *src;
	const char *now;

	current_text(&before, cur, r);
	now = state_current_str(&before, tf);
	if (r->expect && (now ? !r->expected || strcmp(now, r->expected) != 0 :
			  r->expected != NULL)) {
		/* Someone else wrote this text while the editor was open. */
		src = before.last;
		r->moved = src != NULL;
		if (src) {
			snprintf(r->moved_user, sizeof(r->moved_user), "%s",
				 src->user);
			r->moved_at = src->at;
		}
		return EX_TEMPFAIL;
	}
	if (now ? !strcmp(now, r->text) : !*r->text)
		return RECORD_UNCHANGED;
	e->kind = ENTRY_SECTION;
	e->period = r->period->id;
	e->section = r->section;
	e->commune = r->commune;
	e->text = r->text;
	e->set |= SET_TEXT;
	after = before;
	state_current_apply(&after, e);
	strbuf_addstr(&r->changes, "  ");
	schema_describe_changes(&r->changes, &before, &after, e, NULL, "\n  ");
	strbuf_addch(&r->changes, '\n');
	return 0;
}

/* ---- whose report ---- */

/* The department that writes: --dept (a member's), else the user's only
 * department, or with --commune the period's consolidator. Returns 0 or
 * an exit status after a message. */
static int choose_dept(const struct plan *p, const struct auth_user *u,
		       const char *dept_arg, struct write_req *r)
{
	const struct plan_dept **mine;
	const struct plan_dept *kt = plan_dept_find(p, r->period->consolidator);
	size_t n, i;
	struct strbuf sb = STRBUF_INIT;
	int status = 0;

	mine = xcalloc(p->n_depts + 1, sizeof(const struct plan_dept *));
	n = auth_departments(u, p, mine);
	if (dept_arg) {
		status = cli_resolve_dept(CMD, p, dept_arg, &r->dept);
		if (!status && !auth_member(u, r->dept)) {
			error(_("user %s is not a member of department %s "
				"(Unix group %s), so cannot write its report; "
				"ask the administrator to add you to the "
				"group"),
			      u->name, r->dept->code, r->dept->group);
			status = EX_NOPERM;
		}
	} else if (!n) {
		error(_("user %s belongs to no department of the plan (no "
			"plantrack group among the user's groups), so cannot "
			"write a report; ask the administrator to add you to "
			"your department's group"), u->name);
		status = EX_NOPERM;
	} else if (r->commune) {
		r->dept = kt && auth_member(u, kt) ? kt : mine[0];
	} else if (n == 1) {
		r->dept = mine[0];
	} else {
		for (i = 0; i < n; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", mine[i]->code);
		status = cli_usage_error(CMD, _("user %s acts for several "
					 "departments (%s): say which with "
					 "--dept CODE"), u->name, sb.buf);
	}
	if (!status && r->commune && r->dept != kt) {
		error(_("only %s, the consolidating department of period %s, "
			"writes the commune's text; department %s (user %s) "
			"writes its own, without --commune"),
		      r->period->consolidator, r->period->id, r->dept->code,
		      u->name);
		status = EX_NOPERM;
	}
	strbuf_release(&sb);
	free(mine);
	return status;
}

/* ---- the text ---- */

/* Reads the whole of FILE, or standard input for "-", at most max bytes
 * (more is an error). Returns 0 or an exit status after a message. */
static int read_text(const char *path, size_t max, struct strbuf *out)
{
	bool std_in = !strcmp(path, "-");
	FILE *in = std_in ? stdin : fopen(path, "r");
	const char *name = std_in ? _("standard input") : path;
	char chunk[8192];
	size_t n;
	int status = EX_NOINPUT;

	if (!in) {
		error(_("cannot read the text from %s: %s"), name,
		      err_strerror(errno));
		status = errno == EACCES ? EX_NOPERM : EX_NOINPUT;
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0) {
		/* Enough for any text the rule takes: the check says
		 * how long it was. */
		if (out->len <= max)
			strbuf_add(out, chunk, n);
	}
	if (ferror(in)) {
		error(_("cannot read the text from %s: %s"), name,
		      err_strerror(errno));
		status = EX_IOERR;
		goto out;
	}
	status = 0;
out:
	if (in && in != stdin)
		fclose(in);
	return status;
}

/* A text from a file as a text to record: without the empty lines and
 * blanks at either end (an editor's last newline, a pasted margin). */
static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(struct strbuf *sb)
{
	size_t start = 0, end = sb->len, i;

	while (end > 0 && blank(sb->buf[end - 1]))
		end--;
	/* Leading empty lines only: a first line may start indented. */
	for (i = 0; i < end && blank(sb->buf[i]); i++)
		if (sb->buf[i] == '\n')
			start = i + 1;
	memmove(sb->buf, sb->buf + start, end - start);
	sb->len = end - start;
	sb->buf[sb->len] = '\0';
}

/* The '#' lines of text, wrapped at TEMPLATE_WIDTH columns, each line
 * starting with prefix after "# ". */
static void comment(struct strbuf *sb, const char *prefix, const char *text)
{
	struct strbuf line = STRBUF_INIT;
	const char *p = text, *sp;
	size_t len;

	strbuf_addstr(&line, prefix);
	while (*p) {
		while (*p == ' ')
			p++;
		sp = strchr(p, ' ');
		len = sp ? (size_t)(sp - p) : strlen(p);
		if (!len)
			break;
		if (line.len > strlen(prefix) &&
		    utf8_width(line.buf) + 1 + utf8_width_n(p, len) >
		    TEMPLATE_WIDTH - 2) {
			strbuf_addf(sb, "# %s\n", line.buf);
			strbuf_reset(&line);
			/* Continuation lines line up under the text. */
			for (size_t i = utf8_width(prefix); i > 0; i--)
				strbuf_addch(&line, ' ');
		} else if (line.len > strlen(prefix)) {
			strbuf_addch(&line, ' ');
		}
		strbuf_add(&line, p, len);
		p += len;
	}
	strbuf_addf(sb, "# %s\n", line.buf);
	strbuf_release(&line);
}

/* The editor's template: the current text (to correct), then, as '#'
 * lines, which section of which report it is, what it should say, for
 * section I the plan's duties that concern the department, and how the
 * text is kept. */
static void template(struct strbuf *sb, const struct write_req *r,
		     const char *current)
{
	const struct plan *p = r->plan;
	struct strbuf line = STRBUF_INIT;
	bool any = false;

	if (current)
		strbuf_addf(sb, "%s\n", current);
	strbuf_addstr(sb, "\n");
	strbuf_addf(&line, "%s. %s", section_number(r->section),
		    section_title(r->section));
	comment(sb, "", line.buf);
	strbuf_reset(&line);
	if (r->commune)
		strbuf_addf(&line, _("The consolidated report for %s: the "
				     "commune's own text, which opens the "
				     "section, before the departments' texts."),
			    r->period->name);
	else
		strbuf_addf(&line, _("The report for %s of %s (%s)."),
			    r->period->name, r->dept->name, r->dept->code);
	comment(sb, "", line.buf);
	strbuf_addstr(sb, "#\n");
	comment(sb, "", _(guidance[r->section]));
	for (size_t i = 0; r->section == SECTION_DIRECTION &&
	     i < p->n_duties; i++) {
		const struct plan_duty *du = &p->duties[i];

		if (!r->commune &&
		    !plan_refs_cover(p, &du->lead, r->dept->code) &&
		    !plan_refs_cover(p, &du->coordinating, r->dept->code))
			continue;
		if (!any) {
			strbuf_addstr(sb, "#\n");
			comment(sb, "", _("The duties of the plan's "
					  "implementation section (Tổ chức "
					  "thực hiện) that concern it:"));
		}
		any = true;
		strbuf_reset(&line);
		strbuf_addf(&line, "%d. ", du->number);
		comment(sb, line.buf, du->text);
	}
	strbuf_addstr(sb, "#\n");
	comment(sb, "", _("Write the text above these lines; an empty line "
			  "separates paragraphs. Lines starting with '#' are "
			  "left out. A text left empty or unchanged records "
			  "nothing; to clear the section's text, give --text "
			  "\"\"."));
	strbuf_release(&line);
}

/* Keeps a text typed in the editor that could not be recorded, in a new
 * file of the user's own; its name goes in *path (empty when even that
 * failed, after a message). */
static void keep_text(const char *text, struct strbuf *path)
{
	const char *dir = getenv("TMPDIR");
	size_t len = strlen(text), off = 0;
	ssize_t w;
	int fd;

	if (!dir || dir[0] != '/')
		dir = "/tmp";
	strbuf_reset(path);
	strbuf_addf(path, "%s/plantrack-section-XXXXXX.txt", dir);
	fd = mkstemps(path->buf, 4);
	if (fd < 0)
		goto fail;
	while (off < len) {
		w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		off += (size_t)w;
	}
	if (off < len || write(fd, "\n", 1) != 1 || close(fd)) {
		unlink(path->buf);
		goto fail;
	}
	return;
fail:
	error(_("cannot keep the text in %s: %s"), path->buf,
	      err_strerror(errno));
	strbuf_reset(path);
}

/* "h1, section III.1 [HCC]": the subject of the confirmation. */
static void where(struct strbuf *sb, const struct write_req *r)
{
	if (r->commune)
		strbuf_addf(sb, _("%s, section %s of the consolidated report "
				  "[%s]"), r->period->id,
			    section_number(r->section), r->dept->code);
	else
		strbuf_addf(sb, _("%s, section %s [%s]"), r->period->id,
			    section_number(r->section), r->dept->code);
}

/* The text from the editor, on a template holding the current one. Sets
 * *text (malloc'd, as the editor saved it less the '#' lines) and
 * r->expected (malloc'd copy, or NULL). Returns 0, or an exit status
 * after a message; *text NULL with 0: nothing to record (said). */
static int from_editor(struct cli_ctx *ctx, struct write_req *r, char **text,
		       char **expected)
{
	struct state *st = NULL;
	struct state_current c;
	struct strbuf tmpl = STRBUF_INIT, sb = STRBUF_INIT;
	const char *cur;
	size_t len = 0;
	int status;

	*text = NULL;
	*expected = NULL;
	status = record_read(ctx->datadir, r->plan, r->dept, &st);
	if (status)
		goto out;
	current_text(&c, st, r);
	cur = state_current_str(&c, text_field());
	if (cur)
		*expected = xstrdup(cur);
	template(&tmpl, r, cur);
	status = editor_edit(tmpl.buf, "section", text, &len);
	if (status)
		goto out;
	len = editor_strip(*text, len);
	where(&sb, r);
	if (!len) {
		fprintf(ctx->out, _("%s: nothing recorded, the text was left "
				    "empty (to clear the section's text, give "
				    "--text \"\")\n"), sb.buf);
		free(*text);
		*text = NULL;
	} else if (cur && !strcmp(cur, *text)) {
		fprintf(ctx->out, _("%s: nothing recorded, the text was left "
				    "as it was\n"), sb.buf);
		free(*text);
		*text = NULL;
	}
out:
	state_free(st);
	strbuf_release(&tmpl);
	strbuf_release(&sb);
	return status;
}

int cmd_write(int argc, char **argv, struct cli_ctx *ctx)
{
	struct write_req r = { .changes = STRBUF_INIT };
	struct schema_getopt g;
	struct auth_user u = { 0 };
	const struct schema_type *t = schema_type_of(ENTRY_SECTION);
	const struct schema_field *f;
	const char *dept_arg = NULL, *text_arg = NULL, *file_arg = NULL;
	const char *args[3], *source = NULL;
	struct strbuf raw = STRBUF_INIT, why = STRBUF_INIT, kept = STRBUF_INIT;
	struct strbuf list = STRBUF_INIT, sb = STRBUF_INIT;
	struct text_issue issue;
	char *edited = NULL, *expected = NULL, *text = NULL;
	char at[INSTANT_LEN];
	bool from_file, std_in = false, editor = false;
	int c, n_args = 0, n_sources = 0, status = 0, written = 0, rc;

	schema_getopt_init(&g, t);
	schema_getopt_add(&g, "dept", required_argument, 'D');
	schema_getopt_add(&g, "file", required_argument, 'F');
	while ((c = getopt_long(argc, argv, ":", g.opts, NULL)) != -1) {
		f = schema_option_field(t, c, &from_file);
		if (c == 'D') {
			dept_arg = optarg;
		} else if (c == 'F' || (f && from_file)) {
			file_arg = optarg;
			n_sources++;
		} else if (f && f->kind == SCHEMA_TEXT) {
			text_arg = optarg;
			n_sources++;
		} else if (f && f->kind == SCHEMA_BOOL) {
			r.commune = true;
		} else {
			status = cli_bad_option(CMD, c, argv);
			goto out;
		}
	}
	for (; optind < argc; optind++) {
		if (!strcmp(argv[optind], "-") && !std_in) {
			std_in = true;
			n_sources++;
		} else if (n_args < 2) {
			args[n_args++] = argv[optind];
		} else {
			status = cli_usage_error(CMD, _("unexpected argument "
						 "'%s'"), argv[optind]);
			goto out;
		}
	}
	section_list(&list);
	if (n_args < 1) {
		status = cli_usage_error(CMD, _("no reporting period given"));
		goto out;
	}
	if (n_args < 2) {
		status = cli_usage_error(CMD, _("no section given (sections: "
					 "%s)"), list.buf);
		goto out;
	}
	if (n_sources > 1) {
		status = cli_usage_error(CMD, _("give the text one way only: "
					 "--text TEXT, --file FILE or - for "
					 "standard input"));
		goto out;
	}
	if ((status = cli_load_plan(ctx)))
		goto out;
	r.plan = ctx->plan;
	r.period = cli_find_period(CMD, ctx->plan, args[0], &status);
	if (!r.period)
		goto out;
	if (section_parse(args[1], &r.section)) {
		status = cli_usage_error(CMD, _("unknown section '%s' "
					 "(sections: %s; the report's words "
					 "work too)"), args[1], list.buf);
		goto out;
	}
	if (!n_sources && !isatty(STDIN_FILENO)) {
		status = cli_usage_error(CMD, _("no text given: give --text "
					 "TEXT, --file FILE or - for standard "
					 "input (the editor opens only when "
					 "standard input is a terminal)"));
		goto out;
	}
	if (auth_current(&u) != 0) {
		status = EX_OSERR;
		goto out;
	}
	if ((status = choose_dept(ctx->plan, &u, dept_arg, &r)))
		goto out;

	/* The text, as given. */
	if (text_arg) {
		strbuf_addstr(&raw, text_arg);
		source = "--text";
	} else if (file_arg || std_in) {
		source = file_arg && strcmp(file_arg, "-") != 0 ? file_arg :
			 _("standard input");
		status = read_text(file_arg ? file_arg : "-",
				   4 * (size_t)SCHEMA_SECTION_MAX, &raw);
		if (status)
			goto out;
		trim(&raw);
		if (!raw.len) {
			status = cli_usage_error(CMD, _("%s is empty, so "
				"nothing was recorded; to clear the section's "
				"text, give --text \"\""), source);
			goto out;
		}
	} else {
		editor = true;
		status = from_editor(ctx, &r, &edited, &expected);
		if (status || !edited)
			goto out;
		strbuf_addstr(&raw, edited);
		source = _("the text from the editor");
		r.expect = true;
		r.expected = expected;
	}
	rc = schema_text_input(raw.buf, raw.len, SCHEMA_SECTION_MAX, &text,
			       &issue);
	if (rc < 0)
		die(EX_OSERR, _("out of memory"));
	if (rc > 0) {
		schema_text_issue(&why, &issue);
		if (editor) {
			/* The usage line would say nothing to the point. */
			error("%s: %s", source, why.buf);
			status = EX_USAGE;
			keep_text(raw.buf, &kept);
		} else {
			status = cli_usage_error(CMD, "%s: %s", source,
						 why.buf);
		}
		goto out;
	}
	r.text = text;
	status = record_commit(ctx->datadir, ctx->plan, r.dept, u.name,
			       (long)u.uid, write_build, &r, &written);
	if (status == EX_TEMPFAIL && r.expect) {
		if (r.moved && !instant_format(r.moved_at, at))
			error(_("%s changed this text at %s while your editor "
				"was open, so yours was not recorded"),
			      r.moved_user, at);
		else
			error(_("someone changed this text while your editor "
				"was open, so yours was not recorded"));
	}
	if (status) {
		if (editor)
			keep_text(text, &kept);
		goto out;
	}
	where(&sb, &r);
	if (!written)
		fprintf(ctx->out, _("%s: nothing changed\n"), sb.buf);
	else
		fprintf(ctx->out, _("%s: recorded\n%s"), sb.buf,
			r.changes.buf);
out:
	if (kept.len) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "plantrack write %s %s --dept %s%s --file %s",
			    r.period->id, section_name(r.section),
			    r.dept->code, r.commune ? " --commune" : "",
			    kept.buf);
		hint(_("your text is kept in %s: correct it if needed, then "
		       "record it with '%s'"), kept.buf, sb.buf);
	}
	auth_release(&u);
	free(edited);
	free(expected);
	free(text);
	strbuf_release(&raw);
	strbuf_release(&why);
	strbuf_release(&kept);
	strbuf_release(&list);
	strbuf_release(&sb);
	strbuf_release(&r.changes);
	return status;
}
