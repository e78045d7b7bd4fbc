package neo4j

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	n4jlog "github.com/neo4j/neo4j-go-driver/v5/neo4j/log"

	"caremap/graph"
)

// Defaults for the zero values of Config.
const (
	DefaultDatabase       = "neo4j"
	DefaultUser           = "neo4j"
	DefaultQueryTimeout   = 10 * time.Second
	DefaultSeedTimeout    = 2 * time.Minute
	DefaultConnectTimeout = 5 * time.Second
	DefaultRetryTime      = 2 * time.Second
	DefaultMaxConnections = 50
	DefaultConnectBackoff = 500 * time.Millisecond
	maxConnectBackoff     = 8 * time.Second
)

// Config says how to reach Neo4j. Only URI is required.
type Config struct {
	URI      string // e.g. "bolt://127.0.0.1:7687" or "neo4j://host:7687"
	User     string // DefaultUser when empty
	Password string
	Database string // DefaultDatabase when empty

	QueryTimeout   time.Duration // server-side timeout of each read transaction (DefaultQueryTimeout)
	SeedTimeout    time.Duration // timeout of the seeding write transaction (DefaultSeedTimeout)
	ConnectTimeout time.Duration // socket connect and pool acquisition timeout (DefaultConnectTimeout)
	MaxConnections int           // connection pool size (DefaultMaxConnections)
	// RetryTime is how long a transaction that failed transiently (a
	// dropped connection, a leader switch) is retried before the error is
	// returned (DefaultRetryTime); short, so an outage answers quickly.
	RetryTime time.Duration

	// ConnectAttempts is how many times Open tries to reach the server before
	// giving up (at least 1), waiting ConnectBackoff, then twice as long each
	// time (capped at 8 s), between attempts.
	ConnectAttempts int
	ConnectBackoff  time.Duration

	// Log, when set, receives the driver's warnings and errors.
	Log *slog.Logger

	// beforeSeedBatch, when set, runs before each write batch of a seed;
	// an error from it aborts the seed. Tests use it to fail mid-way.
	beforeSeedBatch func(batch, batches int) error
}

func (c Config) withDefaults() Config {
	if c.User == "" {
		c.User = DefaultUser
	}
	if c.Database == "" {
		c.Database = DefaultDatabase
	}
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = DefaultQueryTimeout
	}
	if c.SeedTimeout <= 0 {
		c.SeedTimeout = DefaultSeedTimeout
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = DefaultConnectTimeout
	}
	if c.RetryTime <= 0 {
		c.RetryTime = DefaultRetryTime
	}
	if c.MaxConnections <= 0 {
		c.MaxConnections = DefaultMaxConnections
	}
	if c.ConnectAttempts < 1 {
		c.ConnectAttempts = 1
	}
	if c.ConnectBackoff <= 0 {
		c.ConnectBackoff = DefaultConnectBackoff
	}
	return c
}

// Store is a graph.Store over a Neo4j database. It holds the process's one
// driver; it is safe for concurrent use.
type Store struct {
	cfg        Config
	uri        string // cfg.URI without credentials, for messages
	driver     n4j.DriverWithContext
	roundTrips atomic.Int64

	// profile, when set (by tests), makes every read a PROFILE and is
	// given each one's plan with its operation's name.
	profile func(op string, plan n4j.ProfiledPlan)

	docsMu sync.Mutex
	docs   map[string]graph.SearchDoc // by node id and hash; see searchDoc
}

var _ graph.Store = (*Store)(nil)

// Open creates the driver and checks that the server answers and accepts the
// credentials, retrying cfg.ConnectAttempts times with backoff. It does not
// check the dataset: see Check. Errors name the URI, never the password; an
// unreachable server wraps graph.ErrUnavailable.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	cfg = cfg.withDefaults()
	if cfg.URI == "" {
		return nil, errors.New("neo4j: no URI given")
	}
	s := &Store{cfg: cfg, uri: RedactURI(cfg.URI)}
	drv, err := n4j.NewDriverWithContext(cfg.URI, n4j.BasicAuth(cfg.User, cfg.Password, ""), func(c *n4j.Config) {
		c.SocketConnectTimeout = cfg.ConnectTimeout
		c.ConnectionAcquisitionTimeout = cfg.ConnectTimeout
		c.MaxConnectionPoolSize = cfg.MaxConnections
		c.MaxTransactionRetryTime = cfg.RetryTime
		if cfg.Log != nil {
			c.Log = slogAdapter{cfg.Log}
		}
	})
	if err != nil {
		// The driver's message quotes the URI as given; ours is redacted.
		return nil, fmt.Errorf("neo4j: cannot use URI %s: it must look like bolt://host:7687 or neo4j://host:7687", s.uri)
	}
	s.driver = drv
	wait := cfg.ConnectBackoff
	for attempt := 1; ; attempt++ {
		err = drv.VerifyAuthentication(ctx, nil)
		if err == nil {
			_, err = n4j.ExecuteQuery(ctx, drv, qPing, nil, n4j.EagerResultTransformer,
				n4j.ExecuteQueryWithDatabase(cfg.Database), n4j.ExecuteQueryWithReadersRouting())
			var nerr *n4j.Neo4jError
			if errors.As(err, &nerr) && nerr.Code == "Neo.ClientError.Database.DatabaseNotFound" {
				drv.Close(context.WithoutCancel(ctx))
				return nil, fmt.Errorf("neo4j: %s has no database %q (check NEO4J_DATABASE)", s.uri, cfg.Database)
			}
			if err == nil {
				return s, nil
			}
		}
		var authErr *n4j.InvalidAuthenticationError
		var nerr *n4j.Neo4jError
		if errors.As(err, &authErr) || (errors.As(err, &nerr) && nerr.HasSecurityCode()) {
			drv.Close(context.WithoutCancel(ctx))
			return nil, fmt.Errorf("neo4j: %s refused the credentials of user %q (check NEO4J_USER and NEO4J_PASSWORD)", s.uri, cfg.User)
		}
		if attempt >= cfg.ConnectAttempts || ctx.Err() != nil {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, maxConnectBackoff)
	}
	drv.Close(context.WithoutCancel(ctx))
	return nil, fmt.Errorf("neo4j: cannot reach %s after %d attempt(s) (%s): %w", s.uri, cfg.ConnectAttempts, errorKind(err), graph.ErrUnavailable)
}

// Close closes the driver and its connections.
func (s *Store) Close(ctx context.Context) error {
	if err := s.driver.Close(ctx); err != nil {
		return fmt.Errorf("neo4j: closing the driver for %s: %w", s.uri, err)
	}
	return nil
}

// URI returns the server's URI without credentials, for messages and logs.
func (s *Store) URI() string { return s.uri }

// RoundTrips returns how many queries the store has sent to the server since
// it was opened; tests use it to prove that batch methods cost one each.
func (s *Store) RoundTrips() int64 { return s.roundTrips.Load() }

// RedactURI returns uri without any user information, so it can be shown.
func RedactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		return "(invalid URI)"
	}
	u.User = nil
	return u.String()
}

// read runs one query as an auto-commit read transaction with the
// configured timeout, and returns its records. A transient failure (a
// dropped connection, a cluster member going away) is retried, waiting a
// little longer each time, for up to cfg.RetryTime, as a managed
// transaction would be; a read has nothing to roll back. An auto-commit
// transaction costs the server half of what an explicit one does (no BEGIN
// and COMMIT messages, no explicit transaction state), which on a small
// query is most of its cost.
func (s *Store) read(ctx context.Context, op, query string, params map[string]any) ([]*n4j.Record, error) {
	s.roundTrips.Add(1)
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout+time.Second)
	defer cancel()
	if s.profile != nil {
		query = "PROFILE " + query
	}
	give := time.Now().Add(s.cfg.RetryTime)
	wait := firstRetryWait
	for {
		recs, summary, err := s.run(ctx, query, params)
		if err == nil {
			if s.profile != nil {
				s.profile(op, summary.Profile())
			}
			return recs, nil
		}
		if !n4j.IsRetryable(err) || ctx.Err() != nil || time.Now().Add(wait).After(give) {
			return nil, s.mapError(ctx, op, err)
		}
		select {
		case <-ctx.Done():
			return nil, s.mapError(ctx, op, err)
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// firstRetryWait is how long read waits before its first retry.
const firstRetryWait = 25 * time.Millisecond

// run sends one auto-commit read query and returns its records and summary.
func (s *Store) run(ctx context.Context, query string, params map[string]any) ([]*n4j.Record, n4j.ResultSummary, error) {
	session := s.driver.NewSession(ctx, n4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: n4j.AccessModeRead})
	defer session.Close(context.WithoutCancel(ctx))
	res, err := session.Run(ctx, query, params, n4j.WithTxTimeout(s.cfg.QueryTimeout))
	if err != nil {
		return nil, nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, nil, err
	}
	summary, err := res.Consume(ctx)
	return recs, summary, err
}

// mapError turns a driver error into one wrapping the domain's sentinels.
// The message names the operation and the kind of failure, never the query
// text or the credentials.
func (s *Store) mapError(ctx context.Context, op string, err error) error {
	if cerr := context.Cause(ctx); cerr != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil) {
		if errors.Is(cerr, context.DeadlineExceeded) {
			return fmt.Errorf("%s: neo4j at %s timed out: %w", op, s.uri, graph.ErrUnavailable)
		}
		return fmt.Errorf("%s: %w", op, cerr)
	}
	if unavailable(err) {
		return fmt.Errorf("%s: neo4j at %s is unavailable (%s): %w", op, s.uri, errorKind(err), graph.ErrUnavailable)
	}
	return &QueryError{Op: op, Code: errorKind(err), err: err}
}

// QueryError is a failure of the database that is neither a bad argument nor
// an outage: a bug, a schema problem, a constraint violation. Its message
// holds the operation and the Neo4j status code only; Unwrap gives the
// driver's error, whose message may quote the query, for logs.
type QueryError struct {
	Op   string // the Store method, e.g. "organisation"
	Code string // the Neo4j status code, e.g. "Neo.ClientError.Statement.SyntaxError"
	err  error
}

func (e *QueryError) Error() string { return fmt.Sprintf("%s: neo4j query failed (%s)", e.Op, e.Code) }

// Unwrap returns the driver's error.
func (e *QueryError) Unwrap() error { return e.err }

// unavailable reports whether err means the server cannot answer now.
func unavailable(err error) bool {
	var nerr *n4j.Neo4jError
	if errors.As(err, &nerr) {
		switch nerr.Code {
		case "Neo.ClientError.Database.DatabaseNotFound",
			"Neo.TransientError.General.DatabaseUnavailable",
			"Neo.ClientError.Transaction.TransactionTimedOut",
			"Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			return true
		}
		return nerr.Classification() == "TransientError"
	}
	var connErr *n4j.ConnectivityError
	var limitErr *n4j.TransactionExecutionLimit
	return errors.As(err, &connErr) || errors.As(err, &limitErr) || n4j.IsRetryable(err) ||
		errors.Is(err, context.DeadlineExceeded)
}

// errorKind names the kind of a driver error without its message.
func errorKind(err error) string {
	var nerr *n4j.Neo4jError
	var connErr *n4j.ConnectivityError
	var limitErr *n4j.TransactionExecutionLimit
	var usageErr *n4j.UsageError
	switch {
	case errors.As(err, &nerr):
		return nerr.Code
	case errors.As(err, &connErr):
		return "connection failed"
	case errors.As(err, &limitErr):
		if n := len(limitErr.Errors); n > 0 && !errors.As(limitErr.Errors[n-1], &limitErr) {
			return "retries exhausted: " + errorKind(limitErr.Errors[n-1])
		}
		return "retries exhausted"
	case errors.As(err, &usageErr):
		return "driver usage error"
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	return "unexpected error"
}

// slogAdapter sends the driver's log to slog; the driver's debug and info
// chatter goes to Debug.
type slogAdapter struct{ l *slog.Logger }

var _ n4jlog.Logger = slogAdapter{}

func (a slogAdapter) Error(name, id string, err error) {
	a.l.Warn("neo4j driver", "component", name, "id", id, "err", errorKind(err))
}

func (a slogAdapter) Warnf(name, id string, msg string, args ...any) {
	a.l.Warn("neo4j driver: "+fmt.Sprintf(msg, args...), "component", name, "id", id)
}

func (a slogAdapter) Infof(name, id string, msg string, args ...any) {
	a.l.Debug("neo4j driver: "+fmt.Sprintf(msg, args...), "component", name, "id", id)
}

func (a slogAdapter) Debugf(name, id string, msg string, args ...any) {
	a.l.Debug("neo4j driver: "+fmt.Sprintf(msg, args...), "component", name, "id", id)
}

// Warm asks every read statement once, with arguments that name nothing, so
// Neo4j plans and caches them before the first requests need them: on a
// cold server the largest takes seconds to plan. It returns the first
// error; a caller may run it in the background and ignore it, since a
// statement that is not warm is planned when first asked.
func (s *Store) Warm(ctx context.Context) error {
	none := []string{""}
	steps := []graph.ExpandStep{{Parent: -1}, {Parent: 0}, {Parent: 1}, {Parent: 2}}
	asks := []func() error{
		func() error { _, err := s.Info(ctx); return err },
		func() error { _, err := s.Nodes(ctx, none); return err },
		func() error { _, err := s.Relationships(ctx, none, nil, graph.Both); return err },
		func() error { _, _, err := s.Neighbours(ctx, none, nil, graph.Both); return err },
		func() error { _, err := s.Expand(ctx, none, steps); return err },
		func() error { _, err := s.Search(ctx, "warm", 1); return err },
		func() error { _, err := s.Stats(ctx); return err },
		func() error { _, err := s.Services(ctx, graph.Page{First: 1}); return err },
		func() error { _, err := s.Graph(ctx, graph.GraphQuery{MaxNodes: 1}); return err },
	}
	for _, f := range []graph.OrganisationFilter{{PartOf: "-"}, {MemberOf: "-"}, {InstanceOf: "-"}, {Classes: true}, {Kind: graph.KindNHSBody}, {}} {
		asks = append(asks, func() error { _, err := s.Organisations(ctx, f, graph.Page{First: 1}); return err })
	}
	// The records of a neighbourhood and of a path, which their methods
	// fetch only for a node that exists.
	asks = append(asks,
		func() error { _, err := s.subgraph(ctx, "warm", none, nil); return err },
		func() error {
			_, err := s.fetch(ctx, "warm", none, []graph.EdgeRef{{ID: "", From: "", To: ""}})
			return err
		})
	// These answer not found for an id that names nothing, after their
	// statement has run.
	for _, f := range []func() error{
		func() error { _, err := s.Organisation(ctx, ""); return err },
		func() error { _, err := s.Service(ctx, ""); return err },
		func() error { _, err := s.WhoCommissions(ctx, ""); return err },
		func() error { _, err := s.AccountabilityChain(ctx, ""); return err },
		func() error { _, err := s.MoneyFlow(ctx, ""); return err },
		func() error { _, err := s.Neighbourhood(ctx, graph.NeighbourhoodQuery{ID: "", Depth: 1}); return err },
		func() error { _, err := s.ShortestPath(ctx, graph.PathQuery{From: "", To: "", MaxHops: 1}); return err },
	} {
		asks = append(asks, func() error {
			if err := f(); err != nil && !errors.Is(err, graph.ErrNotFound) {
				return err
			}
			return nil
		})
	}
	for _, ask := range asks {
		if err := ask(); err != nil && !errors.Is(err, graph.ErrTooLarge) {
			return fmt.Errorf("neo4j: warming the plan cache: %w", err)
		}
	}
	return nil
}
