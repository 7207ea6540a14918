# Every command's help and one error each, in English (--lang en).
for c in $($PT __complete commands); do
	echo "== $c"
	$PT --lang en help $c
	# indicator's options follow its subcommand.
	[ $c = indicator ] && c="indicator set"
	$PT --lang en $c --no-such-option 2>&1
	echo "exit $?"
done
