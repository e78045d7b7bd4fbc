package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: git ls-files | buildcontext DIR DEST")
		os.Exit(2)
	}
	sent, left, err := copyContext(os.Args[1], os.Args[2], os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "buildcontext:", err)
		os.Exit(1)
	}
	fmt.Printf("build context: %d files sent, %d left out by .dockerignore\n", sent, left)
}

func copyContext(dir, dest string, list io.Reader) (sent, left int, err error) {
	f, err := os.Open(filepath.Join(dir, ".dockerignore"))
	if err != nil {
		return 0, 0, err
	}
	patterns, err := ignorefile.ReadAll(f)
	f.Close()
	if err != nil {
		return 0, 0, fmt.Errorf(".dockerignore: %w", err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return 0, 0, fmt.Errorf(".dockerignore: %w", err)
	}
	lines := bufio.NewScanner(list)
	for lines.Scan() {
		rel := filepath.Clean(lines.Text())
		excluded, err := pm.MatchesOrParentMatches(rel)
		if err != nil {
			return sent, left, err
		}
		if excluded {
			left++
			continue
		}
		if err := copyFile(filepath.Join(dir, rel), filepath.Join(dest, rel)); err != nil {
			return sent, left, err
		}
		sent++
	}
	return sent, left, lines.Err()
}

func copyFile(src, dst string) error {
	info, err := os.Lstat(src)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file: teach buildcontext to copy it as docker would", src)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, info.Mode().Perm())
}
