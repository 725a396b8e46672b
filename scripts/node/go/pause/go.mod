module cryptoflow.local/pause

go 1.24
