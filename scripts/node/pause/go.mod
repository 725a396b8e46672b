module nodeproto.local/pause

go 1.24
