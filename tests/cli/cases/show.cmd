$PT -d ../../data show II.3
