$PT -d ../../data list --dept
