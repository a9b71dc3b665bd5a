#!/usr/bin/env bash
# Fault test of the scripted local cluster: a flash sale runs through the Api while, in turn, both silos are restarted
# one after the other with SIGTERM (a rolling restart), silo 2 is killed (-9) and restarted, PostgreSQL is stopped
# and started, and the Api itself is restarted. The benchmark then checks every SPEC section 4 invariant, including
# that every hold and booking a client was told about still exists; the run also fails on any 5xx or unanswered
# request during the rolling restart (a graceful stop must cost clients nothing).
#   scripts/fault-test.sh [seconds] [--no-build]   (default 60; the faults start at each sixth of the sale, which
#                                                   goes on until the last is done; --no-build uses the Release build)
# scripts/test.sh runs it in a short form (30 s) after the unit and integration tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration=60 build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *[!0-9]* | "") echo "usage: $0 [seconds] [--no-build]" >&2; exit 2 ;;
    *) duration="$arg" ;;
  esac
done
export TICKETING_API_PORT="${TICKETING_API_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')}"
export TICKETING_CLUSTER_DIR="${TICKETING_CLUSTER_DIR:-$root/.tmp/fault-cluster}"
export ADMIN_EMAIL="fault-admin@example.com" ADMIN_PASSWORD="fault-admin-password-123"
# The load comes from one address and registers many buyers: the limits are not what is tested here.
export Ticketing__RateLimits__Enabled=false Auth__PasswordHashing__IterationCount=10000
export Ticketing__Reservations__MaxActiveHoldsPerUserPerEvent=100
# A saga cut off by the kill keeps its seats pinned until its reminder resumes it: resume soon after a crash.
export Ticketing__Bookings__ResumeAfterSeconds=5
# Log lines carry UTC times, to line the processes' logs up with the bench's failures file.
export Logging__Console__FormatterOptions__TimestampFormat="yyyy-MM-ddTHH:mm:ss.fff " Logging__Console__FormatterOptions__UseUtcTimestamp=true

# The cluster's logs outlive it (the cluster directory is deleted on the way down), to explain what a run saw.
logs="$root/.tmp/fault-logs"
cleanup() {
  rm -rf "$logs"; mkdir -p "$logs"
  cp "$TICKETING_CLUSTER_DIR"/*.log "$TICKETING_CLUSTER_DIR"/failures "$TICKETING_CLUSTER_DIR"/graceful-windows "$logs"/ 2>/dev/null || true
  "$root/scripts/cluster.sh" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

if (( build )); then dotnet build "$root/Orleans.sln" -c Release --nologo -v quiet >/dev/null; fi
"$root/scripts/cluster.sh" up --no-build

bench="$root/bench/Ticketing.Bench/bin/Release/net10.0/Ticketing.Bench.dll"
dotnet "$bench" --url "http://127.0.0.1:$TICKETING_API_PORT" --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD" \
  --seats 2000 --ga 200 --buyers 200 -c 64 -d "$duration" --hold-ttl 10 --settle 60 --json "$root/bench/results/fault-test.json" \
  --failures "$TICKETING_CLUSTER_DIR/failures" --until-file "$TICKETING_CLUSTER_DIR/faults-done" \
  >"$TICKETING_CLUSTER_DIR/bench.log" 2>&1 &
bench_pid=$!

# Faults are timed from the start of the sale, which begins once set-up (registration) has finished.
until grep -q "clients for" "$TICKETING_CLUSTER_DIR/bench.log" 2>/dev/null; do
  kill -0 $bench_pid 2>/dev/null || { cat "$TICKETING_CLUSTER_DIR/bench.log"; exit 1; }
  sleep 0.5
done
sale_start=$SECONDS
at() { # fraction-numerator: sleep until that sixth of the sale (a step that took longer just runs late)
  local wait=$((sale_start + duration * $1 / 6 - SECONDS))
  (( wait > 0 )) && sleep "$wait"
  return 0
}
now() { date -u +%Y-%m-%dT%H:%M:%S.%NZ; }
graceful="$TICKETING_CLUSTER_DIR/graceful-windows"
: >"$graceful"

# A rolling restart first: each silo in turn is stopped with SIGTERM (it leaves the membership and hands its grains
# over) and started again. Clients must see no failure from it: the Api retries what a departing silo refused. (First,
# because calls in flight to a silo killed with -9 wait out Orleans' 30 s response timeout, which would spill into it.)
at 1; echo "rolling restart: SIGTERM silo1, start it, SIGTERM silo2, start it"
for i in 1 2; do
  from=$(now)
  "$root/scripts/cluster.sh" stop-silo "$i"
  "$root/scripts/cluster.sh" start-silo "$i"
  sleep 2 # the restarted silo takes load: still part of the rolling restart
  echo "$from $(now) silo$i" >>"$graceful"
done
sleep 3 # nothing sent during the rolling restart may be cut off by the next fault
at 2; echo "fault: kill -9 silo2"; "$root/scripts/cluster.sh" kill-silo 2
at 3; echo "fault: restart silo2"; "$root/scripts/cluster.sh" start-silo 2
at 4; echo "fault: restart PostgreSQL (down 3 s)"; "$root/scripts/cluster.sh" restart-postgres 3
at 5; echo "fault: restart the Api"; "$root/scripts/cluster.sh" restart-api
# The sale goes on until the faults are done (in a short run they outlast the duration); the check then reads a whole
# cluster again.
touch "$TICKETING_CLUSTER_DIR/faults-done"

status=0
wait $bench_pid || status=$?
cat "$TICKETING_CLUSTER_DIR/bench.log"
echo "fault test: bench exited with $status (0 = every invariant held)"

# The graceful windows: any request sent between a SIGTERM and its silo being ready again that got a 5xx or no answer
# fails the run.
python3 - "$graceful" "$TICKETING_CLUSTER_DIR/failures" <<'PY2' || status=1
import sys
from datetime import datetime
def parse(s):  # UTC, from date's "...%NZ" or .NET's "O" ("...fffffff+00:00"), to the microsecond
    return datetime.fromisoformat(s.split("+")[0].rstrip("Z")[:26])
windows = [line.split() for line in open(sys.argv[1]) if line.strip()]
failures = [line.split() for line in open(sys.argv[2]) if line.strip()]
bad = 0
for start, end, name in windows:
    inside = [f for f in failures if parse(start) <= parse(f[0]) <= parse(end)]
    print(f"graceful stop and restart of {name}: {len(inside)} request(s) sent meanwhile failed")
    for f in inside[:10]:
        print("   ", " ".join(f))
    bad += len(inside)
sys.exit(1 if bad else 0)
PY2
exit $status
