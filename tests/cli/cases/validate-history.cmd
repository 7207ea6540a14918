# needs: root
# Issue 10 item 4: the history is checked. Entries out of the order they
# were recorded, entries from the future (more than 10 minutes ahead of
# the clock), and user names that are not plain names are refused by
# validate (and by every reader) with FILE:LINE:COL. A backdated submit
# "by root" appended by hand is caught.
. ./lib.sh; init_data
at '2026-05-25 09:00:00' update III.2 --progress 10 >/dev/null
cat >>$D/departments/KT/state.yaml <<'YAML'
- type: submit
  at: 2026-05-19T10:00:00+07:00
  user: root
  uid: 0
  period: h1
- type: task
  at: 2099-01-01T00:00:00+07:00
  user: "lan\naud_hcc HCC II.3"
  uid: 1001
  task: I.1
  role: lead
  progress: 100
YAML
at '2026-05-25 10:00:00' validate; echo "exit $?"
echo "== ten minutes of clock skew are allowed"
D=$TMP/skew
init_data
at '2026-05-25 09:00:00' update III.2 --progress 10 >/dev/null
at '2026-05-25 08:51:00' validate; echo "exit $?"
at '2026-05-25 08:49:00' validate; echo "exit $?"
