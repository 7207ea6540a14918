$PT validate nosuch.yaml
