// Tests of neo4j.sh's failure paths: each must exit non-zero and say why.
// Starting a real server is exercised by neo4j/test.sh itself.
package neo4j_test

import (
	"bytes"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// script runs neo4j.sh with env added to a home of its own and returns its
// exit code and combined output.
func script(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "bash", append([]string{"neo4j.sh"}, args...)...)
	cmd.Env = append(os.Environ(), "NEO4J_HOME="+filepath.Join(t.TempDir(), "home"), "NEO4J_START_TIMEOUT=60")
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String()
	}
	t.Fatalf("running neo4j.sh %v: %v", args, err)
	return 0, ""
}

func TestScriptFailsClearly(t *testing.T) {
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("java is not installed: neo4j.sh needs Java 17 and Maven")
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	freePort := strconv.Itoa(free.Addr().(*net.TCPAddr).Port)
	free.Close()

	cases := []struct {
		name string
		env  []string
		args []string
		code int
		want []string // in the output
	}{
		{"status when stopped", nil, []string{"status"}, 3, []string{"not running"}},
		{"stop when stopped", nil, []string{"stop"}, 0, []string{"not running"}},
		{"unknown command", nil, []string{"bogus"}, 2, []string{"usage:"}},
		{"short password", []string{"NEO4J_PASSWORD=short", "NEO4J_BOLT_PORT=" + freePort}, []string{"start"}, 1,
			[]string{"NEO4J_PASSWORD must be at least 8 characters"}},
		{"port in use", []string{"NEO4J_BOLT_PORT=" + busyPort}, []string{"start"}, 1,
			[]string{"127.0.0.1:" + busyPort + " is already in use", "NEO4J_BOLT_PORT"}},
		{"server cannot start", []string{"NEO4J_HEAP=1KiB", "NEO4J_BOLT_PORT=" + freePort}, []string{"start"}, 1,
			[]string{"Neo4j could not start", "last lines of", "Invalid initial heap size"}},
		{"bad setting", []string{"NEO4J_PAGECACHE=bogus", "NEO4J_BOLT_PORT=" + freePort}, []string{"start"}, 1,
			[]string{"could not set the initial password", "not a valid size"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out := script(t, c.env, c.args...)
			if code != c.code {
				t.Errorf("exit code %d, want %d; output:\n%s", code, c.code, out)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
