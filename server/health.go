package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// health asks a running caremap whether it is alive (/healthz) or ready
// (/readyz) and returns nil only for a 200 answer. It is the container
// health check: the image has no shell and no curl, only this binary.
// It reads the address the way serve does (--addr, else CAREMAP_ADDR), so
// the one setting serves both; an address that listens on every interface
// (0.0.0.0:8080, [::]:8080, :8080) is asked on loopback.
func health(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	addr := getenv("CAREMAP_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	fs := flag.NewFlagSet("health", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&addr, "addr", addr, "`host:port` caremap serves on (env CAREMAP_ADDR)")
	ready := fs.Bool("ready", false, "ask /readyz (serving, and the store holds this binary's dataset) instead of /healthz (the process answers)")
	timeout := fs.Duration("timeout", 3*time.Second, "longest to wait for the answer")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: caremap health [flags]\n\nAsks a running caremap for /healthz (or /readyz with --ready) and exits 0 if it\nanswers 200, 1 otherwise: a health check for containers, which need no curl.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "caremap health: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	target, err := healthTarget(addr)
	if err != nil {
		return err
	}
	if *timeout <= 0 {
		return fmt.Errorf("--timeout %s: want a positive duration such as 3s", *timeout)
	}
	path := "/healthz"
	if *ready {
		path = "/readyz"
	}
	url := "http://" + target + path
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	// Straight to the server: no proxy from the environment, no redirects.
	client := &http.Client{
		Transport:     &http.Transport{Proxy: nil, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("health: %s did not answer: %w", url, errors.Unwrap(err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	answer := strings.TrimSpace(string(body))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health: %s answered %s: %s", url, resp.Status, answer)
	}
	fmt.Fprintf(stdout, "%s: %s\n", url, answer)
	return nil
}

// healthTarget turns a listening address into one to connect to: a host
// that means every interface becomes the loopback address of its family.
func healthTarget(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return "", fmt.Errorf("health: address %q: want host:port, e.g. 127.0.0.1:8080", addr)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return net.JoinHostPort(host, port), nil
}
