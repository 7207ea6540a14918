$PT -d ../../data list --dept XYZ
