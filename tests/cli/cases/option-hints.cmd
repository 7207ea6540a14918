# An unknown option says how to fix the likeliest mistakes: a global option
# after the command, and --help asked of a command.
$PT list -d ../../data; echo "exit $?"
$PT check --data=../../data; echo "exit $?"
$PT list --color=never; echo "exit $?"
$PT check --help; echo "exit $?"
$PT show -h; echo "exit $?"
$PT -d ../../data list --frob; echo "exit $?"
