/* gen.c: synthetic plans and department state for the benchmark.
 *
 *   gen [--seed S] N DIR             the state-heavy shape
 *   gen --plan-heavy PLAN N DIR      the plan-heavy shape
 *
 * State-heavy: writes DIR/plan.yaml (N tasks) and
 * DIR/departments/CODE/state.yaml for six departments, in the formats of
 * docs/plan-format.md and docs/state-format.md, so that
 * `plantrack -d DIR validate` accepts them.
 *
 * Plan-heavy: DIR/plan.yaml is PLAN (the real plan, data/plan.yaml) with
 * its tasks repeated, byte for byte but for their ids, until there are N
 * of them; each department of PLAN gets a state file without entries.
 * This is the shape of a plan with the real plan's text lengths and no
 * history yet.
 *
 * Both print "TASK DEPT", a task and a department that leads it, for the
 * benchmark of `update`.
 * The same seed and N give the same bytes: the PRNG is our own
 * (splitmix64), never rand(), whose sequence differs between libcs.
 *
 * State-heavy texts are Vietnamese in NFC made of clauses of the kind the
 * 2026 plan uses. Descriptions are 200 to 1000 bytes, most of them short
 * like the real plan's (mean about 400); the plan-heavy shape has the real
 * plan's own.
 *
 * Every entry is one the tool itself could have written: lead updates
 * only by a lead department, coordinating notes only by a coordinating
 * one, status moving forward with progress rising, times strictly rising
 * within each file, all in 2026.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define N_DEPTS		6
#define N_GROUPS	6
#define N_INDICATORS	4
#define MAX_LEADS	2
#define MAX_COORDS	3
/* 2026-01-05 00:00:00 and 2026-11-10 00:00:00, +07:00, as seconds since
 * 2026-01-01 00:00 local: the year the plan covers, before the annual
 * reports are due. */
#define T_FIRST		(4L * 86400)
#define T_LAST		(313L * 86400)

struct dept {
	const char *code, *name, *group, *alias;
	const char *users[3];
};

static const struct dept depts[N_DEPTS] = {
	{ "KT", "Phòng Kinh tế", "plantrack-kt", "Phòng KT",
	  { "lan", "tuan", "huong" } },
	{ "HCC", "Trung tâm phục vụ hành chính công", "plantrack-hcc",
	  "Trung tâm phục vụ hành chính công xã", { "hoa", "dung", "nam" } },
	{ "VHXH", "Phòng Văn hóa – Xã hội", "plantrack-vhxh",
	  "Phòng VH-XH", { "minh", "thu", "quang" } },
	{ "DVC", "Trung tâm Dịch vụ sự nghiệp công", "plantrack-dvc",
	  "Trung tâm DV sự nghiệp công", { "hai", "yen", "long" } },
	{ "CA", "Công an xã", "plantrack-ca", "Công an xã Việt Khê",
	  { "son", "trang", "phuc" } },
	{ "QS", "Ban Chỉ huy Quân sự xã", "plantrack-qs",
	  "Ban CHQS xã", { "khoa", "ngoc", "binh" } },
};

static const char *const group_ids[N_GROUPS] = {
	"I", "II", "III", "IV", "V", "VI"
};

static const char *const group_titles[N_GROUPS] = {
	/* NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one title */
	"Rà soát, cắt giảm, đơn giản hóa thủ tục hành chính và điều kiện "
	"kinh doanh",
	"Nâng cao chất lượng cung cấp dịch vụ công trực tuyến",
	"Cải thiện môi trường đầu tư, kinh doanh trên địa bàn xã",
	"Đẩy mạnh chuyển đổi số và phát triển chính quyền số",
	"Nâng cao năng lực, trách nhiệm của đội ngũ cán bộ, công chức",
	"Tăng cường công tác thông tin, tuyên truyền",
};

/* Clauses of descriptions: no '"' or '\\', so they need no escaping. */
static const char *const clauses[] = {
	"rà soát, đánh giá các thủ tục hành chính thuộc thẩm quyền giải quyết "
	"của Ủy ban nhân dân xã",
	"đề xuất cắt giảm, đơn giản hóa thành phần hồ sơ, thời gian giải quyết",
	"tổ chức thực hiện nghiêm túc cơ chế một cửa, một cửa liên thông",
	"nâng cao tỷ lệ hồ sơ được tiếp nhận và giải quyết trực tuyến toàn "
	"trình",
	"công khai, minh bạch thông tin về quy hoạch, kế hoạch sử dụng đất",
	"tạo điều kiện thuận lợi cho người dân và doanh nghiệp tiếp cận đất "
	"đai, tín dụng",
	"tăng cường đối thoại, kịp thời tháo gỡ khó khăn, vướng mắc cho doanh "
	"nghiệp, hộ kinh doanh",
	"thực hiện số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo "
	"quy định",
	"đẩy mạnh thanh toán không dùng tiền mặt trong giải quyết thủ tục hành "
	"chính",
	"bảo đảm 100% hồ sơ được giải quyết đúng hạn, không để tồn đọng, kéo "
	"dài",
	"nâng cao chỉ số hài lòng của người dân, doanh nghiệp đối với sự phục "
	"vụ của cơ quan hành chính",
	"phối hợp với các cơ quan, đơn vị liên quan tổ chức triển khai thực "
	"hiện hiệu quả",
	"kiểm tra, giám sát việc thực hiện kỷ luật, kỷ cương hành chính của "
	"cán bộ, công chức",
	"xử lý nghiêm các trường hợp nhũng nhiễu, gây phiền hà cho người dân",
	"ứng dụng công nghệ thông tin, chuyển đổi số trong công tác chỉ đạo, "
	"điều hành",
	"tuyên truyền, phổ biến rộng rãi Nghị quyết số 02/NQ-CP của Chính phủ",
	"huy động các nguồn lực xã hội hóa đầu tư phát triển kết cấu hạ tầng",
	"hỗ trợ hộ kinh doanh chuyển đổi lên doanh nghiệp theo quy định của "
	"pháp luật",
	"rà soát, cập nhật cơ sở dữ liệu về đất đai, dân cư, hộ tịch trên địa "
	"bàn",
	"định kỳ báo cáo kết quả thực hiện về Ủy ban nhân dân xã (qua Phòng "
	"Kinh tế) để tổng hợp",
	"bảo đảm an ninh, trật tự, an toàn xã hội, tạo môi trường thuận lợi "
	"cho sản xuất, kinh doanh",
	"tiếp tục triển khai Đề án 06 về phát triển ứng dụng dữ liệu dân cư, "
	"định danh và xác thực điện tử",
	"nâng cao chất lượng nguồn nhân lực, gắn đào tạo nghề với nhu cầu của "
	"thị trường lao động",
	"khuyến khích khởi nghiệp sáng tạo, phát triển sản phẩm OCOP của địa "
	"phương",
};

static const char *const results[] = {
	"Đã rà soát 12 thủ tục hành chính, đề xuất đơn giản hóa 3 thủ tục",
	"Đã tổ chức hội nghị đối thoại với 45 doanh nghiệp, hộ kinh doanh",
	"Tỷ lệ hồ sơ giải quyết trực tuyến đạt 87,5%, tăng 12% so với cùng kỳ",
	"Đã số hóa 1.250 hồ sơ, kết quả giải quyết thủ tục hành chính",
	/* NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one result */
	"Đã ban hành kế hoạch triển khai, phân công nhiệm vụ cụ thể cho từng "
	"bộ phận",
	"Đã niêm yết công khai đầy đủ các thủ tục tại Bộ phận một cửa",
	"Hoàn thành tập huấn cho 30 cán bộ, công chức về dịch vụ công trực "
	"tuyến",
	"Đã gửi góp ý bằng văn bản về dự thảo kế hoạch",
	"Đã phối hợp kiểm tra 8 cơ sở kinh doanh trên địa bàn",
	"Không phát sinh hồ sơ trễ hạn trong kỳ báo cáo",
};

static const char *const difficulties[] = {
	"Đường truyền mạng chập chờn, hệ thống một cửa điện tử thường xuyên "
	"bị gián đoạn",
	"Một bộ phận người dân lớn tuổi chưa quen sử dụng dịch vụ công trực "
	"tuyến",
	"Thiếu cán bộ chuyên trách về công nghệ thông tin",
	"Kinh phí bố trí cho số hóa hồ sơ còn hạn chế",
};

static const char *const proposals[] = {
	"Đề nghị cấp trên hỗ trợ kinh phí nâng cấp trang thiết bị",
	"Đề nghị tổ chức thêm các lớp tập huấn về chuyển đổi số",
	"Kiến nghị đơn giản hóa quy trình liên thông với cấp tỉnh",
};

static const char *const dated_texts[] = {
	"Quý II năm 2026", "Quý III năm 2026", "Năm 2026",
	"Trước ngày 30/6/2026",
};
static const char *const dated_dates[] = {
	"2026-06-30", "2026-09-30", "2026-12-31", "2026-06-30",
};

/* ---- PRNG: splitmix64, the same sequence everywhere ---- */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n): the bias of a modulo is irrelevant here. */
static unsigned rng_below(unsigned n)
{
	return (unsigned)(rng_next() % n);
}

static double rng_unit(void)
{
	return (double)(rng_next() >> 11) / 9007199254740992.0;
}

#define PICK(a) ((a)[rng_below(sizeof(a) / sizeof((a)[0]))])

/* ---- the plan ---- */
struct task {
	unsigned char n_leads, n_coords;
	signed char leads[MAX_LEADS];
	/* a department index, or -1 for ALL, -2 for DN */
	signed char coords[MAX_COORDS];
};

#define C_ALL	(-1)
#define C_DN	(-2)

static struct task *tasks;
static unsigned long n_tasks;

static void die(const char *what)
{
	fprintf(stderr, "gen: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void task_id(char *buf, size_t size, unsigned long i)
{
	int n = snprintf(buf, size, "%s.%lu", group_ids[i % N_GROUPS],
			 i / N_GROUPS + 1);

	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "gen: task id too long\n");
		exit(1);
	}
}

static int has_code(const signed char *a, unsigned n, int c)
{
	unsigned i;

	for (i = 0; i < n && a[i] != c; i++)
		;
	return i < n;
}

static void make_task(struct task *t)
{
	unsigned r = rng_below(10), k;
	int c;

	t->n_leads = (unsigned char)(rng_below(5) == 0 ? 2 : 1);
	t->leads[0] = (signed char)rng_below(N_DEPTS);
	if (t->n_leads == 2)
		t->leads[1] = (signed char)((t->leads[0] + 1 +
					     (int)rng_below(N_DEPTS - 1)) %
					    N_DEPTS);
	t->n_coords = 0;
	/* r == 0: nobody coordinates (II.7 of the real plan) */
	if (r >= 1 && r <= 3) {
		t->coords[t->n_coords++] = C_ALL;
	} else if (r > 3) {
		k = 1 + rng_below(2);
		while (t->n_coords < k) {
			c = (int)rng_below(N_DEPTS);
			if (!has_code(t->leads, t->n_leads, c) &&
			    !has_code(t->coords, t->n_coords, c))
				t->coords[t->n_coords++] = (signed char)c;
		}
		if (r >= 8)
			t->coords[t->n_coords++] = C_DN;
	}
}

static const char *coord_code(int c)
{
	return c == C_ALL ? "ALL" : c == C_DN ? "DN" : depts[c].code;
}

static const char *coord_name(int c)
{
	return c == C_ALL ? "Các Phòng, ban thuộc UBND xã" :
	       c == C_DN ? "Các doanh nghiệp trên địa bàn" : depts[c].name;
}

static const char *const openers[] = {
	"Tiếp tục ", "Chủ động ", "Tăng cường ", "Đẩy mạnh ", "Tập trung ",
	"Khẩn trương ",
};

/* A description of 200 to 1000 bytes: an opener, then clauses joined by
 * ", " or "; ", then a full stop. */
static void put_description(FILE *f)
{
	/* Most are short, a few long, like the real plan's (mean 369 bytes,
	 * median 273): 200 + 800 u^4 has mean 360. */
	double u = rng_unit();
	size_t want = 200 + (size_t)(800.0 * u * u * u * u), len, n;
	const char *c = PICK(openers), *sep = "";

	fputc('"', f);
	fputs(c, f);
	len = strlen(c) + 1;	/* with the full stop */
	for (;;) {
		c = PICK(clauses);
		n = strlen(sep) + strlen(c);
		/* At least 200 bytes, at most 1000; past 200, a clause that
		 * would overshoot the length drawn ends the text before it. */
		if (len + n > 1000 || (len >= 200 && len + n > want))
			break;
		fputs(sep, f);
		fputs(c, f);
		len += n;
		sep = rng_below(3) ? ", " : "; ";
	}
	fputs(".\"", f);
}

static void put_refs(FILE *f, const char *key, const signed char *codes,
		     unsigned n, int lead)
{
	unsigned i;

	fprintf(f, "    %s: {codes: [", key);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "",
			lead ? depts[codes[i]].code : coord_code(codes[i]));
	fputs("], text: \"", f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "",
			lead ? depts[codes[i]].name : coord_name(codes[i]));
	fputs("\"}\n", f);
}

static void write_plan(FILE *f)
{
	char id[32];
	unsigned long i;
	unsigned d, r;

	fputs("# Synthetic plan written by tests/bench/gen.c for the benchmark.\n"
	      "format: 1\n"
	      "plan:\n"
	      "  issuer: \"Ủy ban nhân dân xã Việt Khê\"\n"
	      "  commune: \"xã Việt Khê\"\n"
	      "  city: \"thành phố Hải Phòng\"\n"
	      "  number: \"Số: /KH-UBND\"\n"
	      "  place_date: \"Việt Khê, ngày tháng 5 năm 2026\"\n"
	      "  title: \"Triển khai thực hiện Nghị quyết số 02/NQ-CP năm 2026 "
	      "(dữ liệu tổng hợp để đo hiệu năng)\"\n"
	      "  year: 2026\n"
	      "  legal_bases:\n"
	      "    - \"Nghị quyết số 02/NQ-CP ngày 08/01/2026 của Chính phủ\"\n"
	      "  signer:\n"
	      "    name: \"Nguyễn Văn An\"\n"
	      "    title: \"PHÓ CHỦ TỊCH\"\n"
	      "    authority: \"TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH\"\n"
	      "departments:\n", f);
	for (d = 0; d < N_DEPTS; d++)
		fprintf(f, "  - code: %s\n    name: \"%s\"\n    group: %s\n"
			"    aliases: [\"%s\"]\n", depts[d].code, depts[d].name,
			depts[d].group, depts[d].alias);
	fputs("parties:\n"
	      "  - code: ALL\n"
	      "    name: \"Các Phòng, ban thuộc UBND xã\"\n"
	      "    kind: all_departments\n"
	      "  - code: DN\n"
	      "    name: \"Các doanh nghiệp trên địa bàn\"\n"
	      "    kind: external\n"
	      "indicators:\n", f);
	for (i = 0; i < N_INDICATORS; i++)
		fprintf(f, "  - number: %lu\n"
			"    name: \"Tỷ lệ hồ sơ thủ tục hành chính được giải "
			"quyết đúng hạn (chỉ tiêu %lu)\"\n"
			"    unit: \"%%\"\n"
			"    target: {op: \"%s\", value: %s, text: \"%s\"}\n"
			"    executing: {codes: [ALL], text: \"Các Phòng, ban "
			"thuộc UBND xã\"}\n"
			"    monitoring: {code: %s, text: \"%s\"}\n",
			i + 1, i + 1, i % 2 ? ">=" : "=", i % 2 ? "80" : "100",
			i % 2 ? "Tối thiểu 80" : "100",
			depts[i % N_DEPTS].code, depts[i % N_DEPTS].name);
	fputs("groups:\n", f);
	for (d = 0; d < N_GROUPS; d++)
		fprintf(f, "  - id: %s\n    title: \"%s\"\n", group_ids[d],
			group_titles[d]);
	fputs("tasks:\n", f);
	for (i = 0; i < n_tasks; i++) {
		task_id(id, sizeof(id), i);
		fprintf(f, "  - id: %s\n    group: %s\n    description: ", id,
			group_ids[i % N_GROUPS]);
		put_description(f);
		fputc('\n', f);
		put_refs(f, "lead", tasks[i].leads, tasks[i].n_leads, 1);
		put_refs(f, "coordinating", tasks[i].coords, tasks[i].n_coords,
			 0);
		r = rng_below(5);
		if (r < 2)
			fputs("    deadline: {kind: ongoing, text: \"Thường "
			      "xuyên\"}\n", f);
		else if (r < 3)
			fputs("    deadline: {kind: maintained, text: \"Duy trì "
			      "thường xuyên\"}\n", f);
		else {
			r = rng_below(4);
			fprintf(f, "    deadline: {kind: date, text: \"%s\", "
				"date: %s}\n", dated_texts[r], dated_dates[r]);
		}
	}
	fputs("periods:\n"
	      "  - id: h1\n"
	      "    name: \"6 tháng đầu năm 2026\"\n"
	      "    start: 2026-01-01\n"
	      "    end: 2026-06-30\n"
	      "    department_due: 2026-05-20\n"
	      "    consolidated_due: 2026-05-21\n"
	      "    consolidator: KT\n"
	      "    recipient: \"Sở Tài chính\"\n"
	      "  - id: annual\n"
	      "    name: \"năm 2026\"\n"
	      "    start: 2026-01-01\n"
	      "    end: 2026-12-31\n"
	      "    department_due: 2026-11-15\n"
	      "    consolidated_due: 2026-11-20\n"
	      "    consolidator: KT\n"
	      "    recipient: \"Sở Tài chính\"\n", f);
}

/* ---- state ---- */
enum ekind { E_LEAD, E_COORD, E_INDICATOR, E_SUBMIT };

struct entry {
	long t;			/* seconds since 2026-01-01 00:00 +07:00 */
	uint64_t seed;		/* for its texts, drawn in generation order */
	unsigned long task;	/* E_LEAD, E_COORD; indicator for E_INDICATOR */
	unsigned char kind, step, steps;	/* step of steps (E_LEAD) */
	unsigned char period;	/* E_INDICATOR, E_SUBMIT: 0 h1, 1 annual */
};

struct entries {
	struct entry *v;
	size_t n, alloc;
};

static struct entry *push(struct entries *es)
{
	if (es->n == es->alloc) {
		es->alloc = es->alloc ? 2 * es->alloc : 1024;
		es->v = realloc(es->v, es->alloc * sizeof(*es->v));
		if (!es->v)
			die("realloc");
	}
	memset(&es->v[es->n], 0, sizeof(es->v[0]));
	es->v[es->n].seed = rng_next();
	return &es->v[es->n++];
}

/* n strictly rising times in [lo, hi). */
static void rising_times(long *t, unsigned n, long lo, long hi)
{
	unsigned i, j;
	long x;

	for (i = 0; i < n; i++)
		t[i] = lo + (long)(rng_next() % (uint64_t)(hi - lo));
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && t[j - 1] > t[j]; j--) {
			x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
}

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	/* Ties (then spread apart) by seed: qsort is not stable, and the
	 * order must not depend on the libc. */
	return x->t != y->t ? (x->t < y->t ? -1 : 1) :
	       x->seed < y->seed ? -1 : x->seed > y->seed;
}

static void collect(unsigned d, struct entries *es)
{
	struct entry *e;
	unsigned long i;
	unsigned k, n;
	long t[4];

	for (i = 0; i < n_tasks; i++) {
		const struct task *tk = &tasks[i];

		if (has_code(tk->leads, tk->n_leads, (int)d)) {
			n = 2 + rng_below(3);
			rising_times(t, n, T_FIRST, T_LAST);
			for (k = 0; k < n; k++) {
				e = push(es);
				e->kind = E_LEAD;
				e->task = i;
				e->t = t[k];
				e->step = (unsigned char)k;
				e->steps = (unsigned char)n;
			}
		} else if (has_code(tk->coords, tk->n_coords, (int)d) ?
			   rng_below(10) < 6 :
			   has_code(tk->coords, tk->n_coords, C_ALL) &&
			   rng_below(10) < 3) {
			e = push(es);
			e->kind = E_COORD;
			e->task = i;
			e->t = T_FIRST + (long)(rng_next() %
						(uint64_t)(T_LAST - T_FIRST));
		}
	}
	for (i = 0; i < N_INDICATORS; i++) {
		if (i % N_DEPTS != d)
			continue;
		for (k = 0; k < 2; k++) {
			e = push(es);
			e->kind = E_INDICATOR;
			e->task = i;
			e->period = (unsigned char)k;
			/* before each period's department deadline */
			e->t = k ? 300L * 86400 : 130L * 86400 + (long)d * 60;
		}
	}
	e = push(es);
	e->kind = E_SUBMIT;
	e->t = 138L * 86400 + (long)d * 600;	/* 2026-05-19 */
}

static void put_time(FILE *f, long t)
{
	/* 2026 is not a leap year. */
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
				       31, 30, 31 };
	long day = t / 86400, s = t % 86400;
	int m = 0;

	while (day >= mdays[m]) {
		day -= mdays[m];
		m++;
	}
	fprintf(f, "2026-%02d-%02ldT%02ld:%02ld:%02ld+07:00", m + 1, day + 1,
		s / 3600, s / 60 % 60, s % 60);
}

static void write_entry(FILE *f, unsigned d, const struct entry *e)
{
	static const char *const period_ids[] = { "h1", "annual" };
	char id[32];
	unsigned u;
	int pct;

	rng_state = e->seed;
	u = rng_below(3);
	fputs("- type: ", f);
	fputs(e->kind == E_INDICATOR ? "indicator" :
	      e->kind == E_SUBMIT ? "submit" : "task", f);
	fputs("\n  at: ", f);
	put_time(f, e->t);
	fprintf(f, "\n  user: %s\n  uid: %u\n", depts[d].users[u],
		1001 + d * 10 + u);
	switch (e->kind) {
	case E_LEAD:
		task_id(id, sizeof(id), e->task);
		fprintf(f, "  task: %s\n  role: lead\n", id);
		if (e->step + 1 == e->steps && rng_below(2)) {
			fputs("  status: done\n  progress: 100\n", f);
		} else {
			pct = (e->step + 1) * 100 / (e->steps + 1);
			fprintf(f, "  status: in_progress\n  progress: %d\n",
				pct);
		}
		if (rng_below(4))
			fprintf(f, "  result: \"%s\"\n", PICK(results));
		if (!rng_below(6))
			fprintf(f, "  difficulty: \"%s\"\n",
				PICK(difficulties));
		if (!rng_below(10))
			fprintf(f, "  proposal: \"%s\"\n", PICK(proposals));
		break;
	case E_COORD:
		task_id(id, sizeof(id), e->task);
		fprintf(f, "  task: %s\n  role: coordinating\n  result: "
			"\"%s\"\n", id, PICK(results));
		break;
	case E_INDICATOR:
		fprintf(f, "  indicator: %lu\n  period: %s\n  value: %u.%u\n"
			"  note: \"Số liệu từ hệ thống một cửa điện tử\"\n",
			e->task + 1, period_ids[e->period],
			75 + rng_below(25), rng_below(10));
		break;
	case E_SUBMIT:
		fputs("  period: h1\n", f);
		break;
	}
}

static FILE *create(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		die(path);
	/* Large writes: 100 000 tasks make tens of megabytes. */
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static void finish(FILE *f, const char *path)
{
	if (ferror(f) || fclose(f))
		die(path);
}

static void mkdir_p(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST)
		die(path);
}

static void path_join(char *buf, size_t size, const char *a, const char *b,
		      const char *c)
{
	int n = snprintf(buf, size, "%s/%s%s", a, b, c);

	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "gen: path too long\n");
		exit(1);
	}
}

/* ---- the plan-heavy shape: the real plan's tasks, repeated ---- */

/* One task of the real plan: its lines but the first ("  - id: G.n"). */
struct rtask {
	char group[16];
	unsigned long num;	/* n of "G.n" */
	const char *rest;
	size_t rest_len;
};

#define MAX_RTASKS 1000

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		die(path);
	buf = malloc((size_t)n + 1);
	if (!buf)
		die("malloc");
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		die(path);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* The line after the one at p, or end. */
static const char *next_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl + 1 : end;
}

static int starts(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

static void bad_plan(const char *path, const char *what)
{
	fprintf(stderr, "gen: %s: %s\n", path, what);
	exit(1);
}

/* Writes the plan-heavy data set of n tasks from the real plan at path. */
static void plan_heavy(const char *path, unsigned long n, const char *dir)
{
	static struct rtask rt[MAX_RTASKS];
	unsigned long maxnum[MAX_RTASKS], i, k;
	size_t len, nt = 0, j, g;
	char *plan = slurp(path, &len), *end;
	const char *p, *e = plan + len, *tsec, *tail, *line;
	char out[4096], first_lead[32] = "";
	FILE *f;

	/* The sections around the tasks are copied as they are. */
	tsec = strstr(plan, "\ntasks:\n");
	if (!tsec)
		bad_plan(path, "no top-level 'tasks:' line");
	tsec += strlen("\ntasks:\n");
	for (tail = tsec; tail < e && (*tail == ' ' || *tail == '#');
	     tail = next_line(tail, e))
		;
	for (p = tsec; p < tail; p = line) {
		line = next_line(p, tail);
		if (!starts(p, tail, "  - id: ")) {
			if (!nt)
				bad_plan(path, "tasks must start with '  - id: '");
			continue;
		}
		if (nt == MAX_RTASKS)
			bad_plan(path, "too many tasks");
		p += strlen("  - id: ");
		for (j = 0; p + j < line && p[j] != '.' && p[j] != '\n'; j++)
			;
		if (p[j] != '.' || j >= sizeof(rt[nt].group))
			bad_plan(path, "task ids must be GROUP.NUMBER");
		memcpy(rt[nt].group, p, j);
		rt[nt].group[j] = '\0';
		rt[nt].num = strtoul(p + j + 1, &end, 10);
		if (*end != '\n')
			bad_plan(path, "task ids must be GROUP.NUMBER");
		rt[nt].rest = line;
		if (nt)
			rt[nt - 1].rest_len = (size_t)(p - strlen("  - id: ") -
						       rt[nt - 1].rest);
		nt++;
	}
	if (!nt)
		bad_plan(path, "no tasks");
	rt[nt - 1].rest_len = (size_t)(tail - rt[nt - 1].rest);
	/* Copy k of task G.n is G.(n + k * largest n of G): ids stay unique
	 * and look like the real ones. */
	for (j = 0; j < nt; j++) {
		maxnum[j] = 0;
		for (g = 0; g < nt; g++)
			if (!strcmp(rt[g].group, rt[j].group) &&
			    rt[g].num > maxnum[j])
				maxnum[j] = rt[g].num;
	}
	mkdir_p(dir);
	path_join(out, sizeof(out), dir, "plan.yaml", "");
	f = create(out);
	fwrite(plan, 1, (size_t)(tsec - plan), f);
	for (i = 0; i < n; i++) {
		j = i % nt;
		k = i / nt;
		fprintf(f, "  - id: %s.%lu\n", rt[j].group,
			rt[j].num + k * maxnum[j]);
		fwrite(rt[j].rest, 1, rt[j].rest_len, f);
	}
	fwrite(tail, 1, (size_t)(e - tail), f);
	finish(f, out);

	/* Every department, with a state file but no entries yet. */
	path_join(out, sizeof(out), dir, "departments", "");
	mkdir_p(out);
	p = strstr(plan, "\ndepartments:\n");
	if (!p)
		bad_plan(path, "no top-level 'departments:' line");
	for (p = next_line(p + 1, e); p < e && (*p == ' ' || *p == '#' ||
					       *p == '\n');
	     p = next_line(p, e)) {
		char code[32], sub[64];

		if (!starts(p, e, "  - code: "))
			continue;
		p += strlen("  - code: ");
		for (j = 0; p[j] != '\n' && j < sizeof(code) - 1; j++)
			code[j] = p[j];
		code[j] = '\0';
		path_join(sub, sizeof(sub), "departments", code, "");
		path_join(out, sizeof(out), dir, sub, "");
		mkdir_p(out);
		path_join(out, sizeof(out), dir, sub, "/state.yaml");
		f = create(out);
		fprintf(f, "# plantrack state of department %s. Written by "
			"plantrack: do not edit by hand.\nformat: 1\n"
			"department: %s\nentries: []\n", code, code);
		finish(f, out);
	}
	/* The first task and the first code of its lead. */
	p = strstr(rt[0].rest, "lead:");
	p = p ? strstr(p, "codes: [") : NULL;
	if (!p || p > rt[0].rest + rt[0].rest_len)
		bad_plan(path, "the first task has no lead codes");
	p += strlen("codes: [");
	for (j = 0; p[j] && p[j] != ',' && p[j] != ']' && j < 31; j++)
		first_lead[j] = p[j];
	first_lead[j] = '\0';
	printf("%s.%lu %s\n", rt[0].group, rt[0].num, first_lead);
	free(plan);
}

int main(int argc, char **argv)
{
	struct entries es = { NULL, 0, 0 };
	char path[4096], sub[64];
	const char *dir;
	unsigned long long seed = 1;
	unsigned long i;
	unsigned d;
	size_t k;
	FILE *f;
	char *end;
	int a = 1, status = 2;

	if (argc == 5 && !strcmp(argv[1], "--plan-heavy")) {
		n_tasks = strtoul(argv[3], &end, 10);
		if (*end || !n_tasks || n_tasks > 10000000)
			goto usage;
		plan_heavy(argv[2], n_tasks, argv[4]);
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "--seed")) {
		seed = strtoull(argv[2], &end, 10);
		if (*end)
			goto usage;
		a = 3;
	}
	if (argc - a != 2)
		goto usage;
	n_tasks = strtoul(argv[a], &end, 10);
	if (*end || !n_tasks || n_tasks > 10000000)
		goto usage;
	dir = argv[a + 1];
	rng_state = seed;

	tasks = calloc(n_tasks, sizeof(*tasks));
	if (!tasks)
		die("calloc");
	for (i = 0; i < n_tasks; i++)
		make_task(&tasks[i]);

	mkdir_p(dir);
	path_join(path, sizeof(path), dir, "plan.yaml", "");
	f = create(path);
	write_plan(f);
	finish(f, path);

	path_join(path, sizeof(path), dir, "departments", "");
	mkdir_p(path);
	for (d = 0; d < N_DEPTS; d++) {
		es.n = 0;
		collect(d, &es);
		/* Each department's own clock: times strictly rising. */
		qsort(es.v, es.n, sizeof(*es.v), entry_cmp);
		for (k = 1; k < es.n; k++)
			if (es.v[k].t <= es.v[k - 1].t)
				es.v[k].t = es.v[k - 1].t + 1;
		path_join(sub, sizeof(sub), "departments", depts[d].code, "");
		path_join(path, sizeof(path), dir, sub, "");
		mkdir_p(path);
		path_join(path, sizeof(path), dir, sub, "/state.yaml");
		f = create(path);
		fprintf(f, "# plantrack state of department %s. Written by "
			"plantrack: do not edit by hand.\nformat: 1\n"
			"department: %s\nentries:\n", depts[d].code,
			depts[d].code);
		for (k = 0; k < es.n; k++)
			write_entry(f, d, &es.v[k]);
		finish(f, path);
		/* The texts reseeded the PRNG: carry on from a fresh,
		 * still deterministic, state. */
		rng_state = seed + d + 1;
	}
	/* A task and a department that leads it, for the benchmark's
	 * update. */
	task_id(path, sizeof(path), 0);
	printf("%s %s\n", path, depts[tasks[0].leads[0]].code);
	free(es.v);
	free(tasks);
	status = 0;
usage:
	if (status)
		fprintf(stderr, "usage: gen [--seed S] N DIR\n"
			"       gen --plan-heavy PLAN N DIR\n");
	return status;
}
