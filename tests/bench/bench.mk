# tests/bench/bench.mk: the benchmark, included by the Makefile (which
# defines WARN, YAML_CFLAGS, YAML_LIBS, CC, MAKE).
#
#   make bench [BENCH_SIZES='25 1000'] [BENCH_SHAPES='plan state']
#              [BENCH_RUNS=N]
#
# Builds plantrack with -O2 in $(BENCH_BUILD), the data generator, the
# floor (a libyaml-only parser of the same files) and the stopwatch
# (timeit.c: a command's own wall and CPU time), then runs
# tests/bench/run.sh, which times every read command cold (--no-snapshot:
# the YAML parsed) and warm (the data directory's snapshot used, and
# checked to be) and an update cold and warm (on a copy whose snapshot is
# valid, the update then saving it again: checked to be) at every N on
# both data shapes (plan-heavy, state-heavy), and Taskwarrior's list and
# summary on the same tasks when `task` is installed, and writes the
# tables into docs/performance.md. BENCH_RUNS: the rounds of timed runs at
# every N (by default 30, 15, 5 and 3 at N = 25, 1 000, 10 000, 100 000).
# Speed is measured here, never asserted by `make check`. N = 100 000
# needs about 400 MB of disk for the data kept in $(BENCH_BUILD)/data
# (both shapes and their snapshots), room for one data set's outputs,
# which the warm runs' are compared with, and for the update's two copies
# of one data set and the warm copy's snapshot (about 450 MB for the
# state-heavy one; N = 10 000's two are kept while N = 100 000's run, to
# pair the update's growth as the reads' is: 220 MB more), and for the report cache's kept reports (about 370 MB
# for the five formats of one data set at N = 100 000); the whole run took
# 8 minutes on two cores (16:05 run of 12-06, warm update included), 9.5
# with the drawn reports and Taskwarrior (18:34 run), 11 to 15 on busier
# machines, most of it at N = 100 000.

BENCH_BUILD  ?= build-bench
BENCH_SIZES  ?= 25 1000 10000 100000
BENCH_SHAPES ?= plan state
BENCH_OUT    ?= docs/performance.md
BENCH_CFLAGS  = -std=c11 $(WARN) -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -O2 -g

$(BENCH_BUILD)/gen: tests/bench/gen.c
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_BUILD)/floor: tests/bench/floor.c
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) $(BENCH_CFLAGS) $(YAML_CFLAGS) -o $@ $< $(YAML_LIBS)

$(BENCH_BUILD)/timeit: tests/bench/timeit.c
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) $(BENCH_CFLAGS) -o $@ $<

# plantrack itself through the Makefile's own rules, in its own build
# directory: -O2 -g whatever CFLAGS the caller set (sanitizers would be
# measured otherwise). GNU time gives the peak RSS.
bench: $(BENCH_BUILD)/gen $(BENCH_BUILD)/floor $(BENCH_BUILD)/timeit
	@command -v /usr/bin/time >/dev/null 2>&1 || \
	    { [ "$$(id -u)" -eq 0 ] && apt-get install -y -qq time >/dev/null; } || \
	    { echo "bench: GNU time is missing: apt-get install -y time" >&2; exit 1; }
	@$(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) CFLAGS='-O2 -g' \
	    $(BENCH_BUILD)/plantrack
	@BENCH_SIZES='$(BENCH_SIZES)' BENCH_SHAPES='$(BENCH_SHAPES)' \
	    BENCH_RUNS='$(BENCH_RUNS)' bash tests/bench/run.sh $(BENCH_BUILD) \
	    $(BENCH_OUT)

.PHONY: bench
