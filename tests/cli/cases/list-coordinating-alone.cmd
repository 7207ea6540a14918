$PT -d ../../data list --coordinating
