$PT -d $TMP/d init --plan ../fixtures/plan/errors.yaml 2>&1 | tail -3; ls $TMP
