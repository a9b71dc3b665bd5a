#!/usr/bin/env bash
# The scripted local cluster: PostgreSQL + N silo processes + the Api in client mode, all on loopback.
# Same configuration keys as docker-compose.yml.
#
#   scripts/cluster.sh up [--silos N] [--no-build]   start everything (PostgreSQL too unless TICKETING_CLUSTER_POSTGRES is set)
#   scripts/cluster.sh status                        pids, ports and readiness
#   scripts/cluster.sh kill-silo N                   kill -9 silo N (fault tests)
#   scripts/cluster.sh stop-silo N                   SIGTERM silo N (graceful shutdown)
#   scripts/cluster.sh start-silo N                  (re)start silo N
#   scripts/cluster.sh restart-api                   restart the Api process
#   scripts/cluster.sh restart-postgres [SECONDS]    stop the cluster's PostgreSQL (immediate, as a crash) and start it
#                                                    again after SECONDS (default 3); only the script's own database
#   scripts/cluster.sh down                          stop everything and delete the throwaway database
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="${TICKETING_CLUSTER_DIR:-$root/.tmp/cluster}"
config="${TICKETING_CLUSTER_CONFIGURATION:-Release}"
api_port="${TICKETING_API_PORT:-5080}"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_ready() { # url seconds name
  local deadline=$((SECONDS + $2))
  until curl -fsS "$1/health/ready" >/dev/null 2>&1; do
    if (( SECONDS > deadline )); then echo "$3 did not become ready; see $state/$3.log" >&2; return 1; fi
    sleep 0.5
  done
}

common_env() {
  export ConnectionStrings__Ticketing; ConnectionStrings__Ticketing="$(cat "$state/connection")"
  export Ticketing__Hosting__ClusterId=ticketing Ticketing__Hosting__ServiceId=ticketing
  export Payments__Mock__WebhookSecret="${MOCK_WEBHOOK_SECRET:-dev-mock-webhook-secret-change-me}"
  # A local load-test cluster: the bench and the fault tests pay with the mock provider, which Production turns off.
  export Payments__Mock__Enabled="${MOCK_PAYMENTS_ENABLED:-true}"
  export Ticketing__Tickets__SigningKey="${TICKETS_SIGNING_KEY:-dev-ticket-signing-key-change-me-please}"
  export ASPNETCORE_ENVIRONMENT=Production
}

start_silo() { # index
  local i="$1" silo_port gateway_port http_port
  silo_port=$(free_port); gateway_port=$(free_port); http_port=$(free_port)
  (
    common_env
    export Ticketing__Hosting__Mode=PostgreSql Ticketing__Hosting__SiloName="silo$i"
    export Ticketing__Hosting__SiloPort="$silo_port" Ticketing__Hosting__GatewayPort="$gateway_port"
    export ASPNETCORE_URLS="http://127.0.0.1:$http_port"
    exec dotnet "$root/Silo/bin/$config/net10.0/Ticketing.Silo.dll" >>"$state/silo$i.log" 2>&1
  ) &
  echo $! >"$state/silo$i.pid"
  echo "http://127.0.0.1:$http_port" >"$state/silo$i.url"
  wait_ready "http://127.0.0.1:$http_port" 120 "silo$i"
  echo "silo$i: pid $(cat "$state/silo$i.pid"), silo port $silo_port, gateway $gateway_port, health+dashboard http://127.0.0.1:$http_port"
}

start_api() {
  (
    common_env
    export Ticketing__Hosting__Mode=Client
    export Auth__Jwt__SigningKey="${JWT_SIGNING_KEY:-dev-jwt-signing-key-change-me-at-least-32-chars}"
    export Auth__Bootstrap__AdminEmail="${ADMIN_EMAIL:-admin@example.com}"
    export Auth__Bootstrap__AdminPassword="${ADMIN_PASSWORD:-change-me-admin-password}"
    export ASPNETCORE_URLS="http://127.0.0.1:$api_port"
    exec dotnet "$root/Api/bin/$config/net10.0/Ticketing.Api.dll" >>"$state/api.log" 2>&1
  ) &
  echo $! >"$state/api.pid"
  wait_ready "http://127.0.0.1:$api_port" 120 api
  echo "api: pid $(cat "$state/api.pid"), http://127.0.0.1:$api_port (scalar: /scalar, dashboard: /dashboard/)"
}

stop_pid() { # file signal
  [[ -f "$1" ]] || return 0
  local pid; pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$2" "$pid" 2>/dev/null || true
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  up)
    silos=2; build=1
    while [[ $# -gt 0 ]]; do
      case "$1" in --silos) silos="$2"; shift 2 ;; --no-build) build=0; shift ;; *) echo "unknown option $1" >&2; exit 2 ;; esac
    done
    mkdir -p "$state"
    if [[ -n "${TICKETING_CLUSTER_POSTGRES:-}" ]]; then
      echo "$TICKETING_CLUSTER_POSTGRES" >"$state/connection"
    else
      pg_start "$state/pg" >"$state/connection"
    fi
    (( build )) && dotnet build "$root/Orleans.sln" -c "$config" --nologo -v quiet >/dev/null
    echo "$silos" >"$state/silos"
    for i in $(seq 1 "$silos"); do start_silo "$i"; done
    start_api
    ;;
  status)
    for f in "$state"/*.pid; do [[ -e "$f" ]] || continue; n=$(basename "$f" .pid); pid=$(cat "$f")
      if kill -0 "$pid" 2>/dev/null; then echo "$n: running (pid $pid)"; else echo "$n: dead"; fi; done ;;
  kill-silo) stop_pid "$state/silo$1.pid" 9; echo "silo$1 killed" ;;
  stop-silo) stop_pid "$state/silo$1.pid" TERM; echo "silo$1 stopped" ;;
  start-silo) start_silo "$1" ;;
  restart-api) stop_pid "$state/api.pid" TERM; start_api ;;
  restart-postgres)
    [[ -d "$state/pg" ]] || { echo "the cluster runs on TICKETING_CLUSTER_POSTGRES, not its own PostgreSQL" >&2; exit 2; }
    pg_pause "$state/pg"; echo "postgresql stopped"
    sleep "${1:-3}"
    pg_resume "$state/pg"; echo "postgresql started" ;;
  down)
    stop_pid "$state/api.pid" TERM
    for f in "$state"/silo*.pid; do [[ -e "$f" ]] && stop_pid "$f" TERM; done
    [[ -d "$state/pg" ]] && pg_stop "$state/pg"
    rm -rf "$state"
    echo "cluster down" ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac
