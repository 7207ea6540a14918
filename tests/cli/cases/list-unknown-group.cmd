$PT -d ../../data list --group VII
