# needs: root
. ./lib.sh; init_data
at "2026-05-19 10:00:00" update II.3 --status in_progress --progress 50 --result "Đã rà soát 12 thủ tục: \"một cửa\" # 100%"
at "2026-05-19 10:05:00" update ii.3 --progress 50
at "2026-05-20 08:00:00" update II.3 --status done
cat $D/departments/HCC/state.yaml
at "2026-05-20 09:00:00" show II.3
at "2026-05-21 08:00:00" update II.3 --progress 80
