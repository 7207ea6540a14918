$PT --frob list
