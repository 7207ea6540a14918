# Every command's help and one error each, in the default language (vi).
for c in $($PT __complete commands); do
	echo "== $c"
	$PT help $c
	# indicator's options follow its subcommand.
	[ $c = indicator ] && c="indicator set"
	$PT $c --no-such-option 2>&1
	echo "exit $?"
done
