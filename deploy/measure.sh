#!/usr/bin/env bash
# measure.sh — what one caremap replica uses under the load benchmark: the
# figures the Kubernetes requests and limits are sized from
# (deploy/kubernetes/base/deployment.yaml says which).
#
# Usage: deploy/measure.sh [SECONDS]          (default 30)
#
# It builds caremap as the image does and starts "caremap serve" with its
# defaults (two render workers, default diagrams warmed at start; only the
# request and render deadlines are raised, to 60 s) on a free
# loopback port, pinned to CPU 0 (the load generator gets the other CPUs),
# then drives it with BenchmarkLoadExternal: the load of BenchmarkLoadEmbedded
# (64 clients sending the playground's questions and cached diagrams) from
# a separate process. Meanwhile it samples the resident memory (VmRSS) of the
# server and its render workers from /proc every 0.2 s, and reads their CPU
# time (utime + stime, children included) before and after. Last it asks for
# the largest diagrams caremap draws (the whole system with every instance,
# as PNG, PDF and SVG), cold and one at a time, and records the peak memory.
#
# With NEO4J_URI (and NEO4J_PASSWORD ...) set, caremap serves from that Neo4j,
# seeding it first (--seed); e.g. after neo4j/neo4j.sh start and
# eval "$(neo4j/neo4j.sh env)". Traffic goes to 127.0.0.1 only and stops by
# itself.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
work="$(mktemp -d "${TMPDIR:-/tmp}/caremap-measure.XXXXXX")"
server="" sampler=""
cleanup() {
	[ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
	if [ -n "$server" ]; then
		kill -TERM "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

echo "measure: building caremap as the Dockerfile does"
CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$work/caremap" ./server

# Defaults but for the deadlines, so that the worst-case renders below run to
# the end on a busy machine (their memory is what the limit must hold).
args=(serve --addr 127.0.0.1:0 --log-level warn --request-timeout 60s --render-timeout 60s)
store="embedded"
if [ -n "${NEO4J_URI:-}" ]; then
	args+=(--seed)
	store="Neo4j at $NEO4J_URI"
fi
pin=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
	pin=(taskset -c 0)
fi
"${pin[@]}" "$work/caremap" "${args[@]}" >"$work/out" 2>&1 &
server=$!
url=""
for _ in $(seq 1 300); do
	url="$(sed -n 's|.*GraphQL: *\(http://[^ ]*\)/graphql.*|\1|p' "$work/out" | head -1)"
	[ -n "$url" ] && break
	kill -0 "$server" 2>/dev/null || { cat "$work/out"; echo "measure: caremap did not start" >&2; exit 1; }
	sleep 0.1
done
[ -n "$url" ] || { echo "measure: caremap did not print its address" >&2; exit 1; }
echo "measure: caremap (pid $server, $store) at $url${pin:+, pinned to CPU 0}"

# The server and its render workers, by pid.
procs() { echo "$server" $(pgrep -P "$server" || true); }
# VmRSS in KiB: the server and its workers together, then the server alone.
rss() {
	local total=0 p kb
	for p in $(procs); do
		kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
		total=$((total + ${kb:-0}))
	done
	echo "$total $(awk '/^VmRSS:/ {print $2}' "/proc/$server/status")"
}
# CPU time in clock ticks of the server, its live workers, and its reaped children.
cpu() {
	local total=0 p t
	for p in $(procs); do
		t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat" 2>/dev/null || echo 0)
		total=$((total + ${t:-0}))
	done
	echo "$total"
}
sample() { # PHASE: append "phase rss" lines every 0.2 s until killed
	while :; do echo "$1 $(rss)" >>"$work/rss"; sleep 0.2; done
}

sleep 2 # let start-up warming finish, as a replica's would before traffic
idle=$(rss | cut -d' ' -f1)
sample load &
sampler=$!
cpu0=$(cpu)
echo "measure: ${seconds}s of load (BenchmarkLoadExternal)"
CAREMAP_LOAD_URL="$url" taskset -c 1-$(( $(nproc) - 1 )) \
	go test ./server -run '^$' -bench '^BenchmarkLoadExternal$' -benchtime "$((seconds * 1000))x" -count 1 | tee "$work/bench"
cpu1=$(cpu)
kill "$sampler"; wait "$sampler" 2>/dev/null || true; sampler=""

sample render &
sampler=$!
for f in png pdf svg; do
	code=$(curl -s -o "$work/body" -w '%{http_code}' --max-time 60 "$url/diagram.$f?instances=true")
	echo "measure: GET /diagram.$f?instances=true: $code"
	[ "$code" = 200 ] || head -c 300 "$work/body"
done
kill "$sampler"; wait "$sampler" 2>/dev/null || true; sampler=""
sleep 2
after=$(rss | cut -d' ' -f1) # WebAssembly memory never shrinks: the workers keep what they grew to

hz=$(getconf CLK_TCK)
# The server is idle but for the load, so its CPU time over the whole window
# (which also holds the benchmark's own start-up) is its CPU time under load.
awk -v idle="$idle" -v after="$after" -v cpu0="$cpu0" -v cpu1="$cpu1" -v secs="$seconds" -v hz="$hz" '
	FNR == NR { if ($0 ~ /BenchmarkLoadExternal/) for (i = 1; i <= NF; i++) { if ($(i+1) == "req/s") rps = $i; if ($(i+1) == "p50-ms") p50 = $i; if ($(i+1) == "p99-ms") p99 = $i }; next }
	$1 == "load" { n++; sum += $2; if ($2 > maxload) maxload = $2; if ($3 > maxserver) maxserver = $3 }
	$1 == "render" { if ($2 > maxrender) maxrender = $2 }
	END {
		cpus = (cpu1 - cpu0) / hz
		printf "\nmeasure: results\n"
		printf "  load: %.0f req/s, p50 %.1f ms, p99 %.1f ms\n", rps, p50, p99
		printf "  CPU: %.1f s in %d s of load = %.2f cores on average; %.3f ms of CPU per request\n", cpus, secs, cpus / secs, 1000 * cpus / (rps * secs)
		printf "  memory (server + render workers, VmRSS): idle %.0f MiB; under load mean %.0f MiB, max %.0f MiB (the server alone: max %.0f MiB)\n", idle / 1024, sum / n / 1024, maxload / 1024, maxserver / 1024
		printf "  memory drawing the whole system with every instance (PNG, PDF, SVG, cold): max %.0f MiB; idle after it %.0f MiB\n", maxrender / 1024, after / 1024
	}' "$work/bench" "$work/rss"
