$PT -d ../../data list --dept "Phòng VH-XH"
