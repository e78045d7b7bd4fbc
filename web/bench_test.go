package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkPages measures a whole page, store lookups and template
// included, over the embedded store.
func BenchmarkPages(b *testing.B) {
	h := newHandler(b)
	for _, target := range []string{
		"/",
		"/search?q=specialised",
		"/search?q=specialised&format=json&limit=8",
		"/org/nhs-england",
		"/org/clinical-commissioning-groups?filter=leeds",
		"/service/svc-specialised",
		"/path?from=department-of-health&to=ccg-02n&by=money",
		"/path?from=ccg-02n&to=uk-parliament&by=accountability",
		"/org/ccg-02n",
		"/commissioning",
		"/glossary",
		"/export/organisations.csv",
		"/export/relationships.csv",
		"/export/caremap.graphml",
	} {
		b.Run(target, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", target, rec.Code)
				}
			}
		})
	}
}

// BenchmarkWholeDataset measures what each whole-dataset download reads
// from the store before it writes a byte (see maxExports).
func BenchmarkWholeDataset(b *testing.B) {
	st := newStore(b)
	for b.Loop() {
		sg, err := st.Graph(b.Context(), wholeDataset)
		if err != nil || len(sg.Edges) == 0 {
			b.Fatalf("the whole dataset: %d relationships, %v", len(sg.Edges), err)
		}
	}
}
