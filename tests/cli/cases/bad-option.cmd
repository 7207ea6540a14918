$PT -d ../../data list --frob
