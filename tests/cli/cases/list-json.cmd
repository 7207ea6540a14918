$PT -d ../../data list --group III --format json
