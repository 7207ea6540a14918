$PT -d ../../data validate && $PT validate ../../data/plan.yaml
