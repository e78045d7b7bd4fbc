package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"caremap/graph"
	"caremap/seed"
)

// validate checks the embedded dataset, or the one in DIR, and lists every
// problem it has.
func validate(args []string, stdout, stderr io.Writer) error {
	if len(args) > 1 || (len(args) == 1 && (args[0] == "-h" || args[0] == "--help")) {
		fmt.Fprint(stderr, "Usage: caremap validate [DIR]\n\nChecks the embedded dataset, or the dataset files in DIR (laid out like seed/data),\nand lists every problem with its file and record.\n")
		if len(args) == 1 {
			return nil
		}
		return errUsage
	}
	var (
		ds   graph.Dataset
		err  error
		from = "embedded dataset"
	)
	if len(args) == 1 {
		from = args[0]
		if fi, serr := os.Stat(from); serr != nil || !fi.IsDir() {
			return fmt.Errorf("validate: %s is not a directory", from)
		}
		ds, err = seed.LoadFS(os.DirFS(from))
	} else {
		ds, err = seed.Load()
	}
	var verr *graph.ValidationError
	if errors.As(err, &verr) {
		fmt.Fprintf(stdout, "%s: %d problem(s)\n", from, len(verr.Problems))
		for _, p := range verr.Problems {
			fmt.Fprintf(stdout, "  %s\n", p)
		}
		return fmt.Errorf("%s is not valid", from)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: valid: version %s, %s\n  %d organisations, %d services, %d relationships\n",
		from, ds.Version, ds.Checksum, len(ds.Organisations), len(ds.Services), len(ds.Relationships))
	return nil
}

// version prints the embedded dataset's version and checksum.
func version(stdout io.Writer) error {
	ds, err := seed.Load()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "caremap %s\ndataset %s %s\n", appVersion, ds.Version, ds.Checksum)
	return nil
}
