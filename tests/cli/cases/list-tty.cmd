script -qec "stty cols 100; $PT -d ../../data list --group V" /dev/null | tr -d "\r"
