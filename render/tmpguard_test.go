package render

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A process started with a fresh shared temporary directory leaves
// go-graphviz's compilation cache inside this user's private directory and
// none in the shared one: tmpguard's init ran before go-graphviz's.
func TestGraphvizCacheIsPrivate(t *testing.T) {
	shared := t.TempDir()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "TMPDIR="+shared, workerEnv+"=where-is-the-cache")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	private := filepath.Join(shared, "caremap-"+strconv.Itoa(os.Getuid()))
	if got := strings.TrimSpace(string(out)); got != private {
		t.Errorf("TMPDIR in the process = %q, want %q", got, private)
	}
	if _, err := os.Stat(filepath.Join(private, "go-graphviz")); err != nil {
		t.Errorf("no cache in the private directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(shared, "go-graphviz")); err == nil {
		t.Errorf("go-graphviz made its cache in the shared directory %s", shared)
	}
}
