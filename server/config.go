package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"caremap/render"
)

// serveConfig is every setting of "caremap serve".
type serveConfig struct {
	Addr             string
	LogFormat        string // text or json
	LogLevel         slog.Level
	RequestTimeout   time.Duration
	ShutdownTimeout  time.Duration
	MaxInFlight      int           // requests served at once; past it, 503
	MaxHeaderBytes   int           // request header size
	BodyTimeout      time.Duration // longest a request body may take to arrive; 0 means 5 s
	Development      bool          // GraphQL field suggestions on
	RenderWorkers    int           // diagram worker processes
	RenderTimeout    time.Duration // longest one diagram may take to draw; shorter than RequestTimeout
	RenderBudget     time.Duration // longest one diagram may be predicted to take; past it, 422; negative: no prediction
	RenderCacheBytes int64         // memory for rendered diagrams
	RenderWarm       bool          // render the default diagrams at start-up
	GraphQLCache     int64         // memory for GraphQL answers to GET, in bytes; 0: no in-process cache
	GraphQLMaxAge    time.Duration // how long clients and CDNs may keep a GET /graphql answer; 0: revalidate each time
	DatasetPoll      time.Duration // with Neo4j: how often to look for a re-seeded dataset
	BaseURL          string        // public origin for embed code; "" means the request's, if its host is allowed
	AllowedHosts     []string      // Host headers trusted to name this server when BaseURL is ""; nil: the listen address
	Neo4j            neo4jConfig
}

// neo4jConfig selects the Neo4j store; URI "" means the embedded store.
type neo4jConfig struct {
	URI, User, Password, Database string
	ConnectAttempts               int  // tries to reach the server at start, with backoff
	Seed                          bool // load the embedded dataset before serving
}

// neo4jFlags adds the Neo4j settings to fs; it returns a check to run
// after parsing, which appends any problems.
func neo4jFlags(fs *flag.FlagSet, cfg *neo4jConfig, getenv func(string) string) func(problems []string) []string {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&cfg.URI, "neo4j-uri", env("NEO4J_URI", ""), "Neo4j Bolt URI, e.g. neo4j://127.0.0.1:7687; empty uses the embedded store (env NEO4J_URI)")
	fs.StringVar(&cfg.User, "neo4j-user", env("NEO4J_USER", "neo4j"), "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&cfg.Database, "neo4j-database", env("NEO4J_DATABASE", "neo4j"), "Neo4j database (env NEO4J_DATABASE)")
	attempts := fs.String("neo4j-connect-attempts", env("NEO4J_CONNECT_ATTEMPTS", "5"), "tries to reach Neo4j at start, waiting 0.5 s, then twice as long each time (env NEO4J_CONNECT_ATTEMPTS)")
	cfg.Password = getenv("NEO4J_PASSWORD") // never a flag: it would show in ps
	return func(problems []string) []string {
		var err error
		if cfg.ConnectAttempts, err = intIn(*attempts, 1, 100); err != nil {
			problems = append(problems, fmt.Sprintf("--neo4j-connect-attempts %q: %v", *attempts, err))
		}
		if cfg.URI != "" && !hasScheme(cfg.URI, "neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc") {
			problems = append(problems, "--neo4j-uri: want a Bolt URI such as neo4j://127.0.0.1:7687 (schemes: neo4j, neo4j+s, neo4j+ssc, bolt, bolt+s, bolt+ssc)")
		}
		return problems
	}
}

// parseServe reads flags, falling back to the environment, and validates.
// Flags win over the environment.
func parseServe(args []string, getenv func(string) string, stderr io.Writer) (serveConfig, error) {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	var cfg serveConfig
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", env("CAREMAP_ADDR", "127.0.0.1:8080"), "`host:port` to listen on (env CAREMAP_ADDR)")
	fs.StringVar(&cfg.LogFormat, "log-format", env("CAREMAP_LOG_FORMAT", "text"), "log format: text or json (env CAREMAP_LOG_FORMAT)")
	level := fs.String("log-level", env("CAREMAP_LOG_LEVEL", "info"), "log level: debug, info, warn or error (env CAREMAP_LOG_LEVEL)")
	timeout := fs.String("request-timeout", env("CAREMAP_REQUEST_TIMEOUT", "10s"), "longest a request may run (env CAREMAP_REQUEST_TIMEOUT)")
	shutdown := fs.String("shutdown-timeout", env("CAREMAP_SHUTDOWN_TIMEOUT", "15s"), "longest to wait for requests in flight on shutdown (env CAREMAP_SHUTDOWN_TIMEOUT)")
	inFlight := fs.String("max-in-flight", env("CAREMAP_MAX_IN_FLIGHT", "256"), "most requests served at once; more get 503 and Retry-After (env CAREMAP_MAX_IN_FLIGHT)")
	headerBytes := fs.String("max-header-bytes", env("CAREMAP_MAX_HEADER_BYTES", "16384"), "largest request header in bytes (env CAREMAP_MAX_HEADER_BYTES)")
	dev := fs.String("dev", env("CAREMAP_DEV", "false"), "development mode: GraphQL errors suggest field names (env CAREMAP_DEV)")
	workers := fs.String("render-workers", env("CAREMAP_RENDER_WORKERS", "2"), "diagram worker processes (env CAREMAP_RENDER_WORKERS)")
	renderTimeout := fs.String("render-timeout", env("CAREMAP_RENDER_TIMEOUT", "8s"), "longest one diagram may take to draw before its worker is killed; shorter than --request-timeout (env CAREMAP_RENDER_TIMEOUT)")
	renderBudget := fs.String("render-budget", env("CAREMAP_RENDER_BUDGET", render.DefaultBudget.String()), "longest one diagram may be predicted to take to draw; diagrams predicted to take longer are refused with 422 before they are drawn; 0 turns the prediction off (env CAREMAP_RENDER_BUDGET)")
	cacheMB := fs.String("render-cache-mb", env("CAREMAP_RENDER_CACHE_MB", "128"), "memory for rendered diagrams, in MiB (env CAREMAP_RENDER_CACHE_MB)")
	gqlCacheMB := fs.String("graphql-cache-mb", env("CAREMAP_GRAPHQL_CACHE_MB", "64"), "memory for answers to GET /graphql kept in this process, in MiB; 0 turns the cache off (ETags and 304s stay) (env CAREMAP_GRAPHQL_CACHE_MB)")
	gqlMaxAge := fs.String("graphql-max-age", env("CAREMAP_GRAPHQL_MAX_AGE", "60s"), "how long browsers and CDNs may keep an answer to GET /graphql (Cache-Control max-age); 0 makes them revalidate each time (env CAREMAP_GRAPHQL_MAX_AGE)")
	datasetPoll := fs.String("dataset-poll", env("CAREMAP_DATASET_POLL", "2s"), "with Neo4j: how often to look for a dataset written by caremap seed, which is then served without a restart (env CAREMAP_DATASET_POLL)")
	fs.BoolVar(&cfg.RenderWarm, "render-warm", env("CAREMAP_RENDER_WARM", "true") == "true", "render the default diagrams into the cache at start-up, in the background (env CAREMAP_RENDER_WARM)")
	fs.StringVar(&cfg.BaseURL, "base-url", env("CAREMAP_BASE_URL", ""), "public origin used in embed code, e.g. https://caremap.example.org; empty uses the request's (env CAREMAP_BASE_URL)")
	hosts := fs.String("allowed-hosts", env("CAREMAP_ALLOWED_HOSTS", ""), "comma-separated host:port values of the Host header trusted for absolute URLs in embed code when --base-url is unset; empty means the listen address (env CAREMAP_ALLOWED_HOSTS)")
	checkNeo4j := neo4jFlags(fs, &cfg.Neo4j, getenv)
	fs.BoolVar(&cfg.Neo4j.Seed, "seed", false, "with Neo4j: load the embedded dataset into it before serving (as caremap seed does)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: caremap serve [flags]\n\nServes the GraphQL API (/graphql), the playground (/playground) and diagrams.\nEvery flag can also be set by the environment variable named beside it;\nNEO4J_PASSWORD is read from the environment only.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, errHelp
		}
		return cfg, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "caremap serve: unexpected argument %q\n", fs.Arg(0))
		return cfg, errUsage
	}
	var problems []string
	if _, _, err := net.SplitHostPort(cfg.Addr); err != nil {
		problems = append(problems, fmt.Sprintf("--addr %q: want host:port, e.g. 127.0.0.1:8080", cfg.Addr))
	}
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		problems = append(problems, fmt.Sprintf("--log-format %q: allowed: text, json", cfg.LogFormat))
	}
	if err := cfg.LogLevel.UnmarshalText([]byte(*level)); err != nil {
		problems = append(problems, fmt.Sprintf("--log-level %q: allowed: debug, info, warn, error", *level))
	}
	var err error
	if cfg.RequestTimeout, err = positiveDuration(*timeout); err != nil {
		problems = append(problems, fmt.Sprintf("--request-timeout %q: %v", *timeout, err))
	}
	if cfg.ShutdownTimeout, err = positiveDuration(*shutdown); err != nil {
		problems = append(problems, fmt.Sprintf("--shutdown-timeout %q: %v", *shutdown, err))
	}
	if cfg.MaxInFlight, err = intIn(*inFlight, 1, 100000); err != nil {
		problems = append(problems, fmt.Sprintf("--max-in-flight %q: %v", *inFlight, err))
	}
	if cfg.MaxHeaderBytes, err = intIn(*headerBytes, 1024, 1<<20); err != nil {
		problems = append(problems, fmt.Sprintf("--max-header-bytes %q: %v", *headerBytes, err))
	}
	if cfg.Development, err = strconv.ParseBool(*dev); err != nil {
		problems = append(problems, fmt.Sprintf("--dev %q: allowed: true, false", *dev))
	}
	if cfg.RenderWorkers, err = intIn(*workers, 1, 32); err != nil {
		problems = append(problems, fmt.Sprintf("--render-workers %q: %v", *workers, err))
	}
	if cfg.RenderTimeout, err = positiveDuration(*renderTimeout); err != nil {
		problems = append(problems, fmt.Sprintf("--render-timeout %q: %v", *renderTimeout, err))
	} else if cfg.RequestTimeout > 0 && cfg.RenderTimeout >= cfg.RequestTimeout {
		// Else a diagram's request would end before its render, which
		// would run on for nobody.
		problems = append(problems, fmt.Sprintf("--render-timeout %s: want it shorter than --request-timeout %s", cfg.RenderTimeout, cfg.RequestTimeout))
	}
	if *renderBudget == "0" {
		cfg.RenderBudget = -1 // off: only the deadline bounds a render
	} else if cfg.RenderBudget, err = positiveDuration(*renderBudget); err != nil {
		problems = append(problems, fmt.Sprintf("--render-budget %q: %v", *renderBudget, err))
	} else if cfg.RenderTimeout > 0 && cfg.RenderBudget >= cfg.RenderTimeout {
		problems = append(problems, fmt.Sprintf("--render-budget %s: want it shorter than --render-timeout %s", cfg.RenderBudget, cfg.RenderTimeout))
	}
	mb, err := intIn(*cacheMB, 1, 1<<16)
	if err != nil {
		problems = append(problems, fmt.Sprintf("--render-cache-mb %q: %v", *cacheMB, err))
	}
	cfg.RenderCacheBytes = int64(mb) << 20
	if mb, err = intIn(*gqlCacheMB, 0, 1<<16); err != nil {
		problems = append(problems, fmt.Sprintf("--graphql-cache-mb %q: %v", *gqlCacheMB, err))
	}
	cfg.GraphQLCache = int64(mb) << 20
	if cfg.DatasetPoll, err = positiveDuration(*datasetPoll); err != nil {
		problems = append(problems, fmt.Sprintf("--dataset-poll %q: %v", *datasetPoll, err))
	}
	if *gqlMaxAge != "0" {
		if cfg.GraphQLMaxAge, err = positiveDuration(*gqlMaxAge); err != nil || cfg.GraphQLMaxAge > 24*time.Hour {
			problems = append(problems, fmt.Sprintf("--graphql-max-age %q: want 0 or a duration up to 24h, such as 60s", *gqlMaxAge))
		}
	}
	if cfg.BaseURL != "" {
		if u, err := url.Parse(cfg.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			problems = append(problems, fmt.Sprintf("--base-url %q: want an origin such as https://caremap.example.org", cfg.BaseURL))
		}
		cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	}
	for _, h := range strings.Split(*hosts, ",") {
		if h = strings.ToLower(strings.TrimSpace(h)); h == "" {
			continue
		}
		if strings.ContainsAny(h, "/@?# ") {
			problems = append(problems, fmt.Sprintf("--allowed-hosts: %q is not a host[:port]", h))
			continue
		}
		cfg.AllowedHosts = append(cfg.AllowedHosts, h)
	}
	problems = checkNeo4j(problems)
	if len(problems) > 0 {
		return cfg, fmt.Errorf("invalid settings:\n  %s", strings.Join(problems, "\n  "))
	}
	return cfg, nil
}

// errHelp: --help was asked for and printed; not a failure.
var errHelp = errors.New("help")

func positiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, errors.New("want a positive duration such as 10s or 500ms")
	}
	return d, nil
}

func intIn(s string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("want an integer from %d to %d", lo, hi)
	}
	return n, nil
}

func hasScheme(uri string, schemes ...string) bool {
	for _, s := range schemes {
		if strings.HasPrefix(uri, s+"://") {
			return true
		}
	}
	return false
}
