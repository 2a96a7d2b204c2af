#!/usr/bin/env bash
# The agent's benchmark (issue 15), as ratios measured in one run:
#   1. 100 sequential `arca get` with a passphrase-protected identity, each
#      prompt answered by a pseudo-terminal driver (benches/tty_driver.py):
#      with the agent unlocked vs without it. Target: ≤ 3 %.
#   2. `arca get` from an agent started with --cache-vault on a
#      100,000-secret vault vs `age -d` of that vault. Target: ≤ 0.2 ×.
#
#   benches/agent.sh          # GETS=100 SIZE=100000 RUNS=20 by default
#
# Needs hyperfine, age, jq, bc and python3 (installed with apt-get when
# missing); works in a temp HOME and runtime folder, never touching yours.
# Exit status: 0 when both targets pass.
set -euo pipefail
cd "$(dirname "$0")/.."

GETS=${GETS:-100}
SIZE=${SIZE:-100000}
RUNS=${RUNS:-20}
OUT=${OUT:-target/bench}

export DEBIAN_FRONTEND=noninteractive
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
for p in hyperfine age jq bc python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -q >&2
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

echo "building the release binary" >&2
cargo build --release --quiet
ARCA=$PWD/target/release/arca
DRIVER=$PWD/benches/tty_driver.py
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/arca-agent-bench.XXXXXX")
cleanup() {
  "$ARCA" agent stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
for v in $(env | sed -n 's/^\(ARCA_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data \
  XDG_RUNTIME_DIR=$WORK/run TMPDIR=$WORK/tmp
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$TMPDIR"
mkdir -m 700 "$XDG_RUNTIME_DIR"
# age asks on the terminal itself, not through a pinentry program.
export PINENTRY_PROGRAM=/nonexistent/pinentry BENCH_PASSPHRASE=bench-passphrase-4e1f
IDENTITY=$XDG_CONFIG_HOME/arca/identity.txt

# ---------------------------------------------------------------- 1. prompts
echo "1. $GETS gets with a passphrase-protected identity" >&2
"$DRIVER" 1 "$ARCA" init --passphrase >/dev/null
printf 'a value of forty bytes, exactly forty...' >"$WORK/value"
"$DRIVER" 1 "$ARCA" create s --value-file "$WORK/value" >/dev/null
read -r off_s off_prompts < <(ARCA_AGENT=off "$DRIVER" "$GETS" "$ARCA" get s)
"$ARCA" agent start >/dev/null
read -r unlock_s unlock_prompts < <("$DRIVER" 1 "$ARCA" unlock)
read -r on_s on_prompts < <("$DRIVER" "$GETS" "$ARCA" get s)
"$ARCA" agent stop >/dev/null

# ---------------------------------------------------------------- 2. cache
echo "2. generating a vault of $SIZE secrets (3 versions each)" >&2
VAULT=$WORK/vault-$SIZE.age
ID2=$WORK/identity-plain.txt
export ARCA_IDENTITY=$ID2
ARCA_VAULT=$VAULT "$ARCA" init >/dev/null 2>&1
for round in 1 2 3; do
  awk -v n="$SIZE" -v r="$round" 'BEGIN {
    srand(r * 7919 + n);
    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (i = 0; i < n; i++) {
      v = "";
      for (j = 0; j < 40; j++) v = v substr(chars, int(rand() * 62) + 1, 1);
      printf "svc/%07d=%s\n", i, v;
    }
  }' | ARCA_VAULT=$VAULT "$ARCA" import - --format dotenv 2>/dev/null
done
middle=$(printf 'svc/%07d' $((SIZE / 2)))
"$ARCA" agent start --cache-vault >/dev/null
ARCA_VAULT=$VAULT "$ARCA" unlock 2>/dev/null
echo "measuring" >&2
hyperfine --style none --warmup 3 --min-runs "$RUNS" -N --export-json "$OUT/agent-cache.json" \
  -n "age -d" "age -d -i $ID2 -o /dev/null $VAULT" \
  -n "get, cached vault" "$ARCA --vault $VAULT get $middle" \
  -n "get, no agent" "$ARCA --no-agent --vault $VAULT get $middle" >&2
cached=$(jq -r '.results[] | select(.command == "get, cached vault") | .median * 1000' "$OUT/agent-cache.json")
age_ms=$(jq -r '.results[] | select(.command == "age -d") | .median * 1000' "$OUT/agent-cache.json")
plain=$(jq -r '.results[] | select(.command == "get, no agent") | .median * 1000' "$OUT/agent-cache.json")

# ---------------------------------------------------------------- report
fails=0
verdict() { if (($(echo "$1 <= $2" | bc))); then echo PASS; else fails=$((fails + 1)); echo FAIL; fi; }
r1=$(echo "scale=4; ($on_s + $unlock_s) / $off_s" | bc)
r2=$(echo "scale=4; $cached / $age_ms" | bc)
v1=$(verdict "$r1" 0.03)
v2=$(verdict "$r2" 0.2)
{
  echo
  echo "| what | measured | floor | ratio | target | |"
  echo "|---|---:|---:|---:|---:|---|"
  printf '| %s gets, agent unlocked (incl. the unlock: %.2f s, %s prompt) | %.2f s (%s prompts) | without the agent: %.2f s (%s prompts) | %.4f | ≤ 0.03 | %s |\n' \
    "$GETS" "$unlock_s" "$unlock_prompts" "$(echo "$on_s + $unlock_s" | bc)" "$on_prompts" "$off_s" "$off_prompts" "$r1" "$v1"
  printf '| get, --cache-vault, %s secrets | %.1f ms | age -d: %.1f ms | %.3f | ≤ 0.2 | %s |\n' \
    "$SIZE" "$cached" "$age_ms" "$r2" "$v2"
  printf '| (get, no agent, same vault) | %.1f ms | | | | |\n' "$plain"
} | tee "$OUT/agent-table.md"
[ "$fails" = 0 ]
