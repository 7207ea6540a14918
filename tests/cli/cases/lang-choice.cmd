# Which language speaks (the usage line of 'help'), by precedence:
# --lang > LANGUAGE > LC_ALL > LC_MESSAGES > DATA/language > vi.
# run.sh exports LC_ALL=C.UTF-8, which names no language.
. ./lib.sh; init_data
say() { echo "$1: $(sed -n 3p)"; }
echo "## DATA/language after init: $(cat $D/language)"
$PT help | say "default"
$PT --lang en help | say "--lang en"
$PT --lang=en help | say "--lang=en"
$PT --lang vi help | say "--lang vi"
LANGUAGE=en $PT help | say "LANGUAGE=en"
LANGUAGE=fr:vi:en $PT help | say "LANGUAGE=fr:vi:en"
LANGUAGE=fr $PT help | say "LANGUAGE=fr (no catalogue: the source)"
LANGUAGE=en $PT --lang vi help | say "--lang vi, LANGUAGE=en"
LC_ALL=en_US.UTF-8 $PT help | say "LC_ALL=en_US.UTF-8 (not even generated)"
LC_ALL=C $PT help | say "LC_ALL=C"
LC_MESSAGES=en_GB.UTF-8 $PT help | say "LC_MESSAGES=en_GB.UTF-8"
LC_ALL=vi_VN.UTF-8 LC_MESSAGES=en_GB.UTF-8 $PT help | say "LC_ALL=vi_VN, LC_MESSAGES=en_GB"
LANG=en_US.UTF-8 $PT help | say "LANG=en_US.UTF-8 alone"
echo en >$D/language
$PT -d $D help | say "DATA/language=en"
PLANTRACK_DATA=$D $PT help | say "PLANTRACK_DATA, DATA/language=en"
LANGUAGE=vi $PT -d $D help | say "LANGUAGE=vi, DATA/language=en"
$PT -d $D --lang vi help | say "--lang vi, DATA/language=en"
LC_ALL=C $PT -d $D help | say "LC_ALL=C, DATA/language=en"
echo "## refused settings: a warning naming the file, never its content"
echo english >$D/language; $PT -d $D version
rm $D/language; ln -s /etc/hostname $D/language; $PT -d $D version
rm $D/language; mkfifo $D/language; $PT -d $D version
rm $D/language; head -c 100 /dev/zero >$D/language; $PT -d $D version
echo "## a bad setting is not read when --lang decides"
$PT -d $D --lang en version
echo "## usage errors"
$PT --lang fr help; echo "exit $?"
$PT --lang en --lang xx help; echo "exit $?"
$PT --lang; echo "exit $?"
$PT --lang en list --lang vi; echo "exit $?"
$PT --lang en list --lang=vi; echo "exit $?"
