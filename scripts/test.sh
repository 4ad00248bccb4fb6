#!/usr/bin/env bash
# Run the whole test suite, browser tests included (Debian's Chromium, driven by Playwright).
# Extra arguments go to pytest, e.g.  scripts/test.sh tests/web -x
source "$(dirname "$0")/_env.sh"

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    echo "Cài Chromium (Debian) cho các kiểm thử trình duyệt..."
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "Thiếu $CHROMIUM. Cài bằng: sudo apt-get install chromium fonts-dejavu-core" >&2
    exit 1
  fi
fi

ensure_venv requirements-dev.txt
# -n auto: one worker per core (pytest-xdist); pass -n 0 to run in one process.
exec "$VENV/bin/python" -m pytest -n auto "$@"
