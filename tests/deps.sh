#!/bin/sh
# Installs the Debian packages the build and the tests need, where they are
# missing. As root it runs apt-get; otherwise it prints the exact command.
# Usage: sh tests/deps.sh [run|check]   (default check: everything)
#
# Packages are asked of dpkg by name: a header or a command of the same name
# may come from another package (ICU ships a unicode/unistr.h, which once
# passed for libunistring's unistr.h). One package per line.
what=${1:-check}
# To build and run (make run).
pkgs="
make
gcc
pkg-config
libyaml-dev
libunistring-dev
libzip-dev
gettext
"
# To test (make check): cmocka, valgrind, python3 (the checkers),
# libfaketime (records and checks on a chosen day), groff (tests/i18n/man.sh
# renders both manual pages; minimal images have no man-db to bring it).
[ "$what" = check ] && pkgs="$pkgs
libcmocka-dev
valgrind
python3
faketime
groff-base
"
pkgs=$(echo $pkgs)	# one line

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: not a Debian system; make sure these or their equivalents" \
	     "are installed: $pkgs" >&2
	exit 0
fi
missing=
for p in $pkgs; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	{ apt-get update -qq && $cmd -qq; } >/tmp/plantrack-apt.log 2>&1 || {
		cat /tmp/plantrack-apt.log >&2
		echo "deps: apt-get failed; run as root: apt-get update && $cmd" >&2
		exit 1
	}
	exit 0
fi
echo "deps: missing:$missing" >&2
echo "deps: run as root: apt-get update && $cmd" >&2
exit 1
