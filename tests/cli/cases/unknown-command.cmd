$PT frobnicate
