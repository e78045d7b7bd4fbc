package main

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// healthRun runs "caremap health" with args and the environment env.
func healthRun(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(t.Context(), append([]string{"health"}, args...), func(k string) string { return env[k] }, &out, &errOut)
	return out.String() + errOut.String(), err
}

// addrOf returns the host:port of a test server's URL.
func addrOf(url string) string { return strings.TrimPrefix(url, "http://") }

func TestHealthAgainstTheServer(t *testing.T) {
	st, info := memStore(t)
	log := slog.New(slog.DiscardHandler)
	cfg := serveConfig{RequestTimeout: 5 * time.Second}
	up := httptest.NewServer(newApp(cfg, log, st, info).routes())
	defer up.Close()
	down := httptest.NewServer(newApp(cfg, log, downStore{st}, info).routes())
	defer down.Close()

	for _, tc := range []struct {
		name    string
		env     map[string]string
		args    []string
		ok      bool
		mention string
	}{
		{"alive, by flag", nil, []string{"--addr", addrOf(up.URL)}, true, "/healthz: ok"},
		{"alive, by CAREMAP_ADDR", map[string]string{"CAREMAP_ADDR": addrOf(up.URL)}, nil, true, "/healthz: ok"},
		{"ready", nil, []string{"--addr", addrOf(up.URL), "--ready"}, true, `"ready":true`},
		{"alive with the store down", nil, []string{"--addr", addrOf(down.URL)}, true, "/healthz: ok"},
		{"not ready with the store down", nil, []string{"--addr", addrOf(down.URL), "--ready"}, false, "503 Service Unavailable"},
		{"the flag wins over the environment", map[string]string{"CAREMAP_ADDR": addrOf(down.URL)}, []string{"--addr", addrOf(up.URL), "--ready"}, true, `"ready":true`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := healthRun(t, tc.env, tc.args...)
			if (err == nil) != tc.ok {
				t.Fatalf("health %v: err = %v, want ok=%v (output %q)", tc.args, err, tc.ok, out)
			}
			if err != nil {
				out = err.Error()
			}
			if !strings.Contains(out, tc.mention) {
				t.Errorf("health %v said %q, want it to mention %q", tc.args, out, tc.mention)
			}
		})
	}
}

// A server listening on every interface is asked on loopback: that is how
// the image's health check reaches CAREMAP_ADDR=0.0.0.0:8080.
func TestHealthAsksEveryInterfaceOnLoopback(t *testing.T) {
	for in, want := range map[string]string{
		"0.0.0.0:8080":   "127.0.0.1:8080",
		":8080":          "127.0.0.1:8080",
		"[::]:8080":      "[::1]:8080",
		"10.1.2.3:80":    "10.1.2.3:80",
		"caremap:8080":   "caremap:8080",
		"127.0.0.1:9000": "127.0.0.1:9000",
	} {
		if got, err := healthTarget(in); err != nil || got != want {
			t.Errorf("healthTarget(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	// And for real: a listener on every IPv4 interface answers the check.
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	st, info := memStore(t)
	srv := httptest.NewUnstartedServer(newApp(serveConfig{RequestTimeout: 5 * time.Second}, slog.New(slog.DiscardHandler), st, info).routes())
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	defer srv.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	if out, err := healthRun(t, map[string]string{"CAREMAP_ADDR": "0.0.0.0:" + port}); err != nil {
		t.Errorf("health with CAREMAP_ADDR=0.0.0.0:%s: %v (%s)", port, err, out)
	}
}

func TestHealthFailures(t *testing.T) {
	// A port nobody listens on: take a free one and close it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()

	for _, tc := range []struct {
		name    string
		args    []string
		usage   bool
		mention string
	}{
		{"nothing listening", []string{"--addr", closed}, false, "did not answer"},
		{"not an address", []string{"--addr", "localhost"}, false, `want host:port`},
		{"a bad timeout", []string{"--addr", closed, "--timeout", "0s"}, false, "positive duration"},
		{"an unknown flag", []string{"--path", "/"}, true, "flag provided but not defined"},
		{"an argument", []string{"now"}, true, `unexpected argument "now"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := healthRun(t, nil, tc.args...)
			if err == nil {
				t.Fatalf("health %v succeeded: %q", tc.args, out)
			}
			if errors.Is(err, errUsage) != tc.usage {
				t.Errorf("health %v: err = %v, want a usage error: %v", tc.args, err, tc.usage)
			}
			if !strings.Contains(out+err.Error(), tc.mention) {
				t.Errorf("health %v: %v %q, want it to mention %q", tc.args, err, out, tc.mention)
			}
		})
	}
}
