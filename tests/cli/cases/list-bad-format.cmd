$PT -d ../../data list --format xml
