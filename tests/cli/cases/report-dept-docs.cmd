# needs: root
# A department's own report: issued by it under the commune's committee, to
# the committee through Phòng Kinh tế, signed by its head (the name left to
# be written by hand); the duties of Tổ chức thực hiện it takes part in; its
# own proposals; and what it contributed to tasks others lead.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
$PT -d $D report annual --as-of 2026-11-20 --dept HCC --format md
