$PT --version
