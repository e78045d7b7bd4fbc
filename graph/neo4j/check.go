package neo4j

import (
	"context"
	"errors"
	"fmt"

	"caremap/graph"
)

// ErrNotSeeded is wrapped by Check's *DatasetError.
var ErrNotSeeded = errors.New("database does not hold the expected dataset")

// DatasetError says that the database is empty or holds another dataset
// than the one expected. Its message, meant for an operator, says what to do.
type DatasetError struct {
	URI  string            // the server, without credentials
	Have graph.DatasetInfo // what the database holds; empty when never seeded
	Want graph.DatasetInfo
}

func (e *DatasetError) Error() string {
	if e.Have.Version == "" && e.Have.Checksum == "" {
		return fmt.Sprintf("the Neo4j database at %s holds no caremap dataset: run `caremap seed` (or start with --seed)", e.URI)
	}
	return fmt.Sprintf("the Neo4j database at %s holds dataset %s (%s) but this caremap has %s (%s): run `caremap seed` (or start with --seed)",
		e.URI, e.Have.Version, e.Have.Checksum, e.Want.Version, e.Want.Checksum)
}

// Unwrap makes errors.Is(err, ErrNotSeeded) true.
func (e *DatasetError) Unwrap() error { return ErrNotSeeded }

// Check returns nil if the database holds the dataset want (same version and
// checksum), a *DatasetError if it is empty or holds another, or an error
// wrapping graph.ErrUnavailable if the server cannot answer.
func (s *Store) Check(ctx context.Context, want graph.DatasetInfo) error {
	have, err := s.Info(ctx)
	if err != nil {
		return err
	}
	if have != want {
		return &DatasetError{URI: s.uri, Have: have, Want: want}
	}
	return nil
}
