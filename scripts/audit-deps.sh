#!/bin/sh
# audit-deps.sh installs what the GraphQL over HTTP audits (go test ./server
# -run TestGraphQLOverHTTPAudits) need: server/testdata/graphql-http/
# node_modules (graphql-http and graphql, from its package-lock.json).
# Idempotent: npm ci runs only when node_modules is missing or older than
# the lockfile.
set -eu
cd "$(dirname "$0")/../server/testdata/graphql-http"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "audit-deps: node and npm are needed (apt-get install -y nodejs npm)" >&2
	exit 1
fi
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
	echo "audit-deps: npm ci in server/testdata/graphql-http"
	npm ci --no-audit --no-fund
fi
echo "audit-deps: ready (graphql-http $(node -e 'console.log(require("./node_modules/graphql-http/package.json").version)'))"
