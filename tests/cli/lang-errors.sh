# One error of each kind, and the outputs of init, check and history, for
# the lang-errors-en and lang-errors-vi cases (sourced after ./lib.sh with
# L set to the --lang option, or empty for the default language): the
# catalogue speaks for usage, data files (FILE:LINE:COL, libyaml's words
# too), the store, check and history.
lang_errors() {
	# run ARGS...: plantrack's stdout and stderr, in order, and its exit
	# status.
	run() {
		$PT $L "$@" >"$TMP/.o" 2>&1
		rc=$?
		cat "$TMP/.o"
		echo "exit $rc"
	}
	echo "== init"
	# Without the warnings about Unix groups, which depend on the host.
	$PT $L -d "$D" init --plan ../../data/plan.yaml 2>/dev/null
	echo "exit $?"
	run -d "$D" init --plan ../../data/plan.yaml
	echo "== usage"
	run -d "$D" check --within soon
	run -d "$D" export --format csv
	run -d "$D" history IX.9
	run -d "$D" report
	echo "== a plan file"
	run validate ../fixtures/plan/errors.yaml | sed -n '1,12p;$p'
	printf 'format: 1\nplan: [\n  x: 1\n' >"$TMP/syntax.yaml"
	run validate "$TMP/syntax.yaml"
	run validate "$TMP/nosuch.yaml"
	echo "== check and history"
	cp ../fixtures/state/kt.yaml "$D/departments/KT/state.yaml"
	run -d "$D" check --today 2026-05-20 --dept KT
	run -d "$D" check --today 2026-11-16 --dept KT
	run -d "$D" history --dept KT
	echo "== state files and the store"
	cp ../fixtures/state/errors.yaml "$D/departments/HCC/state.yaml"
	printf 'format: 1\ndepartment: VHXH\nentries: [\n' \
		>"$D/departments/VHXH/state.yaml"
	mkdir "$D/departments/DVC/state.yaml"
	run -d "$D" validate | sed -n '1,4p;/VHXH/p;/DVC/p;$p'
	rmdir "$D/departments/DVC/state.yaml"
	ln -s /etc/passwd "$D/departments/DVC/state.yaml"
	run -d "$D" check --today 2026-05-20 --dept KT | grep -v 'HCC/state.yaml:[0-9]'
}
