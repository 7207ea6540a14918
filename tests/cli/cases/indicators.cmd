$PT -d ../../data indicators
