$PT -d ../../data show IX.1
