module example.com/flagd

go 1.19
