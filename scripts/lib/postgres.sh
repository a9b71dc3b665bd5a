# Throwaway PostgreSQL clusters for tests, the benchmark and the local cluster. Source this file.
#   pg_start DIR [fsync on|off]  -> prints an Npgsql connection string; the server runs from DIR on a free loopback port
#   pg_stop DIR                  -> stops it and deletes DIR
# initdb refuses to run as root, so the server runs as the 'postgres' user; Debian's policy blocks service
# auto-start, so we start our own cluster with pg_ctl instead of the packaged service.

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
    echo "PostgreSQL is not installed: installing Debian's postgresql package..." >&2
    if [[ $(id -u) -ne 0 ]]; then echo "need root to apt-get install postgresql" >&2; return 1; fi
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib) >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

pg_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

pg_as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local dir="$1" fsync="${2:-on}" bin port data
  bin=$(pg_bin) || return 1
  port=$(pg_free_port)
  mkdir -p "$dir"
  # The server's files live where the postgres user can reach them (DIR may sit under a private temp dir).
  data=$(pg_as_postgres mktemp -d /tmp/ticketing-pg.XXXXXX)
  echo "$data" >"$dir/datadir"
  pg_as_postgres "$bin/initdb" -D "$data/data" -U postgres -A trust -E UTF8 --no-instructions >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  pg_as_postgres "$bin/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=$fsync -c shared_buffers=256MB" start >/dev/null \
    || { cat "$data/server.log" >&2; return 1; }
  pg_as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres ticketing
  echo "$port" >"$dir/port"
  echo "Host=127.0.0.1;Port=$port;Database=ticketing;Username=postgres;Maximum Pool Size=60"
}

pg_stop() {
  local dir="$1" bin data
  bin=$(pg_bin) || return 0
  data=$(cat "$dir/datadir" 2>/dev/null || true)
  if [[ -n "$data" && -d "$data/data" ]]; then
    pg_as_postgres "$bin/pg_ctl" -D "$data/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$data"
  fi
  rm -rf "$dir"
}

# Fault tests: stop the server of DIR (as a crash or an operator would) and start it again on the same port and data.
pg_pause() {
  local dir="$1" bin data
  bin=$(pg_bin) || return 1
  data=$(cat "$dir/datadir")
  pg_as_postgres "$bin/pg_ctl" -D "$data/data" -m immediate -w stop >/dev/null
}

pg_resume() {
  local dir="$1" bin data port
  bin=$(pg_bin) || return 1
  data=$(cat "$dir/datadir")
  port=$(cat "$dir/port")
  pg_as_postgres "$bin/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
}
