#!/usr/bin/env bash
# The whole test suite, PostgreSQL tests included. Extra arguments go to `dotnet test` (e.g. --filter ...).
# Without TICKETING_TEST_POSTGRES (an Npgsql connection string) it starts a throwaway PostgreSQL on a free
# loopback port (installing Debian's postgresql package if needed) and deletes it afterwards.
# With no arguments it then runs the short cluster fault test (TICKETING_SKIP_FAULT_TEST=1 skips it).
# The last line is a plain "N passed, N failed[, N skipped]" summary read from the TRX results and the fault test.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/postgres.sh
source "$root/scripts/lib/postgres.sh"

work=$(mktemp -d)
cleanup() {
  [[ -d "$work/pg" ]] && pg_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

if [[ -z "${TICKETING_TEST_POSTGRES:-}" ]]; then
  # fsync off: the database is thrown away, and durability across crashes is tested through silo restarts.
  TICKETING_TEST_POSTGRES="$(pg_start "$work/pg" off)"
  echo "throwaway PostgreSQL: $TICKETING_TEST_POSTGRES"
fi
export TICKETING_TEST_POSTGRES

results="$work/results"
status=0
dotnet build Orleans.sln -c Release --nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
dotnet test Orleans.sln -c Release --no-build --nologo \
  --logger "trx;LogFilePrefix=results" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?

# The short cluster fault test (kill -9 and restart of a silo, a rolling SIGTERM restart, a PostgreSQL restart and an
# Api restart under a running sale, then every invariant checked)
# counts as one test. It runs with the whole suite, not when arguments select tests.
fault_passed=0 fault_failed=0
if [[ $# -eq 0 && "${TICKETING_SKIP_FAULT_TEST:-}" != 1 ]]; then
  echo "cluster fault test (scripts/fault-test.sh 30)..."
  if bash scripts/fault-test.sh 30 --no-build >"$work/fault-test.log" 2>&1; then
    fault_passed=1
    grep -E "invariants|holds/s|bookings/s" "$work/fault-test.log" || true
  else
    fault_failed=1
    cat "$work/fault-test.log"
  fi
fi

summary=$(python3 - "$results" "$fault_passed" "$fault_failed" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed, failed, skipped = int(sys.argv[2]), int(sys.argv[3]), 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
PY
)
if [[ "$summary" == "0 passed, 0 failed"* ]]; then
  echo "no test ran"
  status=1
fi
if [[ "$summary" != *", 0 failed"* ]]; then
  status=1
fi
echo "$summary"
exit "$status"
