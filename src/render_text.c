/* render_text.c: the report for a terminal, RENDER_TEXT_WIDTH columns.
 *
 * table.h wraps only a table's last column; a report has several long
 * columns (task, result, indicator name, department name), so this file
 * lays out its own grids: every column has a widest width, shrinks to its
 * content, and wraps its cells under themselves. The widths of each grid
 * add up to at most RENDER_TEXT_WIDTH, so no line is wider.
 */
#include <stdlib.h>
#include <string.h>

#include "plantrack/err.h"
#include "plantrack/render.h"
#include "plantrack/utf8.h"
#include "render_int.h"

#define W RENDER_TEXT_WIDTH
#define SEP 2		/* blanks between columns */

struct col {
	const char *title;
	int max;	/* columns it may take */
	int right;	/* numbers: right-aligned */
};

struct grid_row {
	char **cells;
	int gap_before;	/* a blank line before it */
};

struct grid {
	const struct col *cols;
	size_t ncols;
	struct grid_row *rows;
	size_t nrows, alloc;
};

/* A cell as a terminal should see it: a tab would jump to the next tab
 * stop and break the columns, so it becomes a blank. */
static char *cell_dup(const char *s)
{
	char *c = xstrdup(s ? s : "");

	for (char *p = c; *p; p++)
		if (*p == '\t')
			*p = ' ';
	return c;
}

static void grid_add(struct grid *g, const char *const *cells, int gap)
{
	struct grid_row *row;
	size_t i;

	if (g->nrows == g->alloc) {
		g->alloc = g->alloc ? g->alloc * 2 : 16;
		g->rows = xrealloc(g->rows, g->alloc * sizeof(*g->rows));
	}
	row = &g->rows[g->nrows++];
	row->cells = xcalloc(g->ncols, sizeof(*row->cells));
	row->gap_before = gap;
	for (i = 0; i < g->ncols; i++)
		row->cells[i] = cell_dup(cells[i]);
}

static void grid_release(struct grid *g)
{
	size_t r, i;

	if (!g)
		return;
	for (r = 0; r < g->nrows; r++) {
		for (i = 0; i < g->ncols; i++)
			free(g->rows[r].cells[i]);
		free(g->rows[r].cells);
	}
	free(g->rows);
	g->rows = NULL;
	g->nrows = g->alloc = 0;
}

/* Display width of the widest line of s. */
static int widest_line(const char *s)
{
	const char *nl;
	int w, best = 0;

	for (;;) {
		nl = strchr(s, '\n');
		w = nl ? utf8_width_n(s, (size_t)(nl - s)) : utf8_width(s);
		if (w > best)
			best = w;
		if (!nl)
			break;
		s = nl + 1;
	}
	return best;
}

/* s wrapped to width, as lines (utf8_put_wrapped does the breaking). */
struct lines {
	char *buf;	/* the wrapped text, '\n' replaced by NULs */
	size_t size;
	const char **v;
	size_t n;
};

static int lines_wrap(struct lines *l, const char *s, int width)
{
	FILE *f;
	size_t i, k;
	int ret = -1;

	memset(l, 0, sizeof(*l));
	f = open_memstream(&l->buf, &l->size);
	if (!f)
		goto out;
	utf8_put_wrapped(f, s, width, 0);
	if (fclose(f) != 0)
		goto out;
	l->n = 1;
	for (i = 0; i < l->size; i++)
		l->n += l->buf[i] == '\n';
	l->v = xcalloc(l->n, sizeof(*l->v));
	l->v[0] = l->buf;
	for (i = 0, k = 1; i < l->size; i++) {
		if (l->buf[i] == '\n') {
			l->buf[i] = '\0';
			l->v[k++] = l->buf + i + 1;
		}
	}
	ret = 0;
out:
	return ret;
}

static void lines_release(struct lines *l)
{
	free(l->buf);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void put_blanks(FILE *f, int n)
{
	while (n-- > 0)
		putc(' ', f);
}

/* One row of cells, each wrapped in its column; no trailing blanks.
 * Returns 0, or -1 when out of memory for the wrapping. */
static int grid_put_row(FILE *f, const struct grid *g, const int *width,
			const char *const *cells)
{
	struct lines *l = xcalloc(g->ncols, sizeof(*l));
	size_t i, k, height = 0, last;
	int w, ret = -1;

	for (i = 0; i < g->ncols; i++) {
		if (lines_wrap(&l[i], cells[i], width[i]))
			goto out;
		if (l[i].n > height)
			height = l[i].n;
	}
	for (k = 0; k < height; k++) {
		/* The last column with text on this line ends it. */
		last = g->ncols;
		while (last > 0 && (k >= l[last - 1].n || !*l[last - 1].v[k]))
			last--;
		for (i = 0; i < last; i++) {
			const char *s = k < l[i].n ? l[i].v[k] : "";

			w = utf8_width(s);
			if (i)
				put_blanks(f, SEP);
			if (g->cols[i].right)
				put_blanks(f, width[i] - w);
			fputs(s, f);
			if (!g->cols[i].right && i + 1 < last)
				put_blanks(f, width[i] - w);
		}
		putc('\n', f);
	}
	ret = 0;
out:
	for (i = 0; i < g->ncols; i++)
		lines_release(&l[i]);
	free(l);
	return ret;
}

/* Returns 0 or -1 (out of memory). */
static int grid_render(FILE *f, const struct grid *g)
{
	int *width = xcalloc(g->ncols, sizeof(*width));
	const char **titles = xcalloc(g->ncols, sizeof(*titles));
	size_t i, r;
	int w, ret = -1;

	for (i = 0; i < g->ncols; i++) {
		titles[i] = g->cols[i].title;
		width[i] = widest_line(g->cols[i].title);
		for (r = 0; r < g->nrows; r++) {
			w = widest_line(g->rows[r].cells[i]);
			if (w > width[i])
				width[i] = w;
		}
		if (width[i] > g->cols[i].max)
			width[i] = g->cols[i].max;
		if (width[i] < 1)
			width[i] = 1;
	}
	if (grid_put_row(f, g, width, titles))
		goto out;
	for (i = 0; i < g->ncols; i++) {
		if (i)
			put_blanks(f, SEP);
		for (w = 0; w < width[i]; w++)
			putc('-', f);
	}
	putc('\n', f);
	for (r = 0; r < g->nrows; r++) {
		if (g->rows[r].gap_before && r)
			putc('\n', f);
		if (grid_put_row(f, g, width,
				 (const char *const *)g->rows[r].cells))
			goto out;
	}
	ret = 0;
out:
	free(titles);
	free(width);
	return ret;
}

/* utf8_put_wrapped on text a terminal lays out as measured (cell_dup). */
static void put_wrapped(FILE *f, const char *s, int width, int indent)
{
	char *c = cell_dup(s);

	utf8_put_wrapped(f, c, width, indent);
	free(c);
}

/* s centred in W columns (or wrapped when wider). */
static void put_centred(FILE *f, const char *s)
{
	int w = utf8_width(s);

	if (w < W)
		put_blanks(f, (W - w) / 2);
	put_wrapped(f, s, W, 0);
	putc('\n', f);
}

static void put_heading(FILE *f, const char *s)
{
	int w = utf8_width(s);

	fprintf(f, "\n%s\n", s);
	while (w-- > 0)
		putc('=', f);
	putc('\n', f);
}

static void put_header(FILE *f, const struct report *r)
{
	const struct plan_meta *m = &r->plan->meta;
	struct render_field fields[RENDER_N_FIELDS];
	struct strbuf sb = STRBUF_INIT;
	int label = 0, w;
	size_t i;

	strbuf_addf(&sb, "%s, %s", m->issuer, m->city);
	put_wrapped(f, sb.buf, W, 0);
	putc('\n', f);
	if (*render_unit(r)) {
		put_wrapped(f, render_unit(r), W, 0);
		putc('\n', f);
	}
	putc('\n', f);
	put_centred(f, RENDER_TITLE);
	strbuf_reset(&sb);
	render_subtitle(r, &sb);
	put_centred(f, sb.buf);
	putc('\n', f);

	render_fields(r, fields);
	for (i = 0; i < RENDER_N_FIELDS; i++) {
		w = utf8_width(fields[i].label) + 2;	/* ": " */
		if (w > label)
			label = w;
	}
	for (i = 0; i < RENDER_N_FIELDS; i++) {
		fprintf(f, "%s:", fields[i].label);
		put_blanks(f, label - utf8_width(fields[i].label) - 1);
		put_wrapped(f, fields[i].value.buf, W - label, label);
		putc('\n', f);
	}
	strbuf_reset(&sb);
	render_unreadable(r, &sb);
	if (sb.len) {
		putc('\n', f);
		put_wrapped(f, sb.buf, W, 0);
		putc('\n', f);
	}
	render_fields_release(fields);
	strbuf_release(&sb);
}

static int put_submissions(FILE *f, const struct report *r)
{
	static const struct col cols[] = {
		{ "STT", 3, 1 }, { "Đơn vị", 50, 0 }, { "Hạn nộp", 10, 0 },
		{ "Ngày nộp", 10, 0 }, { "Tình trạng", 18, 0 },
	};
	struct grid g = { cols, RENDER_SUB_COLS, NULL, 0, 0 };
	struct render_sub_cells c = RENDER_SUB_CELLS_INIT;
	size_t i;
	int ret;

	put_heading(f, render_heading[SECTION_SUBMISSIONS]);
	for (i = 0; i < r->n_subs; i++) {
		render_sub_cells(&c, r, i);
		grid_add(&g, c.cells, 0);
	}
	ret = grid_render(f, &g);
	grid_release(&g);
	render_sub_cells_release(&c);
	return ret;
}

static int put_indicators(FILE *f, const struct report *r)
{
	static const struct col cols[] = {
		{ "STT", 3, 1 }, { "Chỉ tiêu", 42, 0 }, { "Mục tiêu", 14, 0 },
		{ "Kết quả\nkỳ báo cáo", 10, 1 }, { "Đánh giá", 15, 0 },
	};
	struct grid g = { cols, 5, NULL, 0, 0 };
	struct strbuf name = STRBUF_INIT, target = STRBUF_INIT;
	struct strbuf value = STRBUF_INIT;
	char no[RENDER_NUM_LEN];
	size_t i;
	int ret;

	put_heading(f, render_heading[SECTION_INDICATORS]);
	for (i = 0; i < r->n_indicators; i++) {
		const struct report_indicator *ri = &r->indicators[i];
		const char *cells[5];

		render_int(no, ri->indicator->number);
		strbuf_reset(&name);
		strbuf_reset(&target);
		strbuf_reset(&value);
		strbuf_addstr(&name, ri->indicator->name);
		/* Where the figure comes from belongs with the indicator:
		 * there is no room for a column of its own. */
		if (ri->note && *ri->note)
			strbuf_addf(&name, "\nGhi chú: %s", ri->note);
		render_target(&target, ri->indicator);
		if (ri->present)
			render_value_unit(&value, ri->value,
					  ri->indicator->unit);
		cells[0] = no;
		cells[1] = name.buf;
		cells[2] = target.buf;
		cells[3] = value.buf;
		cells[4] = report_verdict_label(ri->verdict);
		grid_add(&g, cells, i > 0);
	}
	ret = grid_render(f, &g);
	grid_release(&g);
	strbuf_release(&name);
	strbuf_release(&target);
	strbuf_release(&value);
	return ret;
}

static int put_tasks(FILE *f, const struct report *r)
{
	/* 5 + 44 + 7 + 14 + 8 + 10 and five gaps of 2: 98 columns. */
	static const struct col cols[] = {
		{ "Mã", 5, 0 }, { "Nhiệm vụ / Kết quả thực hiện", 44, 0 },
		{ "Chủ trì", 7, 0 }, { "Trạng thái", 14, 0 },
		{ "Tiến độ", 8, 1 }, { "Cập nhật", 10, 0 },
	};
	struct strbuf what = STRBUF_INIT, status = STRBUF_INIT;
	struct strbuf title = STRBUF_INIT;
	char progress[RENDER_NUM_LEN], day[11];
	size_t gi, i;
	int ret = 0;

	put_heading(f, render_heading[SECTION_TASKS]);
	if (!r->n_groups)
		fprintf(f, "%s\n", RENDER_NONE);
	for (gi = 0; !ret && gi < r->n_groups; gi++) {
		const struct report_group *rg = &r->groups[gi];
		struct grid g = { cols, 6, NULL, 0, 0 };

		strbuf_reset(&title);
		strbuf_addf(&title, "%s. %s", rg->group->id, rg->group->title);
		putc('\n', f);
		put_wrapped(f, title.buf, W, 0);
		fputs("\n\n", f);
		for (i = rg->first; i < rg->first + rg->n; i++) {
			const struct report_row *row = &r->rows[i];
			int first = i == rg->first ||
				r->rows[i - 1].task != row->task;
			const char *cells[6];

			strbuf_reset(&what);
			strbuf_reset(&status);
			/* A task's text once, above its first lead; each lead
			 * then has its own result. */
			if (first)
				strbuf_addf(&what, "%s\nThời hạn: %s",
					    row->task->description,
					    row->task->deadline.text);
			/* With several leads, whose result it is must not
			 * depend on which line it happens to start on. */
			if (row->result && row->task->lead.n > 1)
				strbuf_addf(&what, "%sKết quả (%s): %s",
					    first ? "\n" : "", row->dept->code,
					    row->result);
			else if (row->result)
				strbuf_addf(&what, "%sKết quả: %s",
					    first ? "\n" : "", row->result);
			render_status(&status, row, "\n");
			render_progress(progress, row->progress);
			render_day_vn(row->last_update_day, day);
			cells[0] = first ? row->task->id : "";
			cells[1] = what.buf;
			cells[2] = row->dept->code;
			cells[3] = status.buf;
			cells[4] = progress;
			cells[5] = day;
			grid_add(&g, cells, first);
		}
		ret = grid_render(f, &g);
		grid_release(&g);
	}
	strbuf_release(&what);
	strbuf_release(&status);
	strbuf_release(&title);
	return ret;
}

static void counts_cells(const struct report_counts *c,
			 char buf[6][RENDER_NUM_LEN], struct strbuf *share)
{
	size_t v[6] = { c->rows, c->by_status[STATUS_NOT_STARTED],
			c->by_status[STATUS_IN_PROGRESS],
			c->by_status[STATUS_DONE], c->overdue, c->unreported };
	int i;

	for (i = 0; i < 6; i++)
		render_size(buf[i], v[i]);
	strbuf_reset(share);
	render_permille(share, c->done_permille);
}

static int put_summary(FILE *f, const struct report *r)
{
	static const struct col cols[] = {
		{ "Đơn vị", 24, 0 }, { "Tổng số", 7, 1 },
		{ "Chưa thực\nhiện", 9, 1 }, { "Đang thực\nhiện", 9, 1 },
		{ "Đã hoàn\nthành", 7, 1 }, { "Tỷ lệ\nhoàn thành", 10, 1 },
		{ "Quá hạn", 7, 1 }, { "Chưa\nbáo cáo", 7, 1 },
	};
	struct grid g = { cols, 8, NULL, 0, 0 };
	struct strbuf share = STRBUF_INIT, line = STRBUF_INIT;
	char num[6][RENDER_NUM_LEN];
	const char *cells[8];
	size_t i;
	int k, ret;

	put_heading(f, render_heading[SECTION_SUMMARY]);
	render_summary_line(r, &line);
	put_wrapped(f, line.buf, W, 0);
	fputs("\n\n", f);
	for (i = 0; i <= r->n_depts; i++) {
		const struct report_counts *c = i < r->n_depts ?
			&r->depts[i].counts : &r->total;

		counts_cells(c, num, &share);
		cells[0] = i < r->n_depts ? r->depts[i].dept->name :
			RENDER_TOTAL;
		for (k = 0; k < 4; k++)
			cells[1 + k] = num[k];
		cells[5] = share.buf;
		cells[6] = num[4];
		cells[7] = num[5];
		grid_add(&g, cells, 0);
	}
	ret = grid_render(f, &g);
	grid_release(&g);
	strbuf_release(&share);
	strbuf_release(&line);
	return ret;
}

static int put_notes(FILE *f, const struct report *r,
		      enum report_note_kind kind, enum render_section sec)
{
	static const struct col cols[] = {
		{ "STT", 3, 1 }, { "Ngày", 10, 0 }, { "Nhiệm vụ", 8, 0 },
		{ "Đơn vị", 22, 0 }, { "Nội dung", 49, 0 },
	};
	struct grid g = { cols, 5, NULL, 0, 0 };
	char no[RENDER_NUM_LEN], day[11];
	size_t i, k = 0;
	int ret = 0;

	put_heading(f, render_heading[sec]);
	for (i = 0; i < r->n_notes; i++) {
		const struct report_note *n = &r->notes[i];
		const char *cells[5];

		if (n->kind != kind)
			continue;
		render_size(no, ++k);
		render_day_vn(n->day, day);
		cells[0] = no;
		cells[1] = day;
		cells[2] = n->task->id;
		cells[3] = n->dept->name;
		cells[4] = n->text;
		grid_add(&g, cells, k > 1);
	}
	if (k)
		ret = grid_render(f, &g);
	else
		fprintf(f, "%s\n", RENDER_NONE);
	grid_release(&g);
	return ret;
}

int render_text(const struct report *r, FILE *f)
{
	int ret = -1;

	put_header(f, r);
	if (put_submissions(f, r) || put_indicators(f, r) || put_tasks(f, r) ||
	    put_summary(f, r) ||
	    put_notes(f, r, NOTE_DIFFICULTY, SECTION_DIFFICULTIES) ||
	    put_notes(f, r, NOTE_PROPOSAL, SECTION_PROPOSALS))
		goto out;
	ret = ferror(f) ? -1 : 0;
out:
	return ret;
}
