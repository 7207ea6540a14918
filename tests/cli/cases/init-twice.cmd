cp ../../data/plan.yaml $TMP/p.yaml && $PT -d $TMP/d init --plan $TMP/p.yaml >/dev/null 2>&1; $PT -d $TMP/d init --plan $TMP/p.yaml
