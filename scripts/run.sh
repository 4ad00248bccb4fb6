#!/usr/bin/env bash
# Run CCHC Tracker on http://127.0.0.1:5000 — creates the venv, installs, migrates,
# loads the demo department on first run (empty database) and serves the app: on Linux with gunicorn,
# one worker process per core (gthread: 8 threads in each); elsewhere with waitress (one process).
#   HOST=0.0.0.0 PORT=8000 scripts/run.sh   to listen elsewhere
#   WORKERS=1 scripts/run.sh                one process (default: one per core)
source "$(dirname "$0")/_env.sh"

ensure_venv requirements.txt
ensure_secret_key
export FLASK_APP=wsgi
"$VENV/bin/flask" db upgrade
"$VENV/bin/flask" demo --if-empty

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"
echo
echo "CCHC Tracker đang chạy tại: http://$HOST:$PORT   (Ctrl+C để dừng)"
if [ "$(uname -s)" = Linux ] && [ -x "$VENV/bin/gunicorn" ]; then
  # No --preload: each worker makes the app after the fork (its own engine, connections, page cache).
  exec "$VENV/bin/gunicorn" --workers "${WORKERS:-$(nproc)}" --worker-class gthread --threads 8 \
    --bind "$HOST:$PORT" --graceful-timeout 10 --no-control-socket wsgi:app
fi
exec "$VENV/bin/waitress-serve" --host "$HOST" --port "$PORT" --threads 8 wsgi:app
