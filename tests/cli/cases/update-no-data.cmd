$PT -d $TMP/none update II.3 --progress 5
