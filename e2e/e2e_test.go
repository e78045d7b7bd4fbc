package e2e

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

var screenshots = flag.Bool("screenshots", false, "write the explorer's and the playground's screenshots to docs/screenshots (for the README)")

// chromium is the browser explorer.mjs drives.
func chromium() string {
	if c := os.Getenv("CHROMIUM"); c != "" {
		return c
	}
	return "/usr/bin/chromium"
}

// needTools skips the test when the browser tools are missing, or fails it
// under CI, where they must be installed.
func needTools(t *testing.T, root string) string {
	t.Helper()
	var missing []string
	if _, err := os.Stat(chromium()); err != nil {
		missing = append(missing, chromium())
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing = append(missing, "node")
	}
	if _, err := os.Stat(filepath.Join(root, "e2e", "node_modules", "playwright-core", "package.json")); err != nil {
		missing = append(missing, "e2e/node_modules (npm ci)")
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("browser tests need %s: run scripts/browser-deps.sh", strings.Join(missing, ", "))
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return node
}

var readyLine = regexp.MustCompile(`GraphQL:\s+(http://\S+)/graphql`)

// startServer builds ./server, runs it on a free port and returns its
// base URL. The server is stopped when the test ends.
func startServer(t *testing.T, root string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "caremap")
	build := exec.Command("go", "build", "-o", bin, "./server")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./server: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "NEO4J_URI=") // the embedded store
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	found := make(chan string, 1)
	var head strings.Builder
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			if head.Len() < 4096 {
				head.WriteString(line + "\n")
			}
			if m := readyLine.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, stdout)
		cmd.Wait()
		close(exited)
	}()
	select {
	case base := <-found:
		return base
	case <-exited:
		t.Fatalf("the server exited before it was ready:\n%s%s", head.String(), stderr.String())
	case <-time.After(2 * time.Minute):
		t.Fatalf("the server did not say where it listens within 2 minutes:\n%s", head.String())
	}
	return ""
}

// browserTest starts the real server and returns the repository root, the
// node binary and the server's base URL, or skips (fails under CI) when
// the browser tools are missing.
func browserTest(t *testing.T) (root, node, base string) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	node = needTools(t, root)
	return root, node, startServer(t, root)
}

// runScript runs a browser script of this folder in headless Chromium and
// fails the test with its output if any of its checks fail.
func runScript(t *testing.T, root, node string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	run := exec.CommandContext(ctx, node, args...)
	run.Dir = filepath.Join(root, "e2e")
	run.Env = append(os.Environ(), "CHROMIUM="+chromium())
	out, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	t.Logf("%s", out)
}

// TestExplorer runs explorer.mjs against the real server in headless
// Chromium; see explorer.mjs for what it checks.
func TestExplorer(t *testing.T) {
	root, node, base := browserTest(t)
	if missing := unmounted(base); missing != "" {
		msg := "the server does not serve " + missing + " yet: mount web.Handler and the diagram routes in server"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	shots := t.TempDir()
	if *screenshots {
		shots = filepath.Join(root, "docs", "screenshots")
	}
	runScript(t, root, node, "explorer.mjs", base, "--screenshots", shots)
}

// TestPlayground runs playground.mjs against the real server in headless
// Chromium: GraphiQL renders from the binary's own files, makes no request
// to another origin, and every example question runs and gets data.
func TestPlayground(t *testing.T) {
	root, node, base := browserTest(t)
	shot := filepath.Join(t.TempDir(), "playground.png")
	if *screenshots {
		shot = filepath.Join(root, "docs", "screenshots", "playground.png")
	}
	runScript(t, root, node, "playground.mjs", "--url", base+"/playground/", "--screenshot", shot)
}

// unmounted names a route the browser test needs that the server does not
// serve, or returns "".
func unmounted(base string) string {
	client := &http.Client{
		Timeout:       time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	for _, probe := range []struct{ path, want string }{
		{"/", "data-instant"},
		{"/diagram/nhs-england.svg", "<svg"},
	} {
		resp, err := client.Get(base + probe.path)
		if err != nil {
			return probe.path
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), probe.want) {
			return probe.path
		}
	}
	return ""
}

// TestDiagrams runs diagrams.mjs against the real server in headless
// Chromium: theme=auto in the light and dark schemes, the README's embed
// snippets on a 390 px phone, and the keyboard order in and around a
// diagram; see diagrams.mjs.
func TestDiagrams(t *testing.T) {
	root, node, base := browserTest(t)
	runScript(t, root, node, "diagrams.mjs", base, filepath.Join(root, "README.md"))
}
