# needs: root
# The 6-month report printed in November: as of the departments' deadline (20/05).
. ./lib.sh; . ./fixtures/report-year.sh; report_year
at '2026-11-27 10:00:00' report h1 --format html
