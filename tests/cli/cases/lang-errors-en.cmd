# One error of each kind in English (--lang en): usage, a plan file, a state
# file, the store; and what init, check and history say (tests/cli/lang-errors.sh).
. ./lib.sh; . ./lang-errors.sh
L="--lang en" lang_errors
