# needs: root
. ./lib.sh; init_data
at "2026-05-19 10:00:00" update II.3 --result "$(printf "Vie\\314\\202\\314\\243t")" >/dev/null
grep result $D/departments/HCC/state.yaml | od -c | head -3
