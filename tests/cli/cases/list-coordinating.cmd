$PT -d ../../data list --dept VHXH --coordinating
