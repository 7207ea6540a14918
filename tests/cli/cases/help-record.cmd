# The options of the commands that record, in their usage, help and
# completion, come from the schema's table (src/schema.c): one row each.
$PT help update
$PT help indicator
$PT help submit
echo "== completion"
$PT -d ../../data __complete options update
$PT -d ../../data __complete values update --status
$PT -d ../../data __complete values submit --period
$PT -d ../../data __complete options submit
