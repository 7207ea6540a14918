$PT -d ../../data list --format json | python3 -c "import json,sys; d=json.load(sys.stdin); t=d[\"tasks\"]; print(len(t), t[0][\"id\"], t[-1][\"id\"], sum(len(x[\"lead\"][\"codes\"]) for x in t))"
