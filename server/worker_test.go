package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// The server tests run the whole program in this test binary, which is not
// caremap and is built with -race; the race detector makes Graphviz's
// WebAssembly many times slower, enough for whole-system PNGs to pass the
// pool's deadlines on a busy machine. So render workers are the real
// caremap binary, built once (without -race) by TestMain — which also
// tests the worker path the server uses in production.

var workerBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "caremap-worker")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	workerBinary = filepath.Join(dir, "caremap")
	build := exec.Command("go", "build", "-o", workerBinary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the render worker:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	renderWorker = func() ([]string, []string, error) {
		return []string{workerBinary, "render-worker"}, []string{}, nil
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var workerOnce sync.Once

// workerCommand is the argv of a render worker for tests that build their
// own pool.
func workerCommand(t testing.TB) []string {
	t.Helper()
	workerOnce.Do(func() {
		if workerBinary == "" {
			t.Fatal("TestMain did not build the render worker")
		}
	})
	return []string{workerBinary, "render-worker"}
}
