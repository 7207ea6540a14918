# needs: root
. ./lib.sh; init_data
at "2026-05-19 11:00:00" submit --period h1 --dept HCC
at "2026-05-20 11:00:00" submit --period h1 --dept HCC
at "2026-05-21 16:00:00" submit --period h1 --consolidated --force
at "2026-05-21 16:00:00" submit --period h1 --consolidated --dept HCC; echo "exit $?"
at "2026-05-21 16:00:00" submit --period h1; echo "exit $?"
at "2026-05-21 16:00:00" submit --period q9 --dept KT; echo "exit $?"
at "2026-05-21 16:00:00" submit --dept KT; echo "exit $?"
