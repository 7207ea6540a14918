# plantrack: plain Makefile. User CFLAGS/LDFLAGS/CPPFLAGS are added to, never replaced.
#
#   make            build build/plantrack
#   make run        install missing build dependencies, build, show the bundled plan
#   make check      the same set-up, then every test (unit, CLI, ASan+UBSan, valgrind)
#   make install    PREFIX=/usr/local DESTDIR= STATEDIR=/var/lib/plantrack
#                   INSTALL_GROUP=plantrack (as root: setgid, docs/administration.md)
#   make po         refresh po/plantrack.pot from the sources, merge po/vi.po
#   make bench      benchmarks (never part of check)

.SUFFIXES:

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/plantrack
MANDIR   ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
COMPLETIONSDIR ?= $(PREFIX)/share/bash-completion/completions
STATEDIR ?= /var/lib/plantrack
# The group the installed binary is setgid to, and that owns STATEDIR
# (spool mode, docs/administration.md). Staff must not be in it.
INSTALL_GROUP ?= plantrack

CC       ?= cc
CFLAGS   ?= -O2 -g
PKG_CONFIG ?= pkg-config
BUILD    ?= build
# V=1 shows the full commands.
Q = $(if $(V),,@)

WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wpointer-arith -Wformat=2 -Wvla -Wcast-align -Wwrite-strings \
       -Wundef -Wnull-dereference -Wdouble-promotion -Wredundant-decls
DEFS = -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
       -DPT_VERSION='"$(VERSION)"' \
       -DPT_DEFAULT_DATA='"$(STATEDIR)"' \
       -DPT_BUNDLED_PLAN='"$(DATADIR)/plan.yaml"' \
       -DPT_LOCALEDIR='"$(LOCALEDIR)"' \
       -DPT_BUILD_DIR='"$(abspath $(BUILD))"' -DPT_SOURCE_DIR='"$(CURDIR)"' \
       -DPT_LIBZIP_SONAME='"$(ZIP_SONAME)"'

YAML_CFLAGS   = $$($(PKG_CONFIG) --cflags yaml-0.1)
YAML_LIBS     = $$($(PKG_CONFIG) --libs yaml-0.1)
CMOCKA_CFLAGS = $$($(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS   = $$($(PKG_CONFIG) --libs cmocka)
# libunistring ships no .pc file.
UNISTRING_LIBS = -lunistring
# libzip writes the .docx and .odt reports (zip archives of XML). The
# program opens it with dlopen when it writes one (src/doc_zip.c says why):
# it is built against the headers and finds the library by its soname; the
# unit tests, which read archives back, link it.
ZIP_CFLAGS    = $$($(PKG_CONFIG) --cflags libzip)
ZIP_LIBS      = $$($(PKG_CONFIG) --libs libzip)
ZIP_SONAME   := $(or $(shell readelf -d "$$($(PKG_CONFIG) --variable=libdir libzip 2>/dev/null)/libzip.so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p'),libzip.so.4)

ALL_CFLAGS = -std=c11 $(WARN) $(DEFS) -Iinclude $(YAML_CFLAGS) $(ZIP_CFLAGS) $(CPPFLAGS) $(CFLAGS) -MMD -MP
ALL_LIBS   = $(YAML_LIBS) $(UNISTRING_LIBS) -ldl -pthread $(LDLIBS)

LIB_SRC  = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
MAIN_OBJ = $(BUILD)/obj/main.o
LIB      = $(BUILD)/libplantrack.a
BIN      = $(BUILD)/plantrack

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# Message catalogues (docs/i18n.md): compiled into the build tree too, so
# that build/plantrack speaks Vietnamese before 'make install'.
LINGUAS  = vi
MO       = $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/plantrack.mo)

all: $(BIN) $(MO)

# ---- benchmark and fuzzing (tests/bench, tests/fuzz) ----
include tests/bench/bench.mk tests/fuzz/fuzz.mk

# The paths compiled in (STATEDIR decides where an installed binary keeps
# its privilege): objects are rebuilt when they change, e.g. between
# 'make' and 'make install STATEDIR=...'. The file is brought up to date
# as the Makefile is read, not by a rule that always runs: such a rule
# took a job slot first, and 'check' then started its longest suite
# (valgrind's) some 20 s after two shorter ones.
SETTINGS = $(BUILD)/settings
SETTINGS_TEXT = $(VERSION) $(STATEDIR) $(DATADIR)
$(shell mkdir -p $(BUILD) && { echo "$(SETTINGS_TEXT)" | \
    cmp -s - $(SETTINGS) 2>/dev/null || echo "$(SETTINGS_TEXT)" >$(SETTINGS); })
# Only when it is gone since ('make clean all').
$(SETTINGS):
	@mkdir -p $(@D)
	@echo "$(SETTINGS_TEXT)" >$@

$(BUILD)/obj/%.o: src/%.c $(SETTINGS)
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $(LIB_OBJ)

$(BIN): $(MAIN_OBJ) $(LIB)
	@$(if $(V),:,echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(BIN_LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(ALL_LIBS)

# A unit test may name link seams (-Wl,--wrap=fsync ...) on a line
# "// LDFLAGS: ..." of its source.
$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(LIB)
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -MT $@ $(CMOCKA_CFLAGS) -Itests/unit -DPT_SRCDIR='"$(CURDIR)"' -c -o $@.o $<
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $$(sed -n 's,^// LDFLAGS: ,,p' $<) -o $@ $@.o $(LIB) $(CMOCKA_LIBS) $(ALL_LIBS) $(ZIP_LIBS)

unit: $(UNIT_BIN)

$(BUILD)/locale/%/LC_MESSAGES/plantrack.mo: po/%.po
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  MSGFMT  $<")
	$(Q)msgfmt --check -o $@ $<

# The template is committed; 'make po' refreshes it and merges each
# language (fuzzy matches kept for the translator, obsolete ones dropped).
po:
	sh po/xgettext.sh po/plantrack.pot $(VERSION)
	for l in $(LINGUAS); do \
	    msgmerge --quiet --update --backup=none --add-location=file \
	        po/$$l.po po/plantrack.pot && \
	    msgattrib --no-obsolete -o po/$$l.po po/$$l.po || exit 1; \
	done

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_BIN:=.d)

# ---- set-up: install what the build needs (Debian) ----
deps:
	@sh tests/deps.sh check

run:
	@sh tests/deps.sh run
	@$(MAKE) --no-print-directory all
	@echo "== plantrack on the bundled plan (data/plan.yaml) =="
	@$(BIN) --data data indicators
	@echo
	@$(BIN) --data data list --wide

# ---- tests ----
# check: every suite once on the plain build (test-core, test-rest), the
# finest-grained ones again under ASan+UBSan and valgrind, and the
# portable paths. The system and rendering tests (test-rest) drive the
# same binary through slower tools and run once.
# The suites share nothing but the plain build, which is made first, so
# that two suites never build the same file at once; then they run two at
# a time, the longest first (valgrind's, about three minutes, beside the
# ASan build and its run, then the rest as a core comes free): every test
# makes its own temporary directory. libfaketime is preloaded by some CLI
# cases; ASan then must not insist on being first in the library list,
# nor read the clock when its allocator maps a size class's first region
# (allocator_release_to_os_interval_ms=-1): that read went to libfaketime
# before its set-up, whose dlsym failed and allocated in the same size
# class, and the run hung on the allocator's lock (seen: 'submit' under
# faketime, in a clone whose path had another length; no timeout).
# The program's sanitizer runtimes are linked statically (BIN_LDFLAGS):
# the ASan CLI run starts it some 900 times, and a run took 78 ms with
# libasan.so and 55 without, most of it LeakSanitizer's at exit. Not the
# unit tests': their -Wl,--wrap seams would catch the runtime's own calls.
check: deps
	@sh tests/i18n/po-check.sh $(LINGUAS)
	@sh tests/i18n/man.sh
	@$(MAKE) --no-print-directory -j2 $(BIN) $(MO) $(UNIT_BIN) \
	    $(FUZZ_REGRESS_BIN)
	@$(MAKE) --no-print-directory -j2 test-valgrind test-asan test-rest \
	    test-core test-portable
	@echo "check: all suites passed"

test-asan:
	@ASAN_OPTIONS=verify_asan_link_order=0:allocator_release_to_os_interval_ms=-1 \
	    PT_SKIP_ONCE=1 \
	    $(MAKE) --no-print-directory test-core BUILD=build-asan \
	    CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined' \
	    BIN_LDFLAGS='-static-libasan -static-libubsan'

# The portable paths of the code that goes sixteen bytes at a time with
# SSE2 (what Debian's other architectures run): the unit tests that
# compare those paths with slow references, built without __SSE2__.
PORTABLE_TESTS = test_csv test_doc test_json test_table test_utf8 test_util
test-portable:
	@$(MAKE) --no-print-directory BUILD=build-portable \
	    CFLAGS='-O1 -g -U__SSE2__' \
	    $(addprefix build-portable/tests/,$(PORTABLE_TESTS))
	@sh tests/run-unit.sh build-portable

# The unit tests, the CLI cases, the pseudo-language and the fuzz corpus.
test-core: $(BIN) $(MO) $(UNIT_BIN)
	@sh tests/run-unit.sh $(BUILD)
	@sh tests/cli/run.sh $(BIN)
	@sh tests/i18n/pseudo.sh $(BIN)
	@$(MAKE) --no-print-directory fuzz-regress

test: test-core test-rest

# What drives the plain binary through other tools: the installed
# translation, completion, the report's renderings, the plan's text, the
# system tests.
test-rest: $(BIN) $(MO)
	@sh tests/i18n/installed.sh $(BIN)
	@bash tests/completion/test.sh $(BIN)
	@sh tests/report/html-chromium.sh $(BIN)
	@sh tests/report/docx-python.sh $(BIN)
	@sh tests/report/libreoffice.sh $(BIN)
	@python3 tests/data/check_plan_text.py data/plan.yaml data/source/ke-hoach-02-nq-cp-viet-khe.txt
	@sh tests/system/run.sh $(BIN)

test-valgrind: $(BIN) $(MO) $(UNIT_BIN) $(FUZZ_REGRESS_BIN)
	@PT_WRAPPER='valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --track-fds=no' \
	    sh tests/run-unit.sh $(BUILD)
	@# The CLI cases under valgrind: a list that reaches every command and
	@# error path (tests/cli/valgrind.list); the ASan build runs them all.
	@PT_WRAPPER='valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite' \
	    PT_CASES=tests/cli/valgrind.list sh tests/cli/run.sh $(BIN)
	@$(MAKE) --no-print-directory fuzz-regress \
	    PT_WRAPPER='valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite'


# One file per run: clang-tidy 14 misfires across files (llvm-project#40656);
# the runs go in parallel, one target each.
TIDY := $(addprefix tidy/,$(LIB_SRC) src/main.c)
$(TIDY): tidy/%: FORCE
	@clang-tidy --quiet $* -- -std=c11 -Iinclude $(DEFS) 2>/dev/null

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	    --std=c11 --inline-suppr -Iinclude $(DEFS) src
	@$(MAKE) --no-print-directory -j"$$(nproc 2>/dev/null || echo 2)" $(TIDY)
	@sh tests/lint/prefetch.sh $(CC) -std=c11 $(DEFS) -Iinclude \
	    $(YAML_CFLAGS) $(ZIP_CFLAGS) -O2
	@echo "lint: cppcheck and clang-tidy found nothing; every prefetch made"

# ---- install ----
install: $(BIN) $(MO)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/vi/man1 $(DESTDIR)$(COMPLETIONSDIR)
	cp $(BIN) $(DESTDIR)$(BINDIR)/plantrack
	chmod 755 $(DESTDIR)$(BINDIR)/plantrack
	cp data/plan.yaml $(DESTDIR)$(DATADIR)/plan.yaml
	chmod 644 $(DESTDIR)$(DATADIR)/plan.yaml
	cp docs/plantrack.1 $(DESTDIR)$(MANDIR)/man1/plantrack.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/plantrack.1
	cp docs/vi/plantrack.1 $(DESTDIR)$(MANDIR)/vi/man1/plantrack.1
	chmod 644 $(DESTDIR)$(MANDIR)/vi/man1/plantrack.1
	for l in $(LINGUAS); do \
	    mkdir -p $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    cp $(BUILD)/locale/$$l/LC_MESSAGES/plantrack.mo \
	        $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/plantrack.mo && \
	    chmod 644 $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/plantrack.mo || exit 1; \
	done
	cp completion/plantrack.bash $(DESTDIR)$(COMPLETIONSDIR)/plantrack
	chmod 644 $(DESTDIR)$(COMPLETIONSDIR)/plantrack
	@# Spool mode, as crontab(1) and at(1): as root and without DESTDIR,
	@# the binary becomes setgid INSTALL_GROUP (a system group, created
	@# when missing) and STATEDIR root's and that group's. chown before
	@# chmod: chown clears the setgid bit. Packages do this at install.
	@if [ -n "$(DESTDIR)" ] || [ "$$(id -u)" -ne 0 ]; then \
	    echo "install: not root (or DESTDIR): $(BINDIR)/plantrack is not setgid $(INSTALL_GROUP); see docs/administration.md"; \
	else \
	    getent group $(INSTALL_GROUP) >/dev/null || \
	        groupadd --system $(INSTALL_GROUP) || exit 1; \
	    chown root:$(INSTALL_GROUP) $(BINDIR)/plantrack && \
	    chmod 2755 $(BINDIR)/plantrack && \
	    mkdir -p $(STATEDIR) && \
	    chown root:$(INSTALL_GROUP) $(STATEDIR) && \
	    chmod 2755 $(STATEDIR) || exit 1; \
	    echo "install: $(BINDIR)/plantrack is setgid $(INSTALL_GROUP); data directory $(STATEDIR)"; \
	fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/plantrack $(DESTDIR)$(DATADIR)/plan.yaml \
	    $(DESTDIR)$(MANDIR)/man1/plantrack.1 $(DESTDIR)$(MANDIR)/vi/man1/plantrack.1 \
	    $(DESTDIR)$(COMPLETIONSDIR)/plantrack \
	    $(LINGUAS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/plantrack.mo)
	-rmdir $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-bench build-fuzz build-portable

FORCE:

.PHONY: all unit po deps run check test test-core test-rest test-asan test-valgrind test-portable lint install uninstall clean FORCE
