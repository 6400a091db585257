#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, in a temp folder, listening on 127.0.0.1 only.
#   scripts/postgres.sh start DIR   initdb + pg_ctl start on a free port; prints the URL
#   scripts/postgres.sh stop DIR    pg_ctl stop (fast); DIR is left for the caller to remove
# Installs Debian's `postgresql` when no server is found and we are root. initdb refuses to
# run as root, so as root the cluster belongs to the `postgres` system user.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?a folder for the cluster}

bin_dir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$found" ] && command -v pg_ctl >/dev/null; then found=$(dirname "$(command -v pg_ctl)"); fi
  echo "$found"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bin=$(bin_dir)
if [ "$cmd" = stop ]; then
  [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  exit 0
fi

if [ -z "$bin" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin=$(bin_dir)
fi
[ -n "$bin" ] || { echo "no PostgreSQL server found (apt-get install postgresql)" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$dir"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; chmod o+x "$(dirname "$dir")"; fi
as_owner "$bin/initdb" -D "$dir/data" -U newsgraph --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# durability off: a throwaway cluster for tests (the store's own transactions are unchanged)
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
  "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U newsgraph newsgraph
echo "postgresql://newsgraph@127.0.0.1:$port/newsgraph"
