package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"caremap/graph"
	"caremap/graph/neo4j"
	"caremap/seed"
)

// seedCmd loads the embedded dataset into Neo4j: idempotent (a second run
// changes nothing) and atomic (a failure leaves the previous contents).
func seedCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg neo4jConfig
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	check := neo4jFlags(fs, &cfg, getenv)
	dir := fs.String("data", "", "a directory of dataset files to load instead of the embedded dataset (as caremap validate reads)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: caremap seed [flags]\n\nLoads the embedded dataset (or --data DIR) into Neo4j: creates the constraints and the full-text\nindex, writes what is new or changed and removes what the dataset no longer has,\nin one transaction. Running it twice changes nothing. Running caremap servers\nswitch to a new dataset without a restart. NEO4J_PASSWORD is read from\nthe environment only.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if problems := check(nil); len(problems) > 0 {
		return fmt.Errorf("invalid settings:\n  %s", strings.Join(problems, "\n  "))
	}
	if cfg.URI == "" {
		return errors.New("caremap seed loads the dataset into Neo4j: set NEO4J_URI (and NEO4J_PASSWORD), e.g. eval \"$(neo4j/neo4j.sh env)\"")
	}
	ds, err := seed.Load()
	if *dir != "" {
		ds, err = seed.LoadFS(os.DirFS(*dir))
	}
	if err != nil {
		return fmt.Errorf("loading the dataset: %w", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := openNeo4j(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	return runSeed(ctx, st, ds, stdout)
}

// runSeed seeds st with ds, printing progress and a summary.
func runSeed(ctx context.Context, st *neo4j.Store, ds graph.Dataset, stdout io.Writer) error {
	fmt.Fprintf(stdout, "seeding %s with dataset %s (%d organisations, %d services, %d relationships)\n",
		st.URI(), ds.Version, len(ds.Organisations), len(ds.Services), len(ds.Relationships))
	sum, err := st.Seed(ctx, ds, func(p neo4j.SeedProgress) {
		fmt.Fprintf(stdout, "  [%d/%d] %s\n", p.Done, p.Total, p.Stage)
	})
	if err != nil {
		return fmt.Errorf("seed failed; the database is unchanged: %w", err)
	}
	if !sum.Changed {
		fmt.Fprintf(stdout, "already up to date: dataset %s, nothing written\n", sum.Dataset.Version)
	}
	fmt.Fprintf(stdout, "nodes:         %d created, %d updated, %d unchanged, %d deleted\n",
		sum.Nodes.Created, sum.Nodes.Updated, sum.Nodes.Unchanged, sum.Nodes.Deleted)
	fmt.Fprintf(stdout, "relationships: %d created, %d updated, %d unchanged, %d deleted\n",
		sum.Relationships.Created, sum.Relationships.Updated, sum.Relationships.Unchanged, sum.Relationships.Deleted)
	prev := sum.Previous.Version
	if prev == "" {
		prev = "(empty)"
	}
	fmt.Fprintf(stdout, "dataset:       %s -> %s (%s)\n", prev, sum.Dataset.Version, sum.Dataset.Checksum)
	return nil
}
