# needs: root
# Files recorded before the status rule still load, and fold to a state
# that does not contradict itself: "Chưa thực hiện 100%" (progress 100 on
# a task not started) reads as done, not started after done as 0%.
. ./lib.sh; init_data
cat >$D/departments/KT/state.yaml <<'YAML'
format: 1
department: KT
entries:
- type: task
  at: 2026-03-01T08:00:00+07:00
  user: lan
  uid: 1001
  task: V.1
  role: lead
  progress: 100
- type: task
  at: 2026-03-01T09:00:00+07:00
  user: lan
  uid: 1001
  task: V.2
  role: lead
  status: done
- type: task
  at: 2026-03-01T10:00:00+07:00
  user: lan
  uid: 1001
  task: V.2
  role: lead
  status: not_started
- type: task
  at: 2026-03-01T11:00:00+07:00
  user: lan
  uid: 1001
  task: V.3
  role: lead
  status: not_started
  progress: 30
YAML
$PT -d $D validate && echo valid
$PT -d $D list --group V --format json | python3 -c '
import json, sys
for t in json.load(sys.stdin)["tasks"][:3]:
    print(t["id"], [(l["status"], l["progress"]) for l in t["leads"]])'
$PT -d $D history V.2
