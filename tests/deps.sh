#!/bin/sh
# Installs the Debian packages the build and the tests need, where they are
# missing. As root it runs apt-get; otherwise it prints the exact command.
# Usage: sh tests/deps.sh [run|check]   (default check: everything)
what=${1:-check}
missing=
need() {	# need PACKAGE TEST...
	pkg=$1; shift
	if ! "$@" >/dev/null 2>&1; then missing="$missing $pkg"; fi
}
have_header() { [ -f "/usr/include/$1" ] || [ -f "/usr/include/x86_64-linux-gnu/$1" ] \
	|| [ -n "$(find /usr/include -name "$1" -print -quit 2>/dev/null)" ]; }

need make command -v make
need gcc command -v cc
need pkg-config command -v pkg-config
need libyaml-dev have_header yaml.h
need libunistring-dev have_header unistr.h
need libzip-dev have_header zip.h
if [ "$what" = check ]; then
	need libcmocka-dev have_header cmocka.h
	need valgrind command -v valgrind
	need python3 command -v python3
	need faketime command -v faketime
fi
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
