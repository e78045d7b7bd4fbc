package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"caremap/graph/memory"
	"caremap/seed"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "render-worker" {
		// A render worker (see render.Pool): requests on stdin, diagrams on stdout.
		if err := runRenderWorker(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "caremap render-worker:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, errUsage) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "caremap:", err)
		os.Exit(1)
	}
}

// errUsage reports a command line that could not be parsed; the message has
// already been printed.
var errUsage = errors.New("usage")

// run is the whole program, testable: it returns when ctx is cancelled or
// the subcommand ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		cfg, err := parseServe(args, getenv, stderr)
		if errors.Is(err, errHelp) {
			return nil
		}
		if err != nil {
			return err
		}
		return serve(ctx, cfg, stdout)
	case "render":
		ds, err := seed.Load()
		if err != nil {
			return fmt.Errorf("loading the embedded dataset: %w", err)
		}
		store, err := memory.New(ds)
		if err != nil {
			return err
		}
		return runRender(ctx, args, stdout, store, groupNames(ds))
	case "seed":
		return seedCmd(ctx, args, getenv, stdout, stderr)
	case "validate":
		return validate(args, stdout, stderr)
	case "version":
		return version(stdout)
	case "health":
		return health(ctx, args, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "caremap: unknown command %q\n\n%s", cmd, usage)
		return errUsage
	}
}

const usage = `caremap: the English health and care system of 1 April 2013 as a graph.

Usage:
  caremap [serve] [flags]   serve the GraphQL API, the playground and diagrams (default)
  caremap render [flags] [ID] -o FILE
                            draw the system, or ID's neighbourhood, as SVG, PDF, PNG or DOT
  caremap render --all DIR  draw every organisation in every format, with an index.html
  caremap render --atlas FILE.pdf
                            a printed guide: the whole system, contents, a page per body
  caremap seed [flags]      load the embedded dataset into Neo4j (NEO4J_URI, NEO4J_PASSWORD, ...)
  caremap validate [DIR]    check a dataset (the embedded one, or the files in DIR)
  caremap version           print the dataset version and checksum
  caremap health [--ready]  exit 0 if the caremap at CAREMAP_ADDR answers /healthz (/readyz)
  caremap help              show this help

Run "caremap serve --help" for the server's settings.
`
