module github.com/hfhub/hfhub/bindings/go

go 1.24
