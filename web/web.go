package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"caremap/graph"
)

// Config says what the explorer reads and how it links to the rest of the
// server. Only Store is required.
type Config struct {
	// Store answers every question the pages ask.
	Store graph.Store
	// Logger receives internal errors (those shown to users as a generic
	// message); nil discards them.
	Logger *slog.Logger
	// RequestID returns the id of the request in ctx, logged with errors
	// and shown on error pages so a user can quote it; nil shows none.
	RequestID func(ctx context.Context) string
	// BaseURL is the public origin used in embed code, e.g.
	// "https://caremap.example.org"; empty means the origin the request
	// arrived at (http://Host, or https:// when it came over TLS) if its
	// Host is one of Hosts, else none: embed code is then relative.
	BaseURL string
	// Hosts are the host[:port] values of the Host header trusted to name
	// this server when BaseURL is empty, lower case (the server passes its
	// listen address unless told otherwise).
	Hosts []string
	// Playground is the path of the GraphQL playground; empty means
	// "/playground/".
	Playground string
	// Examples are the playground's example questions, listed on the home
	// page as links to the playground; nil lists none.
	Examples []Example
	// Glossary is the dataset's glossary (graph.Dataset.Glossary): the
	// /glossary page lists it and every page links the first use of each
	// abbreviation to its entry. Nil shows an empty glossary.
	Glossary []graph.Term
}

// Example is a question the playground has preloaded.
type Example struct {
	Key         string // its name in the playground's address, ?example=<Key>
	Name        string // the question, e.g. "Who commissions GP services?"
	Description string // one sentence saying what the answer shows
}

// Patterns are the http.ServeMux patterns the explorer answers. Mount the
// handler under each:
//
//	h := web.Handler(web.Config{Store: store, Logger: log})
//	for _, p := range web.Patterns {
//		mux.Handle(p, h)
//	}
var Patterns = []string{
	"GET /{$}",
	"GET /search",
	"GET /org/{id}",
	"GET /service/{id}",
	"GET /path",
	"GET /commissioning",
	"GET /glossary",
	"GET /commissioning.csv",
	"GET /org/{id}/relationships.csv",
	"GET /org/{id}/instances.csv",
	"GET /service/{id}/relationships.csv",
	"GET /export/organisations.csv",
	"GET /export/services.csv",
	"GET /export/relationships.csv",
	"GET /export/relationship-types.csv",
	"GET /export/caremap.graphml",
	"GET " + staticPrefix,
}

// staticPrefix is where the embedded CSS, script and icon are served.
const staticPrefix = "/static/"

// Handler returns the explorer. It serves the paths in Patterns and answers
// any other path with its 404 page, so it may also be mounted at "/" as the
// server's not-found page. Handler panics if cfg.Store is nil.
func Handler(cfg Config) http.Handler {
	if cfg.Store == nil {
		panic("web: Config.Store is nil")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.RequestID == nil {
		cfg.RequestID = func(context.Context) string { return "" }
	}
	if cfg.Playground == "" {
		cfg.Playground = "/playground/"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	s := &site{cfg: cfg, store: cfg.Store, glossary: graph.NewGlossary(cfg.Glossary), exports: make(chan struct{}, maxExports)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /search", s.search)
	mux.HandleFunc("GET /org/{id}", s.organisation)
	mux.HandleFunc("GET /service/{id}", s.service)
	mux.HandleFunc("GET /path", s.path)
	mux.HandleFunc("GET /commissioning", s.commissioning)
	mux.HandleFunc("GET /glossary", s.glossaryPage)
	mux.HandleFunc("GET /commissioning.csv", s.commissioningCSV)
	mux.HandleFunc("GET /org/{id}/relationships.csv", s.relationshipsCSV(graph.NodeOrganisation))
	mux.HandleFunc("GET /org/{id}/instances.csv", s.instancesCSV)
	mux.HandleFunc("GET /service/{id}/relationships.csv", s.relationshipsCSV(graph.NodeService))
	mux.HandleFunc("GET /export/relationship-types.csv", s.relationshipTypesCSV)
	for name := range exportFiles {
		mux.HandleFunc("GET /export/"+name, s.wholeExport(name))
	}
	mux.Handle("GET "+staticPrefix, http.StripPrefix(strings.TrimSuffix(staticPrefix, "/"), staticHandler()))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &pageError{status: http.StatusNotFound, msg: "There is no page at this address."})
	})
	return mux
}

// site holds what every page handler needs.
type site struct {
	cfg      Config
	store    graph.Store
	glossary *graph.Glossary
	exports  chan struct{} // a slot per whole-dataset download running
}

// pageError is an error with the status and message to show.
type pageError struct {
	status  int
	msg     string // safe to show
	allowed string // for 400s: what is allowed
}

func (e *pageError) Error() string { return e.msg }

// badParam returns a 400 naming the parameter and what it allows.
func badParam(param, value, allowed string) error {
	return graph.Invalid(param, value, allowed)
}

// classify maps an error to what the error page shows: the page's own
// table from graph.ErrorCode to a status (the code's) and a sentence for
// people. Domain errors that are safe to show keep their details; anything
// else is internal (logged, shown generically).
func classify(err error) (status int, msg, allowed string, internal bool) {
	var pe *pageError
	if errors.As(err, &pe) {
		return pe.status, pe.msg, pe.allowed, false
	}
	code := graph.ErrorCode(err)
	status = code.HTTPStatus()
	var inv *graph.InvalidError
	var nf *graph.NotFoundError
	switch code {
	case graph.CodeInvalid:
		switch {
		case !errors.As(err, &inv):
			return status, "A parameter is not valid.", "", false
		case inv.Value == "":
			return status, fmt.Sprintf("The parameter %q is not valid here.", inv.Param), inv.Allowed, false
		}
		return status, fmt.Sprintf("The value %q is not allowed for the parameter %q.", inv.Value, inv.Param), inv.Allowed, false
	case graph.CodeNotFound:
		if errors.As(err, &nf) {
			return status, fmt.Sprintf("There is no %s with the id %q.", nf.What, nf.ID), "", false
		}
		return status, "Nothing was found.", "", false
	case graph.CodeTooLarge:
		return status, "The answer is too large to show: " + graph.Message(err) + ".", "", false
	case graph.CodeUnavailable, graph.CodeTimeout:
		return status, "The data is not available at the moment. Please try again in a little while.", "", true
	case graph.CodeBusy:
		return status, "The server is busy. Please try again in a few seconds.", "", true
	case graph.CodeCanceled:
		return status, "The request was cancelled.", "", false
	}
	return status, "Something went wrong on our side. Please try again later.", "", true
}

// fail writes the error page for err.
func (s *site) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg, allowed, internal := classify(err)
	if errors.Is(r.Context().Err(), context.Canceled) {
		return // the client went away; nobody reads the page
	}
	rid := s.cfg.RequestID(r.Context())
	if internal {
		s.cfg.Logger.LogAttrs(r.Context(), slog.LevelError, "explorer page failed",
			slog.String("request_id", rid), slog.String("code", string(graph.ErrorCode(err))),
			slog.String("path", r.URL.Path), slog.Int("status", status), slog.String("error", err.Error()))
	}
	if sec := graph.ErrorCode(err).RetryAfter(); sec > 0 && status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", strconv.Itoa(sec))
	}
	title := http.StatusText(status)
	switch status {
	case http.StatusNotFound:
		title = "Not found"
	case http.StatusBadRequest:
		title = "That request is not valid"
	case http.StatusServiceUnavailable:
		title = "Temporarily unavailable"
	}
	s.render(w, r, status, "error", &errorPage{
		page:      page{Title: title},
		Status:    status,
		Message:   msg,
		Allowed:   allowed,
		RequestID: rid,
		Query:     r.URL.Query().Get("q"),
	})
}

// errorPage is the data of the error template.
type errorPage struct {
	page
	Status    int
	Message   string
	Allowed   string
	RequestID string
	Query     string
}
