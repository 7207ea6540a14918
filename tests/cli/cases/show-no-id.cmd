$PT -d ../../data show
