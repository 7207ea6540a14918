$PT -d ../../data list --group III
