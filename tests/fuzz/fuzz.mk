# tests/fuzz/fuzz.mk: fuzzing, included by the Makefile (which defines
# WARN, DEFS, YAML_CFLAGS, ALL_CFLAGS, ALL_LIBS, LIB_SRC, LIB, BUILD).
#
#   make fuzz [FUZZ_SECONDS=N]   each libFuzzer harness for N seconds (clang,
#                                ASan+UBSan, in $(FUZZ_BUILD)); fails on a crash,
#                                a leak or a hang, leaving the input in
#                                $(FUZZ_BUILD)/artifacts/
#   make fuzz-regress            every saved input (tests/fuzz/regress/ and the
#                                seeds) through the harnesses built with $(CC)
#                                in $(BUILD) and a plain main (driver.c), so
#                                that `make check` runs them with gcc, under
#                                ASan+UBSan, and under $(PT_WRAPPER) (valgrind)
#
# A new finding: minimise it (FUZZER -minimize_crash=1 -runs=100000 FILE),
# copy it to tests/fuzz/regress/plan/ or state/, fix, and fuzz-regress keeps it
# fixed.

FUZZ_BUILD   ?= build-fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
# Extra libFuzzer options, e.g. FUZZ_FLAGS='-seed=1 -only_ascii=1'.
FUZZ_FLAGS   ?=
FUZZ_TARGETS  = plan state snapshot memo yaml

# The library gets coverage counters and sanitizers; only the harness
# links libFuzzer's main. User CFLAGS are not used: they would change what
# is fuzzed (-O3, no -g).
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=all \
	       -fno-omit-frame-pointer
FUZZ_CFLAGS  = -std=c11 $(WARN) $(DEFS) -Iinclude $(YAML_CFLAGS) $(CPPFLAGS) \
	       -O1 -g $(FUZZ_SAN) -MMD -MP
FUZZ_OBJ     = $(LIB_SRC:src/%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_LIB     = $(FUZZ_BUILD)/libplantrack.a
FUZZ_BIN     = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_OPTS    = -dict=tests/fuzz/plantrack.dict -timeout=10 -rss_limit_mb=2048 \
	       -max_len=65536 -print_final_stats=1

$(FUZZ_BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $(FUZZ_OBJ)

# A harness may name link seams on a line "// LDFLAGS: ..." of its source,
# as unit tests do (fuzz_state: the clock, the user and fsync of the
# command sequences, tests/fuzz/cmdseq.h).
$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h tests/fuzz/cmdseq.h tests/fuzz/answer.h $(FUZZ_LIB)
	@$(if $(V),:,echo "  FUZZER  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -DPT_LIBFUZZER \
	    -DPT_SRCDIR='"$(CURDIR)"' \
	    $$(sed -n 's,^// LDFLAGS: ,,p' $<) -o $@ $< $(FUZZ_LIB) $(ALL_LIBS)

# One harness after the other, FUZZ_SECONDS each: the run takes a known
# time, and a failure names its harness. The corpus grows in
# $(FUZZ_BUILD)/corpus/ (kept between runs); tests/fuzz/corpus/ holds only
# the seeds (data/plan.yaml and the test fixtures) and is never written.
fuzz: $(FUZZ_BIN)
	$(Q)for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/artifacts || exit 1; \
	    echo "  FUZZ    $$t for $(FUZZ_SECONDS) s"; \
	    $(FUZZ_BUILD)/fuzz_$$t $(FUZZ_OPTS) $(FUZZ_FLAGS) \
	        -max_total_time=$(FUZZ_SECONDS) \
	        -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- \
	        $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t \
	        2>$(FUZZ_BUILD)/fuzz-$$t.log || { \
	        tail -n 60 $(FUZZ_BUILD)/fuzz-$$t.log >&2; \
	        echo "fuzz: $$t failed; input in $(FUZZ_BUILD)/artifacts/" >&2; \
	        exit 1; }; \
	    awk -v t=$$t '/^Done [0-9]+ runs/ { printf "  %s: %s runs in %s s, " \
	        "nothing found\n", t, $$2, $$5 }' $(FUZZ_BUILD)/fuzz-$$t.log; \
	done

# ---- the same harnesses without libFuzzer, in the normal build ----
FUZZ_REGRESS_BIN = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)

$(BUILD)/fuzz/obj/%.o: tests/fuzz/%.c tests/fuzz/fuzz.h tests/fuzz/cmdseq.h tests/fuzz/answer.h
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -DPT_SRCDIR='"$(CURDIR)"' -c -o $@ $<

$(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/obj/fuzz_%.o $(BUILD)/fuzz/obj/driver.o $(LIB)
	@$(if $(V),:,echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $$(sed -n 's,^// LDFLAGS: ,,p' tests/fuzz/fuzz_$*.c) \
	    -o $@ $< $(BUILD)/fuzz/obj/driver.o $(LIB) $(ALL_LIBS)

fuzz-regress: $(FUZZ_REGRESS_BIN)
	@PT_WRAPPER='$(PT_WRAPPER)' sh tests/fuzz/regress.sh $(BUILD)

.PRECIOUS: $(BUILD)/fuzz/obj/%.o
.PHONY: fuzz fuzz-regress

-include $(FUZZ_OBJ:.o=.d) $(FUZZ_BIN:=.d) $(wildcard $(BUILD)/fuzz/obj/*.d)
