package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: composecheck COMPOSE_FILE [PROFILE ...]")
		os.Exit(2)
	}
	file, profiles := os.Args[1], os.Args[2:]
	failed := false
	for _, active := range append([][]string{nil}, splitEach(profiles)...) {
		names, err := check(context.Background(), file, active)
		label := "no profile"
		if len(active) > 0 {
			label = "profile " + strings.Join(active, ",")
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s (%s): %v\n", file, label, err)
			failed = true
			continue
		}
		fmt.Printf("%s (%s): valid: %s\n", file, label, strings.Join(names, ", "))
	}
	if failed {
		os.Exit(1)
	}
}

func splitEach(profiles []string) [][]string {
	out := make([][]string, len(profiles))
	for i, p := range profiles {
		out[i] = []string{p}
	}
	return out
}

// check loads file with the profiles active and an empty environment (so
// every variable's default is used), and returns the services it runs.
func check(ctx context.Context, file string, profiles []string) ([]string, error) {
	opts, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(filepath.Dir(file)),
		cli.WithEnv([]string{}),
		cli.WithProfiles(profiles),
		cli.WithInterpolation(true),
		cli.WithResolvedPaths(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
	)
	if err != nil {
		return nil, err
	}
	project, err := opts.LoadProject(ctx)
	if err != nil {
		return nil, err
	}
	var problems []error
	for name, svc := range project.Services {
		if svc.Build != nil {
			df := svc.Build.Dockerfile
			if df == "" {
				df = "Dockerfile"
			}
			if !filepath.IsAbs(df) {
				df = filepath.Join(svc.Build.Context, df)
			}
			if _, err := os.Stat(df); err != nil {
				problems = append(problems, fmt.Errorf("service %s: build: %w", name, err))
			}
		}
		for _, v := range svc.Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			if _, err := os.Stat(v.Source); err != nil {
				problems = append(problems, fmt.Errorf("service %s: bind mount: %w", name, err))
			}
		}
	}
	names := project.ServiceNames()
	slices.Sort(names)
	return names, errors.Join(problems...)
}
