$PT -d ../../data list
