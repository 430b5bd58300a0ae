#!/bin/sh
# Make sure Debian's Chromium (used by Playwright, see playwright.config.ts) is installed.
set -eu

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
# An explicit CHROMIUM_PATH (honoured by playwright.config.ts) also counts.
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then
  exit 0
fi

INSTALL='DEBIAN_FRONTEND=noninteractive apt-get update -q && apt-get install -y -q chromium'
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM not found; installing it with apt-get" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  [ -x "$CHROMIUM" ] || { echo "ensure-chromium: $CHROMIUM still missing after install" >&2; exit 1; }
  exit 0
fi

echo "ensure-chromium: $CHROMIUM not found. Install it as root with:" >&2
echo "  $INSTALL" >&2
echo "(or point CHROMIUM_PATH at another Chromium binary)" >&2
exit 1
