package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

type config struct {
	clients     int
	dur, warmup time.Duration
	prewarm     time.Duration
	maxRequests int64
	rounds      int
	neo4jPID    int
	only        map[string]bool
}

// target is one GraphQL server under test.
type target struct {
	name  string
	url   string
	pid   int                   // its process, for CPU per request; 0: not measured
	query func(question) string // the question in its dialect
	at    func(question) []any  // where the answer sits under data
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	caremapURL := fs.String("caremap", "http://127.0.0.1:8080/graphql", "caremap's GraphQL endpoint (loopback only)")
	peerURL := fs.String("peer", "", "the peer's GraphQL endpoint (loopback only); empty: caremap alone")
	caremapPID := fs.Int("caremap-pid", 0, "caremap's process id, to report its CPU per request")
	peerPID := fs.Int("peer-pid", 0, "the peer's process id, to report its CPU per request")
	var cfg config
	fs.IntVar(&cfg.neo4jPID, "neo4j-pid", 0, "the Neo4j server's process id, to report its CPU per request")
	fs.IntVar(&cfg.clients, "c", 16, "concurrent clients (each sends its next request when the last is answered)")
	fs.DurationVar(&cfg.dur, "d", 10*time.Second, "measured time per question, server and round (at most 2m)")
	fs.DurationVar(&cfg.warmup, "warmup", 2*time.Second, "unmeasured load before each measurement")
	fs.Int64Var(&cfg.maxRequests, "max-requests", 200000, "most requests in one measurement")
	fs.DurationVar(&cfg.prewarm, "prewarm", 30*time.Second, "unmeasured load, shared among every question and server, before the first measurement (a fresh JVM compiles its hot code in the first minute)")
	fs.IntVar(&cfg.rounds, "rounds", 2, "times each figure is measured (servers alternate); figures are reported as ranges")
	only := fs.String("questions", "", "comma-separated question names; empty: all ("+questionNames()+")")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.clients < 1 || cfg.clients > 256 || cfg.dur <= 0 || cfg.dur > 2*time.Minute || cfg.warmup < 0 ||
		cfg.warmup > time.Minute || cfg.prewarm < 0 || cfg.prewarm > 5*time.Minute || cfg.maxRequests < 1 || cfg.rounds < 1 || cfg.rounds > 10 {
		return errors.New("flags out of range: -c 1..256, -d up to 2m, -warmup up to 1m, -prewarm up to 5m, -max-requests ≥ 1, -rounds 1..10")
	}
	if *only != "" {
		cfg.only = map[string]bool{}
		for _, n := range strings.Split(*only, ",") {
			if !slices.ContainsFunc(questions, func(q question) bool { return q.name == n }) {
				return fmt.Errorf("unknown question %q: allowed: %s", n, questionNames())
			}
			cfg.only[n] = true
		}
	}
	targets := []target{{name: "caremap", url: *caremapURL, pid: *caremapPID,
		query: func(q question) string { return q.caremap }, at: func(q question) []any { return q.caremapAt }}}
	if *peerURL != "" {
		targets = append(targets, target{name: "peer", url: *peerURL, pid: *peerPID,
			query: func(q question) string { return q.peer }, at: func(q question) []any { return q.peerAt }})
	}
	for _, t := range targets {
		if err := loopback(t.url); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	client := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConnsPerHost: cfg.clients, MaxConnsPerHost: cfg.clients, DisableCompression: true,
			DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		},
	}

	var qs []question
	for _, q := range questions {
		if cfg.only == nil || cfg.only[q.name] {
			qs = append(qs, q)
		}
	}
	if err := sameAnswers(ctx, client, targets, qs); err != nil {
		return err
	}
	if cfg.prewarm > 0 {
		each := cfg.prewarm / time.Duration(len(qs)*len(targets))
		for _, q := range qs {
			for _, t := range targets {
				body, _ := json.Marshal(map[string]string{"query": t.query(q)})
				load(ctx, client, t.url, body, cfg.clients, each, cfg.maxRequests)
			}
		}
	}
	fmt.Fprintf(stdout, "%d clients, %s per figure after %s of warm-up (and %s for all before the first), %d round(s); answers checked equal\n",
		cfg.clients, cfg.dur, cfg.warmup, cfg.prewarm, cfg.rounds)

	results := map[string][]result{} // question/target -> one per round
	for round := range cfg.rounds {
		for _, q := range qs {
			order := targets
			if round%2 == 1 { // alternate who goes first, so drift hits both
				order = slices.Clone(targets)
				slices.Reverse(order)
			}
			for _, t := range order {
				r, err := measure(ctx, client, t, q, cfg)
				if err != nil {
					return fmt.Errorf("%s on %s: %w", q.name, t.name, err)
				}
				results[q.name+"/"+t.name] = append(results[q.name+"/"+t.name], r)
				fmt.Fprintf(os.Stderr, "round %d: %-15s %-8s %7.0f req/s p50 %s p99 %s, %d errors\n",
					round+1, q.name, t.name, r.rate(), ms(r.pct(50)), ms(r.pct(99)), r.errors)
			}
		}
	}
	report(stdout, targets, qs, results, cfg)
	for _, rs := range results {
		for _, r := range rs {
			if r.errors > 0 {
				return errors.New("some requests failed (see the errors column)")
			}
		}
	}
	return nil
}

func questionNames() string {
	var ns []string
	for _, q := range questions {
		ns = append(ns, q.name)
	}
	return strings.Join(ns, ", ")
}

// loopback refuses a URL whose host is not a loopback address.
func loopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("invalid URL %q: allowed: http://127.0.0.1:PORT/…", raw)
	}
	h := u.Hostname()
	if ip := net.ParseIP(h); (ip == nil || !ip.IsLoopback()) && h != "localhost" {
		return fmt.Errorf("host %q is not loopback: load is only ever sent to 127.0.0.1, ::1 or localhost", h)
	}
	return nil
}

// ask sends one question and returns the answer under data.
func ask(ctx context.Context, client *http.Client, t target, q question) (any, error) {
	body, _ := json.Marshal(map[string]string{"query": t.query(q)})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("HTTP %d, body not JSON: %w", resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusOK || len(out.Errors) > 0 {
		return nil, fmt.Errorf("HTTP %d, errors %v", resp.StatusCode, out.Errors)
	}
	var v any = out.Data
	for _, k := range t.at(q) {
		switch k := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil, fmt.Errorf("answer has no item %d", k)
			}
			v = l[k]
		}
	}
	return v, nil
}

// sameAnswers asks every target every question once and requires equal
// answers.
func sameAnswers(ctx context.Context, client *http.Client, ts []target, qs []question) error {
	for _, q := range qs {
		var first string
		for i, t := range ts {
			a, err := ask(ctx, client, t, q)
			if err != nil {
				return fmt.Errorf("%s on %s: %w", q.name, t.name, err)
			}
			if a == nil {
				return fmt.Errorf("%s on %s: no answer", q.name, t.name)
			}
			b, _ := json.Marshal(canonical(a, q.ordered))
			if i == 0 {
				first = string(b)
			} else if string(b) != first {
				return fmt.Errorf("%s: %s answers\n  %s\nbut %s answers\n  %s", q.name, ts[0].name, first, t.name, b)
			}
		}
	}
	return nil
}

// canonical sorts lists of objects by id, unless ordered.
func canonical(v any, ordered bool) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = canonical(x, ordered)
		}
	case []any:
		for i, x := range v {
			v[i] = canonical(x, ordered)
		}
		if !ordered {
			slices.SortFunc(v, func(a, b any) int {
				am, _ := a.(map[string]any)
				bm, _ := b.(map[string]any)
				return strings.Compare(fmt.Sprint(am["id"]), fmt.Sprint(bm["id"]))
			})
		}
	}
	return v
}

// result is one measurement.
type result struct {
	requests, errors int64
	elapsed          time.Duration
	latencies        []time.Duration // sorted
	neo4jCPU         time.Duration   // the Neo4j server's CPU over the measurement
	serverCPU        time.Duration   // the GraphQL server's CPU over the measurement
}

func (r result) rate() float64 { return float64(r.requests) / r.elapsed.Seconds() }

func (r result) pct(p int) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[min(len(r.latencies)-1, len(r.latencies)*p/100)]
}

func perRequest(cpu time.Duration, n int64) float64 {
	if n == 0 {
		return 0
	}
	return float64(cpu) / float64(time.Millisecond) / float64(n)
}

// measure sends q to t from cfg.clients closed-loop clients: cfg.warmup
// unmeasured, then cfg.dur (or cfg.maxRequests requests) measured.
func measure(ctx context.Context, client *http.Client, t target, q question, cfg config) (result, error) {
	body, _ := json.Marshal(map[string]string{"query": t.query(q)})
	if cfg.warmup > 0 {
		load(ctx, client, t.url, body, cfg.clients, cfg.warmup, cfg.maxRequests)
	}
	n0, s0 := cpuTime(cfg.neo4jPID), cpuTime(t.pid)
	start := time.Now()
	r := load(ctx, client, t.url, body, cfg.clients, cfg.dur, cfg.maxRequests)
	r.elapsed = time.Since(start)
	r.neo4jCPU, r.serverCPU = cpuTime(cfg.neo4jPID)-n0, cpuTime(t.pid)-s0
	if r.requests == 0 {
		return r, errors.New("no request was answered")
	}
	return r, ctx.Err()
}

// load runs the clients for d or until max requests have been sent.
func load(ctx context.Context, client *http.Client, u string, body []byte, clients int, d time.Duration, max int64) result {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var sent, errs atomic.Int64
	lat := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && sent.Add(1) <= max {
				t0 := time.Now()
				ok := once(ctx, client, u, body)
				if ctx.Err() != nil {
					sent.Add(-1) // cut off by the end of the run: not counted
					return
				}
				lat[i] = append(lat[i], time.Since(t0))
				if !ok {
					errs.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	var r result
	for _, l := range lat {
		r.latencies = append(r.latencies, l...)
	}
	slices.Sort(r.latencies)
	r.requests, r.errors = int64(len(r.latencies)), errs.Load()
	return r
}

var (
	dataPrefix = []byte(`{"data"`)
	errorsKey  = []byte(`"errors"`)
)

// once sends one request and reports whether it was answered 200 with data
// and no errors.
func once(ctx context.Context, client *http.Client, u string, body []byte) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return err == nil && resp.StatusCode == http.StatusOK &&
		bytes.HasPrefix(bytes.TrimSpace(b), dataPrefix) && !bytes.Contains(b, errorsKey)
}

// cpuTime returns the user and system CPU time of process pid (all its
// threads), or 0 when pid is 0 or unreadable. /proc counts in USER_HZ
// ticks, which Linux fixes at 100 a second for user space.
func cpuTime(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * 10 * time.Millisecond
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + " ms"
}

// span formats the range of the values as "a–b" (or "a" when equal).
func span(vals []float64, prec int) string {
	lo, hi := slices.Min(vals), slices.Max(vals)
	a, b := strconv.FormatFloat(lo, 'f', prec, 64), strconv.FormatFloat(hi, 'f', prec, 64)
	if a == b {
		return a
	}
	return a + "–" + b
}

// report prints the side-by-side table and the ratios.
func report(w io.Writer, ts []target, qs []question, results map[string][]result, cfg config) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "question\tserver\treq/s\tp50 ms\tp99 ms\tNeo4j CPU ms/req\tserver CPU ms/req\terrors\t")
	for _, q := range qs {
		for _, t := range ts {
			rs := results[q.name+"/"+t.name]
			var rate, p50, p99, ncpu, scpu []float64
			var errs int64
			for _, r := range rs {
				rate = append(rate, r.rate())
				p50 = append(p50, float64(r.pct(50))/float64(time.Millisecond))
				p99 = append(p99, float64(r.pct(99))/float64(time.Millisecond))
				ncpu = append(ncpu, perRequest(r.neo4jCPU, r.requests))
				scpu = append(scpu, perRequest(r.serverCPU, r.requests))
				errs += r.errors
			}
			n, s := "-", "-"
			if cfg.neo4jPID != 0 {
				n = span(ncpu, 2)
			}
			if t.pid != 0 {
				s = span(scpu, 2)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", q.name, t.name, span(rate, 0), span(p50, 1), span(p99, 1), n, s, errs)
		}
	}
	tw.Flush()
	if len(ts) < 2 {
		return
	}
	fmt.Fprintln(w, "\ncaremap req/s as a multiple of the peer's (per round):")
	for _, q := range qs {
		c, p := results[q.name+"/"+ts[0].name], results[q.name+"/"+ts[1].name]
		var ratio []float64
		for i := range c {
			ratio = append(ratio, c[i].rate()/p[i].rate())
		}
		fmt.Fprintf(w, "  %-15s %sx\n", q.name, span(ratio, 1))
	}
}
