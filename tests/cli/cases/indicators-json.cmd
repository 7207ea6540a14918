$PT -d ../../data indicators --format json
