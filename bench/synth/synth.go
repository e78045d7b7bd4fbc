// Package synth makes synthetic datasets, for benchmarks only: the real
// dataset grown k-fold in the shape the real one grows, so benchmarks can
// show how each question's time grows with the data. Nothing it makes is
// ever served: its facts are copies, not sources.
package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"caremap/graph"
)

// Grow returns ds with its local layer — the instances (real CCGs,
// councils, trusts, area teams, …) and every edge that touches one — k
// times over: each instance gets k-1 copies whose ids end in "~2" … "~k",
// and each edge touching an instance gets a copy per copy, joining the
// copies of the same number (a copy of a CCG is part of the copy of its area
// team) and the same classes, national bodies and services as the original.
// The classes, national bodies, services and the edges among them stay as
// they are: the shape of the national system does not change, the local
// layer multiplies, as the real dataset grows when more local bodies are
// added. k must be at least 1; Grow(ds, 1) is ds. The copies' names end in
// " (copy j)" so search ranks them apart.
func Grow(ds graph.Dataset, k int) graph.Dataset {
	if k < 1 {
		panic(fmt.Sprintf("synth.Grow: k = %d, want at least 1", k))
	}
	out := ds
	out.Organisations = slices.Clone(ds.Organisations)
	out.Relationships = slices.Clone(ds.Relationships)
	instance := map[string]bool{}
	for _, o := range ds.Organisations {
		if o.InstanceOf != "" {
			instance[o.ID] = true
		}
	}
	copyID := func(id string, j int) string {
		if !instance[id] {
			return id
		}
		return fmt.Sprintf("%s~%d", id, j)
	}
	for j := 2; j <= k; j++ {
		for _, o := range ds.Organisations {
			if !instance[o.ID] {
				continue
			}
			c := o
			c.ID = copyID(o.ID, j)
			c.Name = fmt.Sprintf("%s (copy %d)", o.Name, j)
			c.Codes = graph.Codes{}
			out.Organisations = append(out.Organisations, c)
		}
		for _, r := range ds.Relationships {
			if !instance[r.From] && !instance[r.To] {
				continue
			}
			c := r
			c.ID = fmt.Sprintf("%s~%d", r.ID, j)
			c.From, c.To = copyID(r.From, j), copyID(r.To, j)
			out.Relationships = append(out.Relationships, c)
		}
	}
	if k > 1 {
		out.Version = fmt.Sprintf("%s-synthetic-x%d", ds.Version, k)
		sum := sha256.Sum256([]byte(out.Version + "\x00" + ds.Checksum))
		out.Checksum = "sha256:" + hex.EncodeToString(sum[:])
	}
	return out
}
