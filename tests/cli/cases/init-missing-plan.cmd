$PT -d $TMP/d init --plan $TMP/nosuch.yaml; rc=$?; ls $TMP; exit $rc
