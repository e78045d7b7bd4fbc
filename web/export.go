package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"caremap/export"
	"caremap/graph"
)

// Downloads for analysts: the whole dataset (/export/…) and every table of
// the explorer, as CSV, and the whole graph as GraphML. They are written
// as they are read, never held whole in memory; the whole dataset is
// fetched from the store for each download, so at most maxExports run at
// once and any more are refused as busy.

// maxExports is how many whole-dataset downloads may run at once.
const maxExports = 2

// wholeDataset is the query behind the /export files: every organisation
// (instances, GP practices and predecessors too), every service and every
// relationship.
var wholeDataset = graph.GraphQuery{Instances: true, Inactive: true, Practices: true}

// exportFiles are the whole-dataset downloads, by file name.
var exportFiles = map[string]struct {
	ctype string
	write func(w io.Writer, sg graph.Subgraph) error
}{
	"organisations.csv": {csvType, func(w io.Writer, sg graph.Subgraph) error {
		var orgs []graph.Organisation
		for _, n := range sg.Nodes {
			if n.Organisation != nil {
				orgs = append(orgs, *n.Organisation)
			}
		}
		return export.WriteOrganisations(w, orgs)
	}},
	"services.csv": {csvType, func(w io.Writer, sg graph.Subgraph) error {
		var svcs []graph.Service
		for _, n := range sg.Nodes {
			if n.Service != nil {
				svcs = append(svcs, *n.Service)
			}
		}
		return export.WriteServices(w, svcs)
	}},
	"relationships.csv": {csvType, func(w io.Writer, sg graph.Subgraph) error {
		return export.WriteRelationships(w, sg.Edges, displayNames(sg.Nodes))
	}},
	"caremap.graphml": {"application/graphml+xml; charset=utf-8", export.WriteGraphML},
}

// csvType is the media type of every CSV download (RFC 4180, with a header
// row).
const csvType = "text/csv; charset=utf-8; header=present"

// wholeExport serves one of exportFiles: a strong ETag from the dataset's
// checksum, so a client that has the file gets 304.
func (s *site) wholeExport(name string) http.HandlerFunc {
	f := exportFiles[name]
	return func(w http.ResponseWriter, r *http.Request) {
		if err := onlyParams(r.URL.Query(), wholeNoParams); err != nil {
			s.fail(w, r, err)
			return
		}
		info, err := s.store.Info(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		sum := strings.TrimPrefix(info.Checksum, "sha256:")
		etag := `"` + sum[:min(32, len(sum))] + "-" + name + `"`
		if match := r.Header.Get("If-None-Match"); match != "" && (strings.Contains(match, etag) || strings.TrimSpace(match) == "*") {
			w.Header().Set("ETag", etag)
			w.Header().Set("Cache-Control", downloadCache)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		select {
		case s.exports <- struct{}{}:
			defer func() { <-s.exports }()
		default:
			s.fail(w, r, fmt.Errorf("export %s: %d downloads of the whole dataset already running: %w", name, maxExports, graph.ErrBusy))
			return
		}
		sg, err := s.store.Graph(r.Context(), wholeDataset)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("ETag", etag)
		filename := name
		if !strings.HasPrefix(name, "caremap") {
			filename = "caremap-" + name
		}
		s.download(w, r, f.ctype, filename, func(w io.Writer) error { return f.write(w, sg) })
	}
}

// download writes a file the browser saves under filename: the security
// headers of every response, then body's output. The data it writes has
// been fetched already, so an error here is the client's connection.
func (s *site) download(w http.ResponseWriter, r *http.Request, ctype, filename string, body func(io.Writer) error) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	h.Set("Cache-Control", downloadCache)
	if r.Method == http.MethodHead {
		return
	}
	if err := body(w); err != nil && r.Context().Err() == nil {
		s.cfg.Logger.Warn("explorer download failed", "request_id", s.cfg.RequestID(r.Context()), "path", r.URL.Path, "error", err)
	}
}

// wholeNoParams is what a whole-dataset download allows.
const wholeNoParams = "no parameters: the file is the whole dataset (the Download CSV beside a table on a page gives a part of it)"

// onlyParams checks that q holds no parameter but those in names, each at
// most once, so that a download never silently ignores what was asked of
// it (a whole file when a part was meant). allowed says what is allowed,
// for the error.
func onlyParams(q url.Values, allowed string, names ...string) error {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(names, k) {
			if len(k) > maxQuery {
				k = k[:maxQuery] + "…"
			}
			return badParam(k, "", allowed)
		}
		if len(q[k]) > 1 {
			return badParam(k, "", "each parameter at most once: "+allowed)
		}
	}
	return nil
}

// downloadCache lets a client keep a download but ask again before using
// it: the answer is 304 while the dataset is the same (the whole-dataset
// files' ETag).
const downloadCache = "no-cache"

// displayNames maps every node's id to its display name.
func displayNames(nodes []graph.Node) map[string]string {
	m := make(map[string]string, len(nodes))
	for _, n := range nodes {
		m[n.ID()] = n.DisplayName()
	}
	return m
}

// relationshipsCSV serves the relationships of one organisation or
// service, narrowed by type and direction as one table of its page shows
// them: /org/{id}/relationships.csv?type=FUNDS&direction=INCOMING.
func (s *site) relationshipsCSV(kind graph.NodeKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		q := r.URL.Query()
		if err := onlyParams(q, "type (a relationship type) and direction (INCOMING, OUTGOING or BOTH)", "type", "direction"); err != nil {
			s.fail(w, r, err)
			return
		}
		var types []graph.RelType
		if v := q.Get("type"); v != "" {
			t := graph.RelType(strings.ToUpper(v))
			if !t.Valid() {
				s.fail(w, r, badParam("type", v, graph.RelTypeNames()))
				return
			}
			types = []graph.RelType{t}
		}
		dir := graph.Both
		if v := q.Get("direction"); v != "" {
			d, err := graph.CheckDirection(graph.Direction(strings.ToUpper(v)))
			if err != nil {
				s.fail(w, r, err)
				return
			}
			dir = d
		}
		if err := s.exists(r.Context(), id, kind); err != nil {
			s.fail(w, r, err)
			return
		}
		rels, nodes, err := s.store.Neighbours(r.Context(), []string{id}, types, dir)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.download(w, r, csvType, id+"-relationships.csv", func(w io.Writer) error {
			return export.WriteRelationships(w, rels, displayNames(nodes))
		})
	}
}

// exists checks that id names a node of kind, else a *graph.NotFoundError.
func (s *site) exists(ctx context.Context, id string, kind graph.NodeKind) error {
	if len(id) > maxQuery {
		id = id[:maxQuery] + "…"
	}
	if kind == graph.NodeService {
		_, err := s.store.Service(ctx, id)
		return err
	}
	_, err := s.store.Organisation(ctx, id)
	return err
}

// instancesCSV serves every instance of a class matching filter, as the
// page's list of real bodies shows them (all of them, not one page).
func (s *site) instancesCSV(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := onlyParams(r.URL.Query(), "filter (text a body's name or code contains)", "filter"); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.exists(r.Context(), id, graph.NodeOrganisation); err != nil {
		s.fail(w, r, err)
		return
	}
	filter, err := instanceFilter(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	all, err := s.allInstances(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	match := matchInstances(all, filter)
	s.download(w, r, csvType, id+"-instances.csv", func(w io.Writer) error {
		return export.WriteOrganisations(w, match)
	})
}

// commissioningCSV serves the commissioning matrix, one row per filled
// cell.
func (s *site) commissioningCSV(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r.URL.Query(), "no parameters: the file is the whole matrix"); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := graph.Commissioning(r.Context(), s.store)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.download(w, r, csvType, "caremap-commissioning.csv", func(w io.Writer) error { return export.WriteCommissioning(w, m) })
}

// relationshipTypesCSV serves the legend.
func (s *site) relationshipTypesCSV(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r.URL.Query(), "no parameters: the file is the whole legend"); err != nil {
		s.fail(w, r, err)
		return
	}
	s.download(w, r, csvType, "caremap-relationship-types.csv", export.WriteRelationshipTypes)
}

// relCSV is the address of one relationship table of id's page as CSV.
func relCSV(n graph.Node, t graph.RelType, dir graph.Direction) string {
	v := url.Values{"type": {string(t)}, "direction": {string(dir)}}
	return nodeLink(n).Href + "/relationships.csv?" + v.Encode()
}
