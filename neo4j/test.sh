#!/usr/bin/env bash
# test.sh — the whole test suite, the Neo4j store included.
#
# Usage: neo4j/test.sh [go test flags] [packages]
#
# Without a package (an argument starting with "." or "caremap"), it tests ./... ; write
# flag values joined to their flag when they could look like one (-bench=. not -bench .).
#
# With NEO4J_URI set, the tests use that server (NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE).
# Without it, a throw-away Neo4j Community server is started with neo4j/neo4j.sh on a free
# Bolt port, in a temporary home, and stopped and deleted when the tests end, whatever their
# outcome. If that server cannot start, the script fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$repo"

free_port() {
	local p
	for p in $(seq 17687 17787); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	echo "test.sh: no free port in 17687-17787" >&2
	return 1
}

if [[ -z "${NEO4J_URI:-}" ]]; then
	NEO4J_HOME="$(mktemp -d "${TMPDIR:-/tmp}/caremap-neo4j-test.XXXXXX")"
	NEO4J_BOLT_PORT="$(free_port)"
	NEO4J_PASSWORD="${NEO4J_PASSWORD:-caremap-dev-password}"
	# TestDBHitsGrowth seeds the dataset grown threefold (27,000 nodes) in one transaction:
	# 1 GB of heap runs out of transaction memory.
	NEO4J_HEAP="${NEO4J_HEAP:-2g}"
	export NEO4J_HOME NEO4J_BOLT_PORT NEO4J_PASSWORD NEO4J_HEAP
	cleanup() {
		"$here/neo4j.sh" stop || true
		rm -rf "$NEO4J_HOME"
	}
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	"$here/neo4j.sh" start
	export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"
	export NEO4J_USER=neo4j
	export NEO4J_DATABASE=neo4j
fi

pkgs=0
timeout=0
parallel=0
for a in "$@"; do
	case "$a" in
	.* | caremap*) pkgs=1 ;;
	-timeout* | --timeout*) timeout=1 ;;
	-p | -p=* | --p | --p=*) parallel=1 ;;
	esac
done
if ((parallel == 0)); then
	# Packages side by side, one per two cores: ./graph/neo4j and ./server each keep
	# Neo4j servers busy (server starts its own for the outage and re-seed tests) next
	# to race-instrumented test binaries. On a 2-core machine running the two at once
	# starved the Neo4j JVMs until cold questions passed their 10 s deadline.
	cores="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)"
	set -- -p "$(((cores + 1) / 2))" "$@"
fi
if ((timeout == 0)); then
	# ./graph/neo4j under -race on a shared 2-core machine takes 8-10 minutes, at go test's
	# default limit of 10.
	set -- -timeout=20m "$@"
fi
if ((pkgs == 0)); then
	set -- "$@" ./...
fi
echo "test.sh: go test -race $* (NEO4J_URI=$NEO4J_URI)" >&2
go test -race "$@"
