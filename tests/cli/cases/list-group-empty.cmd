$PT -d ../../data list --group VI
