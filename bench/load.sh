#!/usr/bin/env bash
# Load benchmark (loopback only, bounded in time): 1 and 50 concurrent users on the dashboard, the
# checklist and the approval queue of the large department, each beside the trivial /healthz route
# measured in the same run. Prints requests/s and p50/p95/p99 per page and the ratio to /healthz.
#
#   bench/load.sh [seconds per run, default 20] [threads, default 8]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-20}"
THREADS="${2:-8}"
DB="${LOAD_DB:-/tmp/cchc-large.db}"
PORT="${LOAD_PORT:-8765}"

[ -x .venv/bin/python ] || ./scripts/test.sh --co -q >/dev/null
if [ ! -x .venv-load/bin/locust ]; then
  python3 -m venv .venv-load
  .venv-load/bin/pip install -q -r bench/requirements-load.txt
fi
[ -f "$DB" ] || .venv/bin/python bench/large.py "$DB"

DATABASE_URL="sqlite:///$DB" SECRET_KEY=bench .venv/bin/waitress-serve --host 127.0.0.1 --port "$PORT" \
  --threads "$THREADS" wsgi:app >/tmp/cchc-load-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

OUT=$(mktemp -d)
for users in 1 50; do
  for page in Checklist Dashboard Approvals; do
    # The page and the trivial route share the run (half the users each), so both see the same load.
    .venv-load/bin/locust -f bench/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
      -u $(( users < 2 ? 2 : users )) -r 50 -t "${SECONDS_PER_RUN}s" --csv "$OUT/$page-$users" \
      --only-summary "$page" Trivial >/dev/null 2>&1 || true
  done
done
.venv/bin/python bench/load_report.py "$OUT"
