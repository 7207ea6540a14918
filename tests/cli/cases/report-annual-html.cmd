# needs: root
# The annual report as of the consolidated deadline: a late, a missing and a pending report.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
$PT -d $D report annual --as-of 2026-11-20 --format html
