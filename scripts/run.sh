#!/usr/bin/env bash
# Run CCHC Tracker on http://127.0.0.1:5000 — creates the venv, installs, migrates,
# loads the demo department on first run (empty database) and serves the app.
#   HOST=0.0.0.0 PORT=8000 scripts/run.sh   to listen elsewhere
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
exec "$VENV/bin/waitress-serve" --host "$HOST" --port "$PORT" --threads 8 wsgi:app
