# needs: root
# Issue 9: status and progress never contradict. 100% is done (and says
# so), 1-99% starts a task, not started is 0%; a contradiction is a usage
# error; the report's words work as statuses.
. ./lib.sh; init_data
at '2026-03-02 08:00:00' update V.1 --progress 100; echo "exit $?"
at '2026-03-02 08:01:00' update V.1 --status not_started; echo "exit $?"
at '2026-03-02 08:02:00' update V.1 --progress 40; echo "exit $?"
at '2026-03-02 08:03:00' update V.1 --status done --progress 40; echo "exit $?"
at '2026-03-02 08:03:00' update V.1 --status not_started --progress 5; echo "exit $?"
at '2026-03-02 08:03:00' update V.1 --status in_progress --progress 100; echo "exit $?"
at '2026-03-02 08:04:00' update V.1 --status "Hoàn thành"; echo "exit $?"
at '2026-03-02 08:05:00' update V.1 --status in_progress; echo "exit $?"
at '2026-03-02 08:05:00' update V.1 --status "dang thuc hien" --progress 90; echo "exit $?"
at '2026-03-02 08:06:00' update V.1 --status "chưa xong"; echo "exit $?"
$PT -d $D show V.1 | grep 'Tiến độ'
