# Shared by scripts/run.sh and scripts/test.sh: a virtualenv in .venv with the
# pinned requirements installed (re-installed only when a requirements file changes).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3.10 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Cần Python 3.10 trở lên có mô-đun venv (Debian: apt-get install python3 python3-venv)." >&2
  return 1
}

ensure_venv() {
  local requirements="$1"
  if [ ! -x "$VENV/bin/python" ]; then
    local python; python="$(find_python)"
    echo "Tạo môi trường ảo .venv bằng $("$python" --version)..."
    "$python" -m venv "$VENV"
  fi
  local stamp="$VENV/.installed-$(basename "$requirements")"
  local digest; digest="$(cat requirements*.txt | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    echo "Cài đặt thư viện từ $requirements..."
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$digest" > "$stamp"
  fi
}

ensure_secret_key() {
  # instance/config.py is never committed: it holds this server's own secret key.
  mkdir -p "$ROOT/instance"
  if [ ! -f "$ROOT/instance/config.py" ] && [ -z "${SECRET_KEY:-}" ]; then
    "$VENV/bin/python" - <<'PY' > "$ROOT/instance/config.py"
import secrets
print("# Settings of this installation (see README, Configuration). Not committed.")
print(f"SECRET_KEY = {secrets.token_hex(32)!r}")
PY
    chmod 600 "$ROOT/instance/config.py"
    echo "Đã tạo instance/config.py với khóa bí mật riêng của máy này."
  fi
}
