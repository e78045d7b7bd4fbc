#!/usr/bin/env bash
# run.sh — caremap on Neo4j side by side with the reference GraphQL layer over Neo4j.
#
# Usage: bench/run.sh [bench/load flags, e.g. -d 5s -rounds 3 -questions nested]
#
# Starts a throw-away Neo4j Community 5.26 (neo4j/neo4j.sh, temporary home, free port),
# seeds it with `caremap seed`, installs the peer's pinned npm packages (bench/peer, from its
# lockfile), starts the peer (@neo4j/graphql on Apollo Server) and caremap (no response
# cache of any kind) on 127.0.0.1, and drives both with the same questions from one load
# generator (bench/load), which prints req/s, p50, p99, Neo4j CPU per request and the
# ratio. Everything it starts is stopped and deleted when it ends, whatever the outcome.
# Loopback only; bounded by the load generator's -d and -max-requests. Not part of CI.
#
# Environment: BENCH_CLIENTS (default 16) concurrent clients; NEO4J_HEAP, NEO4J_PAGECACHE
# as for neo4j/neo4j.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$repo"

command -v node >/dev/null || { echo "run.sh: node (20 or later) is needed for the peer" >&2; exit 1; }
command -v npm >/dev/null || { echo "run.sh: npm is needed to install the peer's packages" >&2; exit 1; }

free_port() {
	local p
	for p in $(seq "$1" "$(($1 + 100))"); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	echo "run.sh: no free port from $1" >&2
	return 1
}

work="$(mktemp -d "${TMPDIR:-/tmp}/caremap-bench.XXXXXX")"
export NEO4J_HOME="$work/neo4j"
NEO4J_BOLT_PORT="$(free_port 17800)"
export NEO4J_BOLT_PORT
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-caremap-bench-password}"
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	"$repo/neo4j/neo4j.sh" stop >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== building caremap and the load generator" >&2
go build -o "$work/caremap" ./server
go build -o "$work/load" ./bench/load

echo "== installing the peer's pinned packages (npm ci)" >&2
(cd "$here/peer" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)

echo "== starting Neo4j" >&2
"$repo/neo4j/neo4j.sh" start
eval "$("$repo/neo4j/neo4j.sh" env)"
neo4j_pid="$(cat "$NEO4J_HOME/run/neo4j.pid")"
"$work/caremap" seed >"$work/seed.log" || { cat "$work/seed.log" >&2; exit 1; }

wait_http() { # url pid name
	local deadline=$((SECONDS + 60))
	until curl -fs -o /dev/null -H 'Content-Type: application/json' --data '{"query":"{__typename}"}' "$1"; do
		if ! kill -0 "$2" 2>/dev/null; then
			echo "run.sh: $3 exited during start-up:" >&2
			cat "$work/$3.log" >&2
			exit 1
		fi
		if ((SECONDS > deadline)); then
			echo "run.sh: $3 not answering at $1 after 60 s" >&2
			exit 1
		fi
		sleep 0.3
	done
}

peer_port="$(free_port 14000)"
(cd "$here/peer" && NODE_ENV=production PEER_PORT="$peer_port" exec node server.mjs) >"$work/peer.log" 2>&1 &
peer_pid=$!
pids+=("$peer_pid")
caremap_port="$(free_port 18000)"
"$work/caremap" serve --addr "127.0.0.1:$caremap_port" --render-warm=false --graphql-cache-mb 0 --log-level warn >"$work/caremap.log" 2>&1 &
caremap_pid=$!
pids+=("$caremap_pid")
wait_http "http://127.0.0.1:$peer_port/" "$peer_pid" peer
wait_http "http://127.0.0.1:$caremap_port/graphql" "$caremap_pid" caremap

echo "== measuring (caremap $(git -C "$repo" describe --always --dirty), @neo4j/graphql $(node -p "require('$here/peer/node_modules/@neo4j/graphql/package.json').version"), Neo4j 5.26, $(nproc) cores)" >&2
"$work/load" -caremap "http://127.0.0.1:$caremap_port/graphql" -peer "http://127.0.0.1:$peer_port/" \
	-c "${BENCH_CLIENTS:-16}" -neo4j-pid "$neo4j_pid" -caremap-pid "$caremap_pid" -peer-pid "$peer_pid" "$@"
