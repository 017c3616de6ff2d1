#!/usr/bin/env bash
# Regenerate docs/season-report.png: the 16-week example's plan.html in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
liftplan solve examples/marathon-16-weeks.yaml -o "$work/plan.html" 2>/dev/null
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --hide-scrollbars --window-size=1400,1800 \
  --screenshot=docs/season-report.png "file://$work/plan.html" 2>/dev/null
echo "wrote docs/season-report.png"
