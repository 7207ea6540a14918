# A Word or OpenDocument file is a zip archive: not for a terminal, where it
# would be garbage; -o FILE or a redirection writes it, and -o NAME.docx
# chooses the format by itself.
script -qec "$PT -d ../../data report h1 --format docx; echo exit \$?" /dev/null | tr -d "\r"
script -qec "$PT -d ../../data report h1 --format odt >$TMP/r.odt; echo exit \$?" /dev/null | tr -d "\r"
head -c 2 $TMP/r.odt; echo
$PT -d ../../data report h1 -o $TMP/bao-cao.DOCX && head -c 2 $TMP/bao-cao.DOCX; echo
