$PT validate ../fixtures/plan/errors.yaml ../fixtures/plan/minimal.yaml
