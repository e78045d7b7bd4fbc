// Command ping logs in to a Neo4j server over Bolt and runs RETURN 1; neo4j.sh uses it to
// know when a server it started is ready. It reads NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD
// and exits 0 when the login and the query succeed, 1 otherwise (the reason on stderr,
// never the password).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	timeout := flag.Duration("timeout", 2*time.Second, "give up after this long")
	flag.Parse()
	if err := ping(*timeout, os.Getenv("NEO4J_URI"), os.Getenv("NEO4J_USER"), os.Getenv("NEO4J_PASSWORD")); err != nil {
		fmt.Fprintln(os.Stderr, "ping:", err)
		os.Exit(1)
	}
}

func ping(timeout time.Duration, uri, user, password string) error {
	if uri == "" {
		return fmt.Errorf("NEO4J_URI is not set")
	}
	if user == "" {
		user = "neo4j"
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(user, password, ""), func(c *neo4j.Config) {
		c.SocketConnectTimeout = timeout
		c.ConnectionAcquisitionTimeout = timeout
		c.MaxConnectionPoolSize = 1
	})
	if err != nil {
		return fmt.Errorf("%s: %w", uri, err)
	}
	defer driver.Close(context.Background())
	if err := driver.VerifyAuthentication(ctx, nil); err != nil {
		return fmt.Errorf("login to %s: %w", uri, err)
	}
	res, err := neo4j.ExecuteQuery(ctx, driver, "RETURN 1 AS one", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return fmt.Errorf("query on %s: %w", uri, err)
	}
	if len(res.Records) != 1 {
		return fmt.Errorf("query on %s: %d records, want 1", uri, len(res.Records))
	}
	return nil
}
