$PT help
