#!/bin/sh
# Where plantrack finds its catalogue and its bundled plan (paths.h).
#
# usage: sh tests/i18n/installed.sh BINARY     (BINARY: BUILD/plantrack)
#
# Checks:
#   The uninstalled build speaks Vietnamese and 'init' without --plan
#     installs the source tree's data/plan.yaml.
#   It honours PLANTRACK_TEST_LOCALEDIR (the control for what follows).
#   A copy outside the build directory (an installed binary) ignores
#     PLANTRACK_TEST_LOCALEDIR and the build tree, and its 'init' looks for
#     the installed plan.
#   As root, with runuser, the user nobody and the group daemon: a copy
#     inside the build directory, setgid daemon and run by nobody, ignores
#     them too, while the same copy without the setgid bit honours them
#     (skipped otherwise, and where nobody cannot reach the build directory,
#     as in a clone inside a 0700 directory).
bin=${1:?usage: sh tests/i18n/installed.sh BINARY}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(dirname "$bin")
tmp=$(mktemp -d) || exit 1
copy=$build/plantrack-i18n-test.$$
trap 'rm -rf "$tmp" "$copy"' EXIT
export LC_ALL=C.UTF-8
unset LANGUAGE LC_MESSAGES PLANTRACK_DATA PLANTRACK_TEST_LOCALEDIR
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: i18n/installed: $*" >&2; }
# marked FILE: the output is in the pseudo-language.
marked() { grep -q '⟦' "$1"; }

# shellcheck source=lib.sh
. "$here/lib.sh"
make_pseudo "$tmp" || exit 1
chmod -R a+rX "$tmp"

# The uninstalled build, as a newcomer runs it.
"$bin" help >"$tmp/out" 2>&1
grep -q '^cách dùng: plantrack' "$tmp/out" && ok ||
	bad "build/plantrack does not speak Vietnamese: $(head -1 "$tmp/out")"
if "$bin" -d "$tmp/data" init >"$tmp/out" 2>&1 &&
	cmp -s "$tmp/data/plan.yaml" "$root/data/plan.yaml" &&
	[ "$(cat "$tmp/data/language")" = vi ]; then
	ok
else
	bad "init from the build tree: $(cat "$tmp/out")"
fi
PLANTRACK_TEST_LOCALEDIR=$tmp/locale "$bin" help >"$tmp/out" 2>&1
marked "$tmp/out" && ok || bad "the build ignores PLANTRACK_TEST_LOCALEDIR"

# An installed binary: anywhere but its build directory.
cp "$bin" "$tmp/plantrack"
PLANTRACK_TEST_LOCALEDIR=$tmp/locale "$tmp/plantrack" help >"$tmp/out" 2>&1
marked "$tmp/out" && bad "an installed binary reads PLANTRACK_TEST_LOCALEDIR" || ok
if "$tmp/plantrack" -d "$tmp/data2" init >"$tmp/out" 2>&1; then
	echo "i18n/installed: init of an installed binary skipped: a plan is installed"
	skip=$((skip + 1))
elif grep -q "$root/data/plan.yaml" "$tmp/out"; then
	bad "an installed binary's init used the source tree's plan"
elif grep -q "'make install'" "$tmp/out"; then
	ok
else
	bad "init without an installed plan gives no hint: $(cat "$tmp/out")"
fi

# Privileged: setgid, run by another user.
if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1 &&
	id nobody >/dev/null 2>&1 && getent group daemon >/dev/null 2>&1 &&
	runuser -u nobody -- test -x "$build" 2>/dev/null; then
	cp "$bin" "$copy"
	chmod 755 "$copy"
	runuser -u nobody -- env PLANTRACK_TEST_LOCALEDIR="$tmp/locale" \
		"$copy" help >"$tmp/out" 2>&1
	marked "$tmp/out" && ok ||
		bad "control: nobody's unprivileged copy in $build: $(head -1 "$tmp/out")"
	chgrp daemon "$copy" && chmod 2755 "$copy"
	runuser -u nobody -- env PLANTRACK_TEST_LOCALEDIR="$tmp/locale" \
		"$copy" help >"$tmp/out" 2>&1
	marked "$tmp/out" && bad "a setgid plantrack reads PLANTRACK_TEST_LOCALEDIR" || ok
	runuser -u nobody -- "$copy" -d "$tmp/data3" init >"$tmp/out" 2>&1
	grep -q "$root/data/plan.yaml" "$tmp/out" &&
		bad "a setgid plantrack's init used the source tree's plan" || ok
else
	echo "i18n/installed: setgid case skipped: needs root, runuser, nobody," \
		"group daemon, and nobody able to reach $build"
	skip=$((skip + 1))
fi
echo "i18n/installed: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
