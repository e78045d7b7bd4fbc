#!/usr/bin/env bash
# neo4j.sh — run a real Neo4j Community 5.26 LTS server on this machine without Docker.
#
# Usage: neo4j/neo4j.sh start|stop|status|wait|reset|env
#
#   start   fetch the server jars (Maven, cached in ~/.m2), write the config, set the initial
#           password, start the server in the background and wait until a Bolt login succeeds.
#           Already running: prints its status and succeeds.
#   stop    SIGTERM, wait up to 60 s, then SIGKILL; leaves no process behind.
#   status  exit 0 and print the pid and URI when running, exit 3 when not.
#   wait    wait until a Bolt login succeeds (exit 1 after NEO4J_START_TIMEOUT seconds).
#   reset   stop, then delete the database files (data/ and logs/) of this home.
#   env     print the export lines for NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE.
#
# Environment (all optional):
#   NEO4J_HOME            the server's home: conf/, data/, logs/, run/ (default
#                         ${XDG_CACHE_HOME:-$HOME/.cache}/caremap/neo4j-5.26, outside the repository)
#   CAREMAP_NEO4J_LIB     where the jars are copied (default ${XDG_CACHE_HOME:-$HOME/.cache}/caremap/neo4j-5.26-lib)
#   NEO4J_BOLT_PORT       Bolt port on 127.0.0.1 (default 7687)
#   NEO4J_PASSWORD        password of the user neo4j (default caremap-dev-password; at least 8 chars).
#                         It is set when the database is first created; to change it, run reset.
#   NEO4J_HEAP            JVM heap (default 1g)
#   NEO4J_PAGECACHE       page cache (default 512m)
#   NEO4J_START_TIMEOUT   seconds to wait for Bolt (default 120)
#   JAVA                  the java binary (default: java on PATH; Java 17 or 21)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/caremap"

NEO4J_HOME="${NEO4J_HOME:-$cache/neo4j-5.26}"
LIB="${CAREMAP_NEO4J_LIB:-$cache/neo4j-5.26-lib}"
BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
PASSWORD="${NEO4J_PASSWORD:-caremap-dev-password}"
HEAP="${NEO4J_HEAP:-1g}"
PAGECACHE="${NEO4J_PAGECACHE:-512m}"
START_TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
JAVA="${JAVA:-java}"

RUN="$NEO4J_HOME/run"
PIDFILE="$RUN/neo4j.pid"
PORTFILE="$RUN/bolt.port"
CONSOLE="$NEO4J_HOME/logs/console.log"
PING="$RUN/neo4j-ping"

die() {
	echo "neo4j.sh: $*" >&2
	exit 1
}

log() {
	echo "neo4j.sh: $*" >&2
}

# pid prints the pid of the running server of this home, or fails.
pid() {
	[[ -f "$PIDFILE" ]] || return 1
	local p
	p="$(cat "$PIDFILE")"
	[[ "$p" =~ ^[0-9]+$ ]] || return 1
	kill -0 "$p" 2>/dev/null || return 1
	# Guard against a recycled pid: it must be our java with our home.
	grep -qa -- "--home-dir=$NEO4J_HOME" "/proc/$p/cmdline" 2>/dev/null || return 1
	echo "$p"
}

running_port() {
	if [[ -f "$PORTFILE" ]]; then cat "$PORTFILE"; else echo "$BOLT_PORT"; fi
}

fetch_jars() {
	local stamp="$LIB/.pom.sha256" sum
	sum="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"
	if [[ -f "$stamp" && "$(cat "$stamp")" == "$sum" ]]; then
		return 0
	fi
	command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch the Neo4j jars; install it (apt-get install maven)"
	log "fetching Neo4j Community jars with Maven into $LIB"
	rm -rf "$LIB.tmp"
	mkdir -p "$LIB.tmp"
	if ! mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$LIB.tmp" >"$LIB.tmp.log" 2>&1; then
		tail -n 30 "$LIB.tmp.log" >&2
		die "could not fetch the Neo4j jars with Maven (log above)"
	fi
	rm -rf "$LIB"
	mv "$LIB.tmp" "$LIB"
	rm -f "$LIB.tmp.log"
	echo "$sum" >"$stamp"
}

check_java() {
	command -v "$JAVA" >/dev/null || die "java not found; Neo4j 5.26 needs Java 17 or 21"
	local v
	v="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
	case "$v" in
	17 | 21) ;;
	*) die "Neo4j 5.26 needs Java 17 or 21, found '$v' ($JAVA); set JAVA=/path/to/java" ;;
	esac
}

build_ping() {
	# A tiny Go program that logs in over Bolt (the project's own driver), built once per start.
	command -v go >/dev/null || die "go is needed for the Bolt readiness check"
	(cd "$repo" && go build -o "$PING" ./neo4j/ping) || die "could not build neo4j/ping"
}

write_conf() {
	mkdir -p "$NEO4J_HOME/conf" "$NEO4J_HOME/data" "$NEO4J_HOME/logs" "$NEO4J_HOME/plugins" "$NEO4J_HOME/import" "$RUN"
	cat >"$NEO4J_HOME/conf/neo4j.conf" <<EOF
# Written by neo4j/neo4j.sh on every start; edit the script, not this file.
server.directories.data=$NEO4J_HOME/data
server.directories.logs=$NEO4J_HOME/logs
server.directories.plugins=$NEO4J_HOME/plugins
server.directories.import=$NEO4J_HOME/import
server.directories.run=$RUN
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$BOLT_PORT
server.bolt.advertised_address=127.0.0.1:$BOLT_PORT
server.bolt.tls_level=DISABLED
server.http.enabled=false
server.https.enabled=false
dbms.security.auth_enabled=true
dbms.security.auth_minimum_password_length=8
server.memory.heap.initial_size=$HEAP
server.memory.heap.max_size=$HEAP
server.memory.pagecache.size=$PAGECACHE
db.tx_log.rotation.retention_policy=1 files
dbms.usage_report.enabled=false
server.logs.gc.enabled=false
db.shutdown_transaction_end_timeout=2s
EOF
}

set_initial_password() {
	# neo4j-admin dbms set-initial-password only takes effect before the system database exists.
	local marker="$RUN/password.sha256" sum
	sum="$(printf '%s' "$PASSWORD" | sha256sum | cut -d' ' -f1)"
	if [[ -d "$NEO4J_HOME/data/databases/system" ]]; then
		if [[ -f "$marker" && "$(cat "$marker")" != "$sum" ]]; then
			die "this database was created with another NEO4J_PASSWORD; use that one, or run '$0 reset' to start afresh"
		fi
		return 0
	fi
	((${#PASSWORD} >= 8)) || die "NEO4J_PASSWORD must be at least 8 characters"
	if ! NEO4J_HOME="$NEO4J_HOME" NEO4J_CONF="$NEO4J_HOME/conf" \
		"$JAVA" -cp "$LIB/*" -Dlog4j2.disable.jmx=true org.neo4j.cli.AdminTool \
		dbms set-initial-password "$PASSWORD" >"$NEO4J_HOME/logs/admin.log" 2>&1; then
		local out
		out="$(tail -n 20 "$NEO4J_HOME/logs/admin.log")"
		echo "${out//"$PASSWORD"/********}" >&2
		die "could not set the initial password"
	fi
	echo "$sum" >"$marker"
}

port_busy() {
	# true when something already listens on 127.0.0.1:$1
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

show_logs() {
	local f
	for f in "$CONSOLE" "$NEO4J_HOME/logs/neo4j.log"; do
		if [[ -s "$f" ]]; then
			echo "--- last lines of $f" >&2
			tail -n 30 "$f" >&2
		fi
	done
}

wait_bolt() {
	local p="${1:-}" port deadline
	port="$(running_port)"
	[[ -x "$PING" ]] || build_ping
	deadline=$((SECONDS + START_TIMEOUT))
	while ((SECONDS < deadline)); do
		if NEO4J_URI="bolt://127.0.0.1:$port" NEO4J_USER=neo4j NEO4J_PASSWORD="$PASSWORD" "$PING" -timeout 2s 2>"$RUN/ping.err"; then
			return 0
		fi
		if [[ -n "$p" ]] && ! kill -0 "$p" 2>/dev/null; then
			log "the server exited during start-up; last lines of its logs:"
			show_logs
			die "Neo4j could not start"
		fi
		sleep 0.5
	done
	log "no Bolt login on 127.0.0.1:$port after ${START_TIMEOUT}s: $(cat "$RUN/ping.err" 2>/dev/null)"
	show_logs
	return 1
}

start() {
	local p
	if p="$(pid)"; then
		log "already running (pid $p, bolt://127.0.0.1:$(running_port))"
		wait_bolt "$p" || die "the running server does not accept a Bolt login"
		return 0
	fi
	rm -f "$PIDFILE"
	check_java
	fetch_jars
	write_conf
	build_ping
	if port_busy "$BOLT_PORT"; then
		die "127.0.0.1:$BOLT_PORT is already in use; set NEO4J_BOLT_PORT to a free port"
	fi
	set_initial_password
	echo "$BOLT_PORT" >"$PORTFILE"
	local t0=$SECONDS
	log "starting Neo4j Community 5.26 on bolt://127.0.0.1:$BOLT_PORT (home $NEO4J_HOME)"
	# setsid: the server gets its own session, so a Ctrl-C in the caller's terminal does not
	# reach it and stop is the one way to end it.
	setsid "$JAVA" \
		-Xms"$HEAP" -Xmx"$HEAP" \
		-XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+UnlockExperimentalVMOptions \
		-XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC \
		-Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true \
		-Djdk.tls.ephemeralDHKeySize=2048 -Djdk.tls.rejectClientInitiatedRenegotiation=true \
		-Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8 \
		--add-opens=java.base/java.nio=ALL-UNNAMED \
		--add-opens=java.base/java.io=ALL-UNNAMED \
		--add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
		--add-opens=java.base/java.lang=ALL-UNNAMED \
		--add-opens=java.base/java.util=ALL-UNNAMED \
		-cp "$NEO4J_HOME/plugins/*:$NEO4J_HOME/conf/*:$LIB/*" \
		org.neo4j.server.CommunityEntryPoint \
		--home-dir="$NEO4J_HOME" --config-dir="$NEO4J_HOME/conf" \
		</dev/null >"$CONSOLE" 2>&1 &
	p=$!
	echo "$p" >"$PIDFILE"
	if ! wait_bolt "$p"; then
		stop >/dev/null 2>&1 || true
		die "Neo4j did not become ready; stopped it"
	fi
	log "ready in $((SECONDS - t0))s (pid $p); NEO4J_URI=bolt://127.0.0.1:$BOLT_PORT NEO4J_USER=neo4j"
}

stop() {
	local p i
	if ! p="$(pid)"; then
		rm -f "$PIDFILE"
		log "not running"
		return 0
	fi
	log "stopping pid $p"
	kill -TERM "$p" 2>/dev/null || true
	for ((i = 0; i < 600; i++)); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$p" 2>/dev/null; then
		log "still running after 60s; sending SIGKILL"
		kill -KILL "$p" 2>/dev/null || true
		for ((i = 0; i < 100; i++)); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
	fi
	kill -0 "$p" 2>/dev/null && die "could not stop pid $p"
	rm -f "$PIDFILE"
	log "stopped"
}

status() {
	local p
	if p="$(pid)"; then
		echo "running: pid $p, bolt://127.0.0.1:$(running_port), home $NEO4J_HOME"
		return 0
	fi
	echo "not running (home $NEO4J_HOME)"
	return 3
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
wait)
	wait_bolt "$(pid || true)" || die "Neo4j is not ready"
	;;
reset)
	stop
	rm -rf "$NEO4J_HOME/data" "$NEO4J_HOME/logs" "$RUN/password.sha256"
	log "deleted the database files under $NEO4J_HOME"
	;;
env)
	echo "export NEO4J_URI=bolt://127.0.0.1:$(running_port)"
	echo "export NEO4J_USER=neo4j"
	printf 'export NEO4J_PASSWORD=%q\n' "$PASSWORD"
	echo "export NEO4J_DATABASE=neo4j"
	;;
*)
	echo "usage: $0 start|stop|status|wait|reset|env" >&2
	exit 2
	;;
esac
