//go:build soak

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"caremap/playground"
)

// The soak (make soak; not in CI): the real binary under a mix of what
// users do and every hostile class of the hostile-load suite at once, for
// -soak.duration, printing throughput, latency percentiles, answers by
// class and status, and the server's peak memory.

var soakDuration = flag.Duration("soak.duration", 10*time.Minute, "how long the soak runs")

// soakStats counts answers by class and status, and latencies of the
// users' requests by kind.
type soakStats struct {
	mu        sync.Mutex
	byClass   map[string]map[int]int // class -> status (0: transport error) -> count
	latencies map[string][]time.Duration
}

func (s *soakStats) add(class string, a answer, user bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byClass[class] == nil {
		s.byClass[class] = map[int]int{}
	}
	status := a.status
	if a.err != nil {
		status = 0
	}
	s.byClass[class][status]++
	if user && a.err == nil {
		s.latencies[class] = append(s.latencies[class], a.took)
	}
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func TestSoak(t *testing.T) {
	s := startHostile(t)
	ctx, cancel := context.WithTimeout(context.Background(), *soakDuration)
	defer cancel()
	st := &soakStats{byClass: map[string]map[int]int{}, latencies: map[string][]time.Duration{}}
	var wg sync.WaitGroup
	run := func(workers int, class string, user bool, pause time.Duration, one func(ctx context.Context, i int) answer) {
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; ctx.Err() == nil; i += workers {
					a := one(ctx, i)
					if ctx.Err() != nil && a.err != nil {
						return // the soak ended mid-request
					}
					st.add(class, a, user)
					if pause > 0 {
						select {
						case <-ctx.Done():
						case <-time.After(pause):
						}
					}
				}
			}()
		}
	}

	// What users do: the playground's questions, cached diagrams, and
	// diagrams nobody asked for yet.
	questions := []string{}
	for _, e := range playground.DefaultExamples {
		b, _ := json.Marshal(map[string]any{"query": e.Query, "variables": json.RawMessage(orEmpty(e.Variables))})
		questions = append(questions, string(b))
	}
	run(12, "user: playground questions", true, 0, func(ctx context.Context, i int) answer {
		return s.do(ctx, "POST", "/graphql", questions[i%len(questions)])
	})
	cached := []string{"/diagram.svg", "/diagram/nhs-england.svg", "/diagram.png", "/diagram/monitor.svg?depth=2"}
	run(4, "user: cached diagrams", true, 0, func(ctx context.Context, i int) answer {
		return s.do(ctx, "GET", cached[i%len(cached)], "")
	})
	ids := soakIDs(t, s)
	types := allRelTypes(0)
	run(2, "user: cold diagrams", true, 0, func(ctx context.Context, i int) answer {
		// A random body, depth, direction, theme and three types: nearly
		// every one is drawn for the first time.
		pick := rand.Perm(len(types))[:3]
		u := fmt.Sprintf("/diagram/%s.%s?depth=%d&theme=%s&direction=%s&types=%s,%s,%s", ids[rand.IntN(len(ids))],
			[]string{"svg", "svg", "png", "pdf"}[rand.IntN(4)], 1+rand.IntN(2), []string{"light", "dark"}[rand.IntN(2)],
			[]string{"BOTH", "OUTGOING", "INCOMING"}[rand.IntN(3)], types[pick[0]], types[pick[1]], types[pick[2]])
		return s.do(ctx, "GET", u, "")
	})
	run(1, "user: /healthz", true, 500*time.Millisecond, func(ctx context.Context, i int) answer {
		return s.do(ctx, "GET", "/healthz", "")
	})

	// The hostile classes, each at a bounded rate.
	heavy := heavyDiagrams(48)
	run(2, "hostile: costly renders", false, 50*time.Millisecond, func(ctx context.Context, i int) answer {
		return s.do(ctx, "GET", heavy[i%len(heavy)], "")
	})
	abandoned := abandonedDiagrams(900)
	run(8, "hostile: abandoned renders", false, 50*time.Millisecond, func(ctx context.Context, i int) answer {
		rctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		return s.do(rctx, "GET", abandoned[i%len(abandoned)], "")
	})
	validation := []string{
		gqlQuery("{ organisation(id: \"nhs-england\") {" + strings.Repeat(" relationships(first: 7) { id } relationships(first: 8) { id }", 220) + " } }"),
		gqlQuery("{ organisation(id: \"nhs-england\") { " + strings.Repeat("name ", 3900) + "} }"),
	}
	run(2, "hostile: validation amplifiers", false, 20*time.Millisecond, func(ctx context.Context, i int) answer {
		return s.do(ctx, "POST", "/graphql", validation[i%len(validation)])
	})
	long, _ := json.Marshal(map[string]any{"query": "query($t: String!) { a: search(text: $t) { score } }", "variables": map[string]string{"t": strings.Repeat("care quality ", 2400)}})
	run(1, "hostile: 30 KB searches", false, 20*time.Millisecond, func(ctx context.Context, i int) answer {
		return s.do(ctx, "POST", "/graphql", string(long))
	})
	run(1, "hostile: invented operation names", false, 5*time.Millisecond, func(ctx context.Context, i int) answer {
		return s.do(ctx, "POST", "/graphql", gqlQuery(fmt.Sprintf("query Op%d { dataset { version } }", i)))
	})
	pad := strings.Repeat("__typename ", 99)
	run(1, "hostile: distinct large documents", false, 10*time.Millisecond, func(ctx context.Context, i int) answer {
		return s.do(ctx, "POST", "/graphql", gqlQuery(fmt.Sprintf(`query Q%d { organisation(id: "nhs-england") { partOf { %s} parts { %s} } }`, i, pad, pad)))
	})
	wg.Add(1)
	go func() { // slow bodies: 200 connections dribbling, replaced as they are answered 408
		defer wg.Done()
		dribble(ctx, strings.TrimPrefix(s.base, "http://"), 200, st)
	}()

	// Peak memory, sampled.
	var peak float64
	start := time.Now()
	for ctx.Err() == nil {
		time.Sleep(time.Second)
		peak = max(peak, s.peakMB())
	}
	wg.Wait()
	elapsed := time.Since(start)
	peak = max(peak, s.peakMB())

	report(t, st, elapsed, peak)
	if peak > rssCeilingMB {
		t.Errorf("peak RSS %.0f MB, over the %d MB ceiling", peak, rssCeilingMB)
	}
	for class, statuses := range st.byClass {
		if strings.HasPrefix(class, "user:") && class != "user: cold diagrams" {
			for status, n := range statuses {
				if status != 200 {
					t.Errorf("%s: %d answers with status %d", class, n, status)
				}
			}
		}
	}
}

func orEmpty(s string) string {
	if s == "" {
		return "{}"
	}
	return s
}

// soakIDs are organisations to draw: the classes (no instances).
func soakIDs(t *testing.T, s *hostileServer) []string {
	a := s.do(context.Background(), "POST", "/graphql", gqlQuery(`{ organisations(first: 100, filter: {classesOnly: true}) { edges { node { id } } } }`))
	var r struct {
		Data struct {
			Organisations struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	if err := json.Unmarshal(a.body, &r); err != nil || len(r.Data.Organisations.Edges) == 0 {
		t.Fatalf("listing organisations: %d %.200s", a.status, a.body)
	}
	var ids []string
	for _, e := range r.Data.Organisations.Edges {
		ids = append(ids, e.Node.ID)
	}
	return ids
}

// dribble keeps n connections sending a 40 KB body a byte a second, and
// counts how they are answered.
func dribble(ctx context.Context, host string, n int, st *soakStats) {
	var mu sync.Mutex
	var conns []net.Conn
	open := func() {
		c, err := net.Dial("tcp", host)
		if err != nil {
			return
		}
		fmt.Fprintf(c, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 40960\r\n\r\n{\"query\": \"", host)
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
		go func() {
			buf := make([]byte, 64)
			c.SetReadDeadline(time.Now().Add(time.Minute))
			k, _ := c.Read(buf)
			status := 0
			if k > 12 {
				fmt.Sscanf(string(buf[9:12]), "%d", &status)
			}
			st.add("hostile: slow bodies", answer{status: status}, false)
			c.Close()
		}()
	}
	for range n {
		open()
	}
	for ctx.Err() == nil {
		time.Sleep(time.Second)
		mu.Lock()
		live := conns[:0]
		for _, c := range conns {
			if _, err := c.Write([]byte("a")); err == nil {
				live = append(live, c)
			}
		}
		conns = live
		missing := n - len(conns)
		mu.Unlock()
		for range missing {
			open()
		}
	}
	mu.Lock()
	for _, c := range conns {
		c.Close()
	}
	mu.Unlock()
}

func report(t *testing.T, st *soakStats, elapsed time.Duration, peak float64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "soak: %s, peak RSS %.0f MB\n", elapsed.Round(time.Second), peak)
	classes := make([]string, 0, len(st.byClass))
	for c := range st.byClass {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	fmt.Fprintf(&b, "%-36s %9s %8s %9s %9s  %s\n", "class", "requests", "req/s", "p50", "p99", "answers by status")
	var users int
	for _, c := range classes {
		total := 0
		var parts []string
		statuses := make([]int, 0)
		for s := range st.byClass[c] {
			statuses = append(statuses, s)
		}
		sort.Ints(statuses)
		for _, s := range statuses {
			total += st.byClass[c][s]
			label := fmt.Sprint(s)
			if s == 0 {
				label = "no answer"
			}
			parts = append(parts, fmt.Sprintf("%s: %d", label, st.byClass[c][s]))
		}
		if strings.HasPrefix(c, "user:") {
			users += total
		}
		p50, p99 := "", ""
		if l := st.latencies[c]; len(l) > 0 {
			p50, p99 = percentile(l, 0.5).Round(100*time.Microsecond).String(), percentile(l, 0.99).Round(100*time.Microsecond).String()
		}
		fmt.Fprintf(&b, "%-36s %9d %8.1f %9s %9s  %s\n", c, total, float64(total)/elapsed.Seconds(), p50, p99, strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, "users' throughput: %.0f requests/s\n", float64(users)/elapsed.Seconds())
	fmt.Fprint(os.Stdout, b.String())
	t.Log("\n" + b.String())
}
