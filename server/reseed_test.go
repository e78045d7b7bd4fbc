package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"caremap/seed"
)

// The two names NHS England has in the two datasets of the live re-seed,
// as they appear in a JSON answer.
const (
	nameBefore = `"NHS Commissioning Board"`
	nameAfter  = `"NHS Commissioning Board (renamed by the live re-seed test)"`
)

// changedDataset writes the embedded dataset to a directory with another
// version and NHS England renamed, and returns the directory and version.
func changedDataset(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	const version = "2013-04-01+live-reseed-test"
	err := fs.WalkDir(seed.Files(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if err == nil {
				err = os.MkdirAll(filepath.Join(dir, p), 0o755)
			}
			return err
		}
		b, err := fs.ReadFile(seed.Files(), p)
		if err != nil {
			return err
		}
		switch p {
		case "dataset.yaml":
			re := regexp.MustCompile(`(?m)^version: .*$`)
			if !re.Match(b) {
				t.Fatal("dataset.yaml has no version line")
			}
			b = re.ReplaceAll(b, []byte("version: '"+version+"'"))
		case "organisations.yaml":
			old := "- id: nhs-england\n  name: NHS Commissioning Board\n  operating_name: NHS England\n"
			if !bytes.Contains(b, []byte(old)) {
				t.Fatalf("organisations.yaml no longer has %q", old)
			}
			b = bytes.Replace(b, []byte(old), []byte("- id: nhs-england\n  name: NHS Commissioning Board (renamed by the live re-seed test)\n"+
				"  operating_name: NHS England (renamed by the live re-seed test)\n"), 1)
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir, version
}

// startReplica runs the caremap binary as its own process, serving from
// Neo4j, and returns its base URL.
func startReplica(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(workerBinary, append([]string{"serve", "--addr", "127.0.0.1:0", "--render-warm=false",
		"--render-workers", "1", "--log-level", "warn"}, args...)...)
	cmd.Env = env
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	lines := bufio.NewScanner(out)
	var printed []string
	for lines.Scan() {
		printed = append(printed, lines.Text())
		if m := readyURL.FindStringSubmatch(lines.Text()); m != nil {
			go io.Copy(io.Discard, out)
			return m[1]
		}
	}
	t.Fatalf("the replica never printed its URL:\n%s\n%s", strings.Join(printed, "\n"), logs.String())
	return ""
}

// reseedAnswer is one answer of the load: which replica, when it was asked,
// and the dataset it came from.
type reseedAnswer struct {
	replica int
	asked   time.Time
	version string
}

// TestLiveReseed runs two caremap processes on one Neo4j — one reaching it
// with bolt://, the other with neo4j:// routing — under load while caremap
// seed writes a changed dataset: no request fails, no answer mixes the two
// datasets, and both serve the new one soon after the seed.
func TestLiveReseed(t *testing.T) {
	needNeo4j(t)
	if testing.Short() {
		t.Skip("-short: skipping the live re-seed test")
	}
	n := startOwnNeo4j(t) // its own: the test changes the data under everyone
	env := []string{"NEO4J_URI=" + n.uri, "NEO4J_PASSWORD=" + n.pass}
	seedWith := func(args ...string) {
		t.Helper()
		cmd := exec.Command(workerBinary, append([]string{"seed"}, args...)...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("caremap seed %v: %v\n%s", args, err, out)
		}
	}
	seedWith()
	before, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	dir, after := changedDataset(t)

	const poll = 500 * time.Millisecond
	routed := strings.Replace(n.uri, "bolt://", "neo4j://", 1)
	replicas := []string{
		startReplica(t, env, "--dataset-poll", poll.String()),
		startReplica(t, []string{"NEO4J_URI=" + routed, "NEO4J_PASSWORD=" + n.pass}, "--dataset-poll", poll.String()),
	}

	// Each question names the dataset and reads NHS England at another
	// level, so an answer from two datasets shows.
	questions := []string{
		`{ dataset { version } organisation(id: "nhs-england") { name } }`,
		`{ dataset { version } whoCommissions(service: "svc-specialised") { id name } }`,
		`{ dataset { version } accountabilityChain(from: "ccg-02n") { id name } }`,
		`{ dataset { version } services(first: 50) { edges { node { id commissionedBy { id name } } } } }`,
	}
	var (
		mu       sync.Mutex
		answers  []reseedAnswer
		failures []string
	)
	fail := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 10 {
			failures = append(failures, s)
		}
	}
	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	client := &http.Client{Timeout: 20 * time.Second}
	var wg sync.WaitGroup
	for r, base := range replicas {
		for w := range 3 {
			wg.Go(func() {
				for i := w; ctx.Err() == nil; i++ {
					q := questions[i%len(questions)]
					var req *http.Request
					if i%2 == 0 { // GET, through the answer cache
						req, _ = http.NewRequest("GET", base+"/graphql?query="+url.QueryEscape(q), nil)
					} else {
						body, _ := json.Marshal(map[string]string{"query": q})
						req, _ = http.NewRequest("POST", base+"/graphql", bytes.NewReader(body))
						req.Header.Set("Content-Type", "application/json")
					}
					asked := time.Now()
					resp, err := client.Do(req)
					if err != nil {
						if ctx.Err() == nil {
							fail(fmt.Sprintf("replica %d: %v", r, err))
						}
						continue
					}
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					var got struct {
						Data struct{ Dataset struct{ Version string } }
					}
					json.Unmarshal(b, &got)
					v := got.Data.Dataset.Version
					switch {
					case resp.StatusCode != 200 || bytes.Contains(b, []byte(`"errors"`)):
						fail(fmt.Sprintf("replica %d: %d %.300s", r, resp.StatusCode, b))
					case v == before.Version && bytes.Contains(b, []byte(nameAfter)),
						v == after && bytes.Contains(b, []byte(nameBefore)),
						v != before.Version && v != after:
						fail(fmt.Sprintf("replica %d: a mixed answer: %s", r, b))
					case !bytes.Contains(b, []byte(nameBefore)) && !bytes.Contains(b, []byte(nameAfter)):
						fail(fmt.Sprintf("replica %d: NHS England missing from %s", r, b))
					default:
						mu.Lock()
						answers = append(answers, reseedAnswer{replica: r, asked: asked, version: v})
						mu.Unlock()
					}
				}
			})
		}
	}

	// Load on the old dataset, then on the new one: until each replica has
	// given enough answers from it (bounded: the machine may be busy).
	enough := func(version string, since time.Time) {
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			counts := make([]int, len(replicas))
			mu.Lock()
			for _, a := range answers {
				if a.version == version && a.asked.After(since) {
					counts[a.replica]++
				}
			}
			mu.Unlock()
			if min(counts[0], counts[1]) >= 30 {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	enough(before.Version, time.Time{})
	seedWith("--data", dir)
	seeded := time.Now()
	enough(after, seeded)
	stop()
	wg.Wait()

	for _, f := range failures {
		t.Error(f)
	}
	// Once the seed has returned, how long until every answer of a replica
	// is from the new dataset.
	const within = 5 * time.Second // the poll, a request, and slack for a loaded machine
	for r := range replicas {
		var lastOld, firstNew time.Time
		counts := map[string]int{}
		for _, a := range answers {
			if a.replica != r {
				continue
			}
			counts[a.version]++
			if a.version == before.Version && a.asked.After(lastOld) {
				lastOld = a.asked
			}
			if a.version == after && (firstNew.IsZero() || a.asked.Before(firstNew)) {
				firstNew = a.asked
			}
		}
		lag := max(lastOld.Sub(seeded), 0)
		t.Logf("replica %d: %d answers from %s, %d from %s; the last old one asked %s after the seed returned, the first new one %s after",
			r, counts[before.Version], before.Version, counts[after], after, lag.Round(time.Millisecond), firstNew.Sub(seeded).Round(time.Millisecond))
		if counts[before.Version] == 0 || counts[after] == 0 {
			t.Errorf("replica %d answered from one dataset only: %v", r, counts)
		}
		if lag > within {
			t.Errorf("replica %d still answered from %s %s after the seed returned; want within %s", r, before.Version, lag, within)
		}
	}
	for r, base := range replicas {
		if status, body := getStatus(t, base+"/readyz"); status != 200 || !strings.Contains(body, after) {
			t.Errorf("replica %d /readyz: %d %s; want ready on %s", r, status, body, after)
		}
		if status, body := getStatus(t, base+"/diagram/nhs-england.dot"); status != 200 || !strings.Contains(body, "renamed by the live re-seed") {
			t.Errorf("replica %d: the diagram after the seed: %d %.300s; want NHS England's new name", r, status, body)
		}
	}
}
