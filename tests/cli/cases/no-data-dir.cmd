$PT -d $TMP/nothing list
