$PT -d ../../data show v.9
