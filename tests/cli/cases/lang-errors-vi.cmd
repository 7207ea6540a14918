# The same as lang-errors-en, in the default language (Vietnamese).
. ./lib.sh; . ./lang-errors.sh
L= lang_errors
