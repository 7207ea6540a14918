$PT
