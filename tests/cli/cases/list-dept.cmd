$PT -d ../../data list --dept KT
