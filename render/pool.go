package render

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"sync/atomic"
	"time"

	"caremap/graph"
)

// ErrBusy is returned when no worker became free within the queue wait.
// It wraps graph.ErrBusy: the HTTP layer answers 503 with Retry-After.
var ErrBusy = fmt.Errorf("render: all diagram workers are busy: %w", graph.ErrBusy)

// ErrTimeout matches a render that passed its deadline: the worker was
// killed. The error returned is a *CostError with Took set, so that
// errors.Is(err, ErrTimeout) holds while it is classified as too large
// (422): the same request would be stopped again. It wraps graph.ErrTimeout.
var ErrTimeout = fmt.Errorf("render: the diagram took too long to draw: %w", graph.ErrTimeout)

// PoolConfig configures a Pool.
type PoolConfig struct {
	// Command is the argv that starts one worker: a process that runs
	// ServeWorker on its stdin and stdout (the server passes its own
	// executable and "render-worker").
	Command []string
	// Env is the whole environment of a worker; the server's own
	// environment (credentials included) is not passed on.
	Env []string
	// Stderr receives the workers' standard error; nil discards it.
	Stderr io.Writer
	// Size is the number of workers; 0 means 2.
	Size int
	// Timeout bounds one render; past it the worker is killed and
	// replaced. 0 means 30 s.
	Timeout time.Duration
	// QueueWait bounds how long a render waits for a free worker before
	// ErrBusy. 0 means 10 s.
	QueueWait time.Duration
	// Limits caps the work of one render; zero means DefaultLimits.
	Limits Limits
	// Budget is the most a render may be predicted (Estimate) to take:
	// past it Render refuses with a *CostError before queueing. 0 means
	// DefaultBudget; a negative budget turns the check off.
	Budget time.Duration
	// Heavy is the prediction past which a render is heavy. Heavy renders
	// hold at most Size-Reserved workers at once, so a stream of them
	// cannot starve small ones. 0 means DefaultHeavy.
	Heavy time.Duration
	// Reserved is the number of workers heavy renders may never hold. 0
	// means 1 when Size is over 1; it is at most Size-1 (with one worker
	// nothing can be reserved).
	Reserved int
	// MaxQueue bounds the renders waiting for a worker; past it Render
	// fails with ErrBusy at once rather than hold one more DOT in memory.
	// 0 means 8 per worker.
	MaxQueue int
	// Killed, if set, is told about every worker killed at the deadline,
	// with the context of the render it was drawing (whose values name
	// the request), so that the kill can be logged.
	Killed func(ctx context.Context, err *CostError)
}

// DefaultHeavy is the predicted time past which a render is heavy.
const DefaultHeavy = time.Second

// Pool renders DOT in worker processes, one render per worker at a time.
// It is safe for concurrent use.
type Pool struct {
	cfg    PoolConfig
	free   chan *worker
	heavy  chan struct{} // one token per worker heavy renders may hold; nil: no limit
	mu     sync.Mutex
	closed bool
	all    map[*worker]bool
	wg     sync.WaitGroup
	stop   chan struct{}

	waiting, busy, heavyBusy atomic.Int64 // renders waiting for a worker; workers drawing; of them heavy
	busyRefusals, timeouts   atomic.Int64 // ErrBusy and kills so far
	costRefusals             atomic.Int64 // renders refused by the cost model so far
}

// PoolStats are a pool's figures, for metrics.
type PoolStats struct {
	Waiting   int64 // renders waiting for a free worker
	Busy      int64 // workers drawing a diagram
	Heavy     int64 // of them, drawing a heavy one
	Refused   int64 // renders refused with ErrBusy, since the start
	TooCostly int64 // renders refused by the cost model, since the start
	TimedOut  int64 // renders killed past their deadline, since the start
}

// Stats returns the pool's figures.
func (p *Pool) Stats() PoolStats {
	return PoolStats{Waiting: p.waiting.Load(), Busy: p.busy.Load(), Heavy: p.heavyBusy.Load(),
		Refused: p.busyRefusals.Load(), TooCostly: p.costRefusals.Load(), TimedOut: p.timeouts.Load()}
}

type worker struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	done chan struct{} // closed when the process has exited
}

// NewPool starts cfg.Size workers and returns the pool. It fails if a
// worker cannot be started.
func NewPool(cfg PoolConfig) (*Pool, error) {
	if len(cfg.Command) == 0 {
		return nil, errors.New("render: pool: no worker command")
	}
	if cfg.Size <= 0 {
		cfg.Size = 2
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.QueueWait <= 0 {
		cfg.QueueWait = 10 * time.Second
	}
	if cfg.Limits.MaxNodes == nil {
		cfg.Limits = DefaultLimits
	}
	if cfg.Budget == 0 {
		cfg.Budget = DefaultBudget
	}
	if cfg.Heavy <= 0 {
		cfg.Heavy = DefaultHeavy
	}
	if cfg.Reserved <= 0 {
		cfg.Reserved = 1
	}
	cfg.Reserved = min(cfg.Reserved, cfg.Size-1)
	if cfg.MaxQueue <= 0 {
		cfg.MaxQueue = 8 * cfg.Size
	}
	p := &Pool{cfg: cfg, free: make(chan *worker, cfg.Size), all: map[*worker]bool{}, stop: make(chan struct{})}
	if cfg.Reserved > 0 {
		p.heavy = make(chan struct{}, cfg.Size-cfg.Reserved)
	}
	for range cfg.Size {
		w, err := p.start()
		if err != nil {
			p.Close()
			return nil, err
		}
		p.free <- w
	}
	return p, nil
}

// Limits returns the caps the pool enforces.
func (p *Pool) Limits() Limits { return p.cfg.Limits }

func (p *Pool) start() (*worker, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, errors.New("render: pool closed")
	}
	cmd := exec.Command(p.cfg.Command[0], p.cfg.Command[1:]...)
	cmd.Env = append([]string{}, p.cfg.Env...)
	cmd.Stderr = p.cfg.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("render: start worker: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("render: start worker: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("render: start worker: %w", err)
	}
	w := &worker{cmd: cmd, in: in, out: bufio.NewReader(out), done: make(chan struct{})}
	p.all[w] = true
	p.wg.Add(1) // under p.mu, so never after Close has begun waiting
	go func() {
		defer p.wg.Done()
		_ = cmd.Wait()
		close(w.done)
		p.mu.Lock()
		delete(p.all, w)
		p.mu.Unlock()
	}()
	return w, nil
}

// replace kills w and, in the background, starts a worker in its place,
// retrying while the pool is open.
func (p *Pool) replace(w *worker) {
	_ = w.cmd.Process.Kill()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		<-w.done
		for delay := 100 * time.Millisecond; ; delay = min(2*delay, 5*time.Second) {
			nw, err := p.start()
			if err == nil {
				p.free <- nw
				return
			}
			select {
			case <-p.stop:
				return
			case <-time.After(delay):
			}
		}
	}()
}

// CheckCost measures dot and predicts how long drawing it with layout as f
// takes, against the pool's caps and budget (see the function CheckCost).
// Render calls it first; a caller may call it to choose a view that fits.
func (p *Pool) CheckCost(dot []byte, f Format, layout Layout) (time.Duration, error) {
	return CheckCost(dot, f, layout, p.cfg.Limits, p.cfg.Budget)
}

// Render lays dot out with layout and draws it as f in a worker. DOT is
// returned as is. Before it queues, its cost is checked (CheckCost): a
// *graph.InvalidError for an unknown format or layout or malformed DOT, a
// *graph.TooLargeError past the caps, a *CostError past the budget. Then
// ErrBusy when the queue is full or no worker came free within QueueWait;
// a *CostError matching ErrTimeout when the render passed Timeout (the
// worker is killed and replaced); and ctx's error when ctx ended first. A
// render still waiting then leaves the queue; one already drawing runs on
// to its end or Timeout, since Graphviz cannot be interrupted, and its
// worker returns to the pool.
func (p *Pool) Render(ctx context.Context, dot []byte, f Format, layout Layout) ([]byte, error) {
	est, err := p.CheckCost(dot, f, layout)
	if err != nil {
		if errors.Is(err, graph.ErrTooLarge) {
			p.costRefusals.Add(1)
		}
		return nil, err
	}
	if f == DOTFormat {
		return dot, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.waiting.Add(1) > int64(p.cfg.MaxQueue) {
		p.waiting.Add(-1)
		p.busyRefusals.Add(1)
		return nil, ErrBusy
	}
	heavy := p.heavy != nil && est > p.cfg.Heavy
	w, err := p.acquire(ctx, heavy)
	p.waiting.Add(-1)
	if err != nil {
		return nil, err
	}
	p.busy.Add(1)
	if heavy {
		p.heavyBusy.Add(1)
	}

	type result struct {
		data []byte
		err  error
		io   bool // the worker's pipe failed: replace it
	}
	ch := make(chan result, 1)
	go func() {
		if err := writeFrame(w.in, request{DOT: dot, Format: f, Layout: layout, Limits: p.cfg.Limits}); err != nil {
			ch <- result{err: fmt.Errorf("render: worker: %w", err), io: true}
			return
		}
		var resp response
		if err := readFrame(w.out, &resp); err != nil {
			ch <- result{err: fmt.Errorf("render: worker: %w", err), io: true}
			return
		}
		data, err := fromResponse(resp)
		ch <- result{data: data, err: err}
	}()
	deadline := time.NewTimer(p.cfg.Timeout)
	settle := func(r result, ok bool) {
		deadline.Stop()
		p.busy.Add(-1)
		if heavy {
			p.heavyBusy.Add(-1)
			<-p.heavy
		}
		if ok && !r.io {
			p.free <- w
		} else {
			p.replace(w)
		}
	}
	killed := func() error {
		p.timeouts.Add(1)
		size, _ := Measure(dot)
		cerr := &CostError{Size: size, Layout: layout, Format: f, Estimate: est, Budget: p.cfg.Budget, Took: p.cfg.Timeout}
		if p.cfg.Killed != nil {
			p.cfg.Killed(ctx, cerr)
		}
		return cerr
	}
	select {
	case r := <-ch:
		settle(r, true)
		return r.data, r.err
	case <-deadline.C:
		settle(result{}, false)
		return nil, killed()
	case <-ctx.Done():
		// The caller has gone, but Graphviz cannot be interrupted: let the
		// render finish (still bounded by Timeout) and keep the worker,
		// rather than pay for a new one on every dropped connection.
		go func() {
			select {
			case r := <-ch:
				settle(r, true)
			case <-deadline.C:
				settle(result{}, false)
				killed()
			}
		}()
		return nil, ctx.Err()
	}
}

// acquire waits for a free worker, and first, for a heavy render, for one
// of the workers heavy renders may hold. It gives up when ctx ends, when
// QueueWait passes (ErrBusy) or when the pool closes; a render that gives
// up holds nothing.
func (p *Pool) acquire(ctx context.Context, heavy bool) (*worker, error) {
	wait := time.NewTimer(p.cfg.QueueWait)
	defer wait.Stop()
	if heavy {
		select {
		case p.heavy <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-wait.C:
			p.busyRefusals.Add(1)
			return nil, ErrBusy
		case <-p.stop:
			return nil, errors.New("render: pool closed")
		}
	}
	var err error
	select {
	case w := <-p.free:
		return w, nil
	case <-ctx.Done():
		err = ctx.Err()
	case <-wait.C:
		p.busyRefusals.Add(1)
		err = ErrBusy
	case <-p.stop:
		err = errors.New("render: pool closed")
	}
	if heavy {
		<-p.heavy
	}
	return nil, err
}

// Close stops every worker and waits for them to exit.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.stop)
	for w := range p.all {
		_ = w.in.Close()
		_ = w.cmd.Process.Kill()
	}
	p.mu.Unlock()
	p.wg.Wait()
	return nil
}
