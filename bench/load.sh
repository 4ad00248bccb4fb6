#!/usr/bin/env bash
# Load benchmark (loopback only, bounded in time): 1 and 50 concurrent users on the dashboard, the
# checklist and the approval queue of the large department (bench/large.py), each run right after
# the trivial /healthz route of the same server, so both are measured in the same conditions.
# Prints requests/s, p50/p95/p99 and the page's share of the trivial route's requests/s.
# The load comes from wrk (Debian's package; written in C, so the generator takes little of the
# CPU the server needs). Target: each page ≥ 1/3 of /healthz's requests/s, p99 < 200 ms at 50 users.
#
#   bench/load.sh [seconds per run, default 15] [server threads, default 8]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-15}"
THREADS="${2:-8}"
DB="${LOAD_DB:-/tmp/cchc-large.db}"
PORT="${LOAD_PORT:-8765}"
BASE="http://127.0.0.1:$PORT"
PASSWORD="bench-password-1"

if ! command -v wrk >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq wrk >/dev/null
fi
[ -x .venv/bin/python ] || ./scripts/test.sh --co -q >/dev/null
[ -f "$DB" ] || .venv/bin/python bench/large.py "$DB"
DATABASE_URL="sqlite:///$DB" FLASK_APP=wsgi .venv/bin/flask db upgrade >/dev/null 2>&1

DATABASE_URL="sqlite:///$DB" SECRET_KEY=bench .venv/bin/waitress-serve --host 127.0.0.1 --port "$PORT" \
  --threads "$THREADS" wsgi:app >/tmp/cchc-load-server.log 2>&1 &
SERVER=$!
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done

cookie_of() {  # signs in as $1, opens page $2 as a browser would, and prints the session cookie
  local jar="$WORK/$1.jar" token
  token=$(curl -s -c "$jar" -b "$jar" "$BASE/login" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p')
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$token" \
    --data-urlencode "username=$1" --data-urlencode "password=$PASSWORD" "$BASE/login"
  curl -s -o /dev/null -c "$jar" -b "$jar" "$BASE$2"
  awk '$6 == "session" {print "session=" $7}' "$jar"
}

cat >"$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
            + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.0f %.0f %.0f %d\n", summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, bad))
end
LUA

run() {  # users url cookie -> "req/s p50 p95 p99 errors"
  local users=$1 threads=$(( $1 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$users" -d"${SECONDS_PER_RUN}s" -s "$WORK/report.lua" -H "Cookie: $3" "$BASE$2" \
    | sed -n 's/^RESULT //p'
}

printf '%-16s%6s%8s%8s%8s%8s%7s%15s%13s%7s\n' page users req/s "p50 ms" "p95 ms" "p99 ms" errors \
  "trivial req/s" "trivial p99" ratio
for users in 1 50; do
  for spec in "dashboard:/dashboard:office" "checklist:/checklist:staff001" "approval queue:/approvals:director"; do
    IFS=: read -r name path user <<<"$spec"
    cookie=$(cookie_of "$user" "$path")
    read -r base _ _ base_p99 _ <<<"$(run "$users" /healthz "")"
    read -r rps p50 p95 p99 errors <<<"$(run "$users" "$path" "$cookie")"
    printf '%-16s%6s%8s%8s%8s%8s%7s%15s%13s%7.2f\n' "$name" "$users" "$rps" "$p50" "$p95" "$p99" "$errors" \
      "$base" "$base_p99" "$(echo "$rps / $base" | bc -l)"
  done
done
echo "server: waitress, $THREADS threads; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
