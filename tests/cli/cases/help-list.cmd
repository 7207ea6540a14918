$PT help list
