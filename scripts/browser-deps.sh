#!/bin/sh
# browser-deps.sh installs what the end-to-end browser tests (go test ./e2e)
# need, and nothing else: Debian's Chromium at /usr/bin/chromium, and
# e2e/node_modules (playwright-core only, from e2e/package-lock.json; it
# never downloads a browser). Idempotent: it does only what is missing or
# stale. Set CHROMIUM to use a browser installed elsewhere.
set -eu
cd "$(dirname "$0")/.."

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
	if [ -n "${CHROMIUM:-}" ]; then
		echo "browser-deps: CHROMIUM=$CHROMIUM is not an executable" >&2
		exit 1
	fi
	echo "browser-deps: installing Debian's chromium"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "browser-deps: node and npm are needed (apt-get install -y nodejs npm)" >&2
	exit 1
fi

# npm ci when node_modules is missing or older than the lockfile, or
# holds another version of playwright-core than the lockfile pins.
stamp=e2e/node_modules/.package-lock.json
want=$(node -e 'console.log(require("./e2e/package-lock.json").packages["node_modules/playwright-core"].version)')
have=$(node -e 'try{console.log(require("./e2e/node_modules/playwright-core/package.json").version)}catch(e){console.log("none")}')
if [ ! -f "$stamp" ] || [ e2e/package-lock.json -nt "$stamp" ] || [ "$want" != "$have" ]; then
	echo "browser-deps: npm ci in e2e (playwright-core $want)"
	(cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
echo "browser-deps: ready ($("$chromium" --version 2>/dev/null || echo "$chromium"), playwright-core $want)"
