package web_test

import (
	"log/slog"
	"net/http"
	"os"

	"caremap/graph/memory"
	"caremap/seed"
	"caremap/web"
)

// The explorer is mounted beside the rest of the server: one handler under
// each of its patterns. The diagram routes it links to (/diagram.svg,
// /diagram/{id}.svg, …) are served by package main.
func ExampleHandler() {
	ds, err := seed.Load()
	if err != nil {
		panic(err)
	}
	store, err := memory.New(ds)
	if err != nil {
		panic(err)
	}
	explorer := web.Handler(web.Config{
		Store:    store,
		Logger:   slog.New(slog.NewTextHandler(os.Stderr, nil)),
		Examples: []web.Example{{Name: "Who commissions GP services?"}},
	})
	mux := http.NewServeMux()
	for _, p := range web.Patterns {
		mux.Handle(p, explorer)
	}
	_ = http.ListenAndServe // e.g. http.ListenAndServe("127.0.0.1:8080", mux)
}
