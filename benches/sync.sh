#!/usr/bin/env bash
# A sync to a replica vault (issue 14): the first push of SIZE secrets (two
# versions each) to a new replica, then a run with nothing to do, timed
# once each. The replica is written once per run, so both grow about
# linearly with SIZE.
#
#   benches/sync.sh             # SIZE=300, BIN=target/debug/arca
#   SIZE=10000 BIN=target/release/arca benches/sync.sh
#
# Works in a temp HOME, never touching yours. Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${SIZE:-300}
BIN=$(realpath "${BIN:-target/debug/arca}")
[ -x "$BIN" ] || { echo "no arca at $BIN: cargo build first" >&2; exit 1; }

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share
export ARCA_AGENT=off TERM=dumb
cd "$home"
"$BIN" init >/dev/null 2>&1
for round in 1 2; do
  python3 -c "import json; print(json.dumps({f'app/s{i:05}': f'v$round-{i}' for i in range($SIZE)}))" >in.json
  "$BIN" import --format json in.json >/dev/null 2>&1
done
"$BIN" remote add ci vault "$home/ci.vault.age" --prefix app/ >/dev/null 2>&1

# Seconds that `$@` took; it must succeed.
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null
  t1=$(date +%s.%N)
  python3 -c "print($t1 - $t0)"
}
printf 'first push of %d secrets: %.2f s\n' "$SIZE" "$(seconds "$BIN" push ci)"
printf 'second push (nothing to do): %.2f s\n' "$(seconds "$BIN" push ci)"
