#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests (never a downloaded browser).
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
    || { echo "chromium: could not install Debian's chromium package" >&2; exit 1; }
else
  echo "chromium: $CHROMIUM is missing: apt-get install chromium (or set CHROMIUM_PATH)" >&2
  exit 1
fi
