#!/usr/bin/env bash
# Fault test of the scripted local cluster: a flash sale runs through the Api while silo 2 is killed (-9) and
# restarted and the Api itself is restarted; the benchmark then checks every SPEC section 4 invariant.
#   scripts/fault-test.sh [seconds] [--no-build]   (default 40; the kill at 1/4, the silo restart at 1/2, the Api
#                                                   restart at 3/4; --no-build uses the Release build as it is)
# scripts/test.sh runs it in a short form (20 s) after the unit and integration tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration=40 build=1
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

# The cluster's logs outlive it (the cluster directory is deleted on the way down), to explain what a run saw.
logs="$root/.tmp/fault-logs"
cleanup() {
  rm -rf "$logs"; mkdir -p "$logs"
  cp "$TICKETING_CLUSTER_DIR"/*.log "$logs"/ 2>/dev/null || true
  "$root/scripts/cluster.sh" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

if (( build )); then dotnet build "$root/Orleans.sln" -c Release --nologo -v quiet >/dev/null; fi
"$root/scripts/cluster.sh" up --no-build

bench="$root/bench/Ticketing.Bench/bin/Release/net10.0/Ticketing.Bench.dll"
dotnet "$bench" --url "http://127.0.0.1:$TICKETING_API_PORT" --admin-email "$ADMIN_EMAIL" --admin-password "$ADMIN_PASSWORD" \
  --seats 2000 --ga 200 --buyers 200 -c 64 -d "$duration" --hold-ttl 10 --settle 60 --json "$root/bench/results/fault-test.json" \
  >"$TICKETING_CLUSTER_DIR/bench.log" 2>&1 &
bench_pid=$!

# Faults are timed from the start of the sale, which begins once set-up (registration) has finished.
until grep -q "clients for" "$TICKETING_CLUSTER_DIR/bench.log" 2>/dev/null; do
  kill -0 $bench_pid 2>/dev/null || { cat "$TICKETING_CLUSTER_DIR/bench.log"; exit 1; }
  sleep 0.5
done
sleep $((duration / 4)); echo "fault: kill -9 silo2"; "$root/scripts/cluster.sh" kill-silo 2
sleep $((duration / 4)); echo "fault: restart silo2"; "$root/scripts/cluster.sh" start-silo 2
sleep $((duration / 4)); echo "fault: restart the Api"; "$root/scripts/cluster.sh" restart-api

status=0
wait $bench_pid || status=$?
cat "$TICKETING_CLUSTER_DIR/bench.log"
echo "fault test: bench exited with $status (0 = every invariant held)"
exit $status
