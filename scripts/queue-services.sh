#!/usr/bin/env bash
# PostgreSQL and Redis on loopback for the n8n queue-mode tests and benchmark (test/harness/queue.ts).
#
#   scripts/queue-services.sh install                 apt-get install postgresql + redis-server (idempotent, non-interactive)
#   scripts/queue-services.sh start <dir> [--pg-port N] [--redis-port N]
#                                                     fresh PostgreSQL cluster (initdb in <dir>/pg) with a database "n8n",
#                                                     and a Redis without persistence, both on 127.0.0.1 (free ports unless
#                                                     given); prints KEY=VALUE lines, also written to <dir>/services.env
#   scripts/queue-services.sh stop <dir> [--keep]     stops both (fast shutdown) and removes <dir> unless --keep
#   scripts/queue-services.sh status <dir>
#
# Works as root on a fresh Debian/Ubuntu machine (CI=true, no stdin): PostgreSQL then runs as the "postgres" user the
# package creates; as another user both run as that user. Nothing listens on anything but 127.0.0.1, nothing is
# registered with the init system, and `stop` leaves nothing running.
set -euo pipefail

die() { echo "queue-services: $*" >&2; exit 1; }

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
	else die "need root (or passwordless sudo) to run: $*"; fi
}

pg_bindir() {
	local dir best=""
	for dir in /usr/lib/postgresql/*/bin; do
		[ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] || continue
		best="$dir" # glob order: the highest major version wins (single-digit majors do not occur any more)
	done
	[ -n "$best" ] || { command -v initdb >/dev/null 2>&1 && best="$(dirname "$(readlink -f "$(command -v initdb)")")"; }
	echo "$best"
}

installed() {
	[ -n "$(pg_bindir)" ] && command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 \
		&& command -v psql >/dev/null 2>&1
}

cmd_install() {
	if installed; then
		echo "queue-services: PostgreSQL ($(pg_bindir)) and Redis ($(command -v redis-server)) already installed"
		return 0
	fi
	command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install PostgreSQL (13+) and redis-server yourself"
	export DEBIAN_FRONTEND=noninteractive
	local apt_opts=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold --no-install-recommends)
	# apt-get update only when the lists are missing or the install fails with them (saves time on warm machines)
	if ! as_root apt-get install "${apt_opts[@]}" postgresql redis-server </dev/null; then
		as_root apt-get update -q </dev/null
		as_root apt-get install "${apt_opts[@]}" postgresql redis-server </dev/null
	fi
	installed || die "PostgreSQL or Redis still missing after apt-get install"
	echo "queue-services: installed PostgreSQL ($(pg_bindir)) and Redis ($(command -v redis-server))"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_port() {
	local p i
	for i in $(seq 1 200); do
		p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
		port_free "$p" && { echo "$p"; return 0; }
	done
	die "no free port found"
}

# Runs a PostgreSQL program as the cluster owner.
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || die "user 'postgres' missing (the postgresql package creates it)"
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

cmd_start() {
	local dir="${1:-}"; shift || true
	[ -n "$dir" ] || die "usage: start <dir> [--pg-port N] [--redis-port N]"
	local pg_port="" redis_port=""
	while [ $# -gt 0 ]; do
		case "$1" in
			--pg-port) pg_port="$2"; shift 2 ;;
			--redis-port) redis_port="$2"; shift 2 ;;
			*) die "unknown option $1" ;;
		esac
	done
	installed || cmd_install >&2
	local bindir; bindir="$(pg_bindir)"
	mkdir -p "$dir"
	dir="$(cd "$dir" && pwd)"
	[ -e "$dir/pg/data/PG_VERSION" ] && die "$dir already holds a cluster; stop it first or use another directory"
	[ -n "$pg_port" ] || pg_port="$(pick_port)"
	[ -n "$redis_port" ] || redis_port="$(pick_port)"
	port_free "$pg_port" || die "port $pg_port is in use"
	port_free "$redis_port" || die "port $redis_port is in use"

	# PostgreSQL: a throw-away cluster, trust auth on loopback only, durability off (tests need speed, not crash safety)
	mkdir -p "$dir/pg"
	if [ "$(id -u)" = 0 ]; then
		chmod 755 "$dir"
		chown postgres: "$dir/pg"
	fi
	as_pg "$bindir/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$dir/pg/initdb.log" 2>&1 \
		|| { cat "$dir/pg/initdb.log" >&2; die "initdb failed"; }
	as_pg "$bindir/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/postgres.log" -w -t 60 start \
		-o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		>/dev/null || { cat "$dir/pg/postgres.log" >&2; die "PostgreSQL did not start"; }
	as_pg "$bindir/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 -c 'CREATE DATABASE n8n' >/dev/null \
		|| die "creating database n8n failed"

	# Redis: no RDB snapshots, no AOF, loopback only, daemonised with a pid file in <dir>
	redis-server --port "$redis_port" --bind 127.0.0.1 --protected-mode yes --save '' --appendonly no \
		--daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >/dev/null
	local i
	for i in $(seq 1 100); do
		[ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null || true)" = PONG ] && break
		sleep 0.1
	done
	[ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null || true)" = PONG ] || { cat "$dir/redis.log" >&2; die "Redis did not start"; }

	cat >"$dir/services.env" <<EOF
QUEUE_SERVICES_DIR=$dir
PG_HOST=127.0.0.1
PG_PORT=$pg_port
PG_USER=postgres
PG_PASSWORD=postgres
PG_DATABASE=n8n
PG_BINDIR=$bindir
REDIS_HOST=127.0.0.1
REDIS_PORT=$redis_port
EOF
	cat "$dir/services.env"
}

cmd_stop() {
	local dir="${1:-}"; shift || true
	[ -n "$dir" ] || die "usage: stop <dir> [--keep]"
	local keep=""
	[ "${1:-}" = "--keep" ] && keep=1
	[ -d "$dir" ] || return 0
	if [ -f "$dir/redis.pid" ]; then
		local pid; pid="$(cat "$dir/redis.pid")"
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q redis "/proc/$pid/cmdline" 2>/dev/null; then
			kill "$pid" 2>/dev/null || true
			for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
			kill -9 "$pid" 2>/dev/null || true
		fi
	fi
	if [ -f "$dir/pg/data/postmaster.pid" ]; then
		local bindir; bindir="$(pg_bindir)"
		as_pg "$bindir/pg_ctl" -D "$dir/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1 || {
			local pid; pid="$(head -1 "$dir/pg/data/postmaster.pid" 2>/dev/null || true)"
			[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
		}
	fi
	[ -n "$keep" ] || rm -rf "$dir"
}

cmd_status() {
	local dir="${1:-}"
	[ -f "$dir/services.env" ] || { echo "no services in $dir"; return 1; }
	# shellcheck disable=SC1091
	. "$dir/services.env"
	local ok=0
	if as_pg "$PG_BINDIR/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >/dev/null 2>&1; then echo "postgres: up on $PG_PORT"; else echo "postgres: down"; ok=1; fi
	if [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" = PONG ]; then echo "redis: up on $REDIS_PORT"; else echo "redis: down"; ok=1; fi
	return $ok
}

case "${1:-}" in
	install) shift; cmd_install "$@" ;;
	start) shift; cmd_start "$@" ;;
	stop) shift; cmd_stop "$@" ;;
	status) shift; cmd_status "$@" ;;
	*) echo "usage: $0 install | start <dir> [--pg-port N] [--redis-port N] | stop <dir> [--keep] | status <dir>" >&2; exit 2 ;;
esac
