// Package e2e holds caremap's end-to-end browser tests. TestExplorer
// builds the real server, runs it on a free port, and drives the web
// explorer in a real headless Chromium with explorer.mjs (Node, using
// playwright-core only: Debian's /usr/bin/chromium is the browser, nothing is
// downloaded).
//
// Install what it needs with scripts/browser-deps.sh. Without Chromium or
// e2e/node_modules the test skips, unless the environment variable CI is
// set, when it fails. Refresh the README's screenshots with
//
//	go test ./e2e -run 'TestExplorer|TestPlayground' -screenshots
package e2e
