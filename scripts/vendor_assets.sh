#!/usr/bin/env bash
# Refresh the vendored front-end assets under app/static/vendor from the npm registry.
# Not needed to run or test the app: the files it writes are committed.
# Usage: scripts/vendor_assets.sh
set -euo pipefail
HTMX=htmx.org@2.0.11
PICO=@picocss/pico@2.1.1
LUCIDE=lucide-static@1.62.0
ICONS="pencil trash-2 arrow-up arrow-down plus history archive archive-restore log-out check x search file-text users building-2 list-checks clipboard-list calendar triangle-alert clock key-round eye send lock bell menu upload"

root=$(cd "$(dirname "$0")/.." && pwd)
vendor="$root/app/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
for pkg in "$HTMX" "$PICO" "$LUCIDE"; do
  npm pack -q "$pkg" >/dev/null
done
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done

cp htmx.org-*/package/dist/htmx.min.js "$vendor/htmx/"
cp htmx.org-*/package/LICENSE "$vendor/htmx/LICENSE"
cp picocss-pico-*/package/css/pico.min.css "$vendor/pico/"
cp picocss-pico-*/package/LICENSE.md "$vendor/pico/LICENSE.md"
cp lucide-static-*/package/LICENSE "$vendor/lucide/LICENSE"
python3 - "$vendor/lucide/icons.svg" lucide-static-*/package/icons $ICONS <<'PY'
import re, sys
out, src, names = sys.argv[1], sys.argv[2], sys.argv[3:]
parts = ['<svg xmlns="http://www.w3.org/2000/svg"><!-- lucide-static, ISC licence: see LICENSE -->']
for name in names:
    svg = open(f"{src}/{name}.svg", encoding="utf-8").read()
    body = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1).strip()
    body = re.sub(r"\s+", " ", body)
    parts.append(f'<symbol id="i-{name}" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
                 f'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{body}</symbol>')
parts.append("</svg>")
open(out, "w", encoding="utf-8").write("\n".join(parts) + "\n")
PY
cat > "$vendor/VERSIONS" <<V
$HTMX  htmx/htmx.min.js
$PICO  pico/pico.min.css
$LUCIDE  lucide/icons.svg (subset: $ICONS)
V
echo "vendored: $HTMX $PICO $LUCIDE"
