# needs: root
. ./lib.sh; sample_year
$PT -d $D list --group V; $PT -d $D list --dept HCC --format json | python3 -c "import json,sys; [print(t[\"id\"], t[\"leads\"]) for t in json.load(sys.stdin)[\"tasks\"]]"
