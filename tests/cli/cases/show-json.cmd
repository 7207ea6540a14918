$PT -d ../../data show III.2 --format json
