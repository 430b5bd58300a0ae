#!/bin/sh
# Make sure Debian's gcc is installed: the C export tests compile every exported selftest and
# the LD_PRELOAD shim (tools/luo-shim) with it.
set -eu

if command -v gcc >/dev/null 2>&1; then
  exit 0
fi

INSTALL='DEBIAN_FRONTEND=noninteractive apt-get update -q && apt-get install -y -q gcc libc6-dev'
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-gcc: gcc not found; installing it with apt-get" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc libc6-dev
  command -v gcc >/dev/null 2>&1 || { echo "ensure-gcc: gcc still missing after install" >&2; exit 1; }
  exit 0
fi

echo "ensure-gcc: gcc not found. Install it as root with:" >&2
echo "  $INSTALL" >&2
exit 1
