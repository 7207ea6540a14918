PLANTRACK_DATA=../../data $PT list --group I
