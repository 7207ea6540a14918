$PT help frobnicate
