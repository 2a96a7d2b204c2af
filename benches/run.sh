#!/usr/bin/env bash
# arca's benchmark, with the targets of issues 6 and 16 as ratios to a floor
# measured in the same run (age -d / age -e of the same vault file, pass show,
# a hello-world binary, get on the 1,000-secret vault), so that a slow or
# noisy machine does not matter.
#
#   benches/run.sh                 # 1,000, 10,000, 100,000 and 1,000,000 secrets
#   SIZES="1000 10000" benches/run.sh
#   RUNS=20 WARMUP=5 benches/run.sh  # BIG_RUNS / BIG_WARMUP from 1,000,000 on
#
# Installs what it needs with apt-get when missing (hyperfine, age, pass,
# gnupg, time, jq, bc), builds the release binary, generates the vaults through
# `arca import` in a temp dir (a synthetic HOME: your own vault, identity and
# gpg keys are never touched), and prints a table of medians, ratios and
# PASS/FAIL per target. Raw hyperfine JSON is kept in $OUT (default
# target/bench). Exit status: 0 when every target passes, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 100000 1000000"}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-3}
OUT=${OUT:-target/bench}
PASS_ENTRIES=1000

# ---------------------------------------------------------------- tools
export DEBIAN_FRONTEND=noninteractive
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
for p in hyperfine age pass gnupg time jq bc; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  as_root apt-get update -q >&2
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

echo "building the release binary" >&2
cargo build --release --quiet
ARCA=$PWD/target/release/arca
mkdir -p "$OUT"
rm -f "$OUT"/bench-*.json "$OUT"/peak-kb-* "$OUT"/table.md
OUT=$(cd "$OUT" && pwd)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/arca-bench.XXXXXX")
cleanup() {
  GNUPGHOME=$WORK/gnupg gpgconf --kill gpg-agent 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# rustup and cargo keep finding the toolchain after HOME moves.
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
# A synthetic HOME: no ARCA_* from the caller, nothing of theirs touched.
for v in $(env | sed -n 's/^\(ARCA_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data \
  XDG_CACHE_HOME=$WORK/cache GNUPGHOME=$WORK/gnupg PASSWORD_STORE_DIR=$WORK/pass \
  TMPDIR=$WORK/tmp ARCA_LOCK_TIMEOUT=60s
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$TMPDIR"
mkdir -m 700 "$GNUPGHOME"
IDENTITY=$XDG_CONFIG_HOME/arca/identity.txt

# A 40-byte value, different per secret and per round.
gen_values() { # N ROUND FORMAT(aws|dotenv)
  awk -v n="$1" -v r="$2" -v fmt="$3" 'BEGIN {
    srand(r * 7919 + n);
    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    if (fmt == "aws") printf "[";
    for (i = 0; i < n; i++) {
      v = "";
      for (j = 0; j < 40; j++) v = v substr(chars, int(rand() * 62) + 1, 1);
      name = sprintf("svc/%07d", i);
      if (fmt == "aws") {
        printf "%s{\"Name\":\"%s\",\"SecretString\":\"%s\",\"Description\":\"benchmark secret %d\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"bench\"},{\"Key\":\"env\",\"Value\":\"e%d\"}]}\n",
          (i ? "," : ""), name, v, i, i % 10;
      } else {
        printf "%s=%s\n", name, v;
      }
    }
    if (fmt == "aws") printf "]\n";
  }'
}

name_at() { printf 'svc/%07d' "$1"; }

# ---------------------------------------------------------------- vaults
declare -A VAULT PAYLOAD_BYTES GEN_SECONDS
for n in $SIZES; do
  vault=$WORK/vault-$n.age
  VAULT[$n]=$vault
  echo "generating a vault of $n secrets (3 versions each)" >&2
  ARCA_VAULT=$vault "$ARCA" init >/dev/null 2>&1
  start=$(date +%s.%N)
  gen_values "$n" 1 aws | ARCA_VAULT=$vault "$ARCA" import - --format aws 2>/dev/null
  gen_values "$n" 2 dotenv | ARCA_VAULT=$vault "$ARCA" import - --format dotenv 2>/dev/null
  gen_values "$n" 3 dotenv | ARCA_VAULT=$vault "$ARCA" import - --format dotenv 2>/dev/null
  GEN_SECONDS[$n]=$(echo "$(date +%s.%N) - $start" | bc)
  # The synthetic payload, for `age -e` and the memory comparison.
  age -d -i "$IDENTITY" -o "$WORK/payload-$n" "$vault"
  PAYLOAD_BYTES[$n]=$(stat -c %s "$WORK/payload-$n")
done
RECIPIENT=$(sed -n 's/^# public key: //p' "$IDENTITY")
printf 'a value of forty bytes, exactly forty...' >"$WORK/value"

# ---------------------------------------------------------------- pass
HAVE_PASS=0
if command -v pass >/dev/null && command -v gpg >/dev/null; then
  echo "generating a $PASS_ENTRIES-entry pass store" >&2
  gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
    --quick-generate-key 'arca bench <bench@example.invalid>' ed25519 cert never 2>/dev/null
  fpr=$(gpg --batch --with-colons --list-keys bench@example.invalid | awk -F: '/^fpr/ {print $10; exit}')
  gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
    --quick-add-key "$fpr" cv25519 encr never 2>/dev/null
  pass init "$fpr" >/dev/null 2>&1
  mkdir -p "$PASSWORD_STORE_DIR/svc"
  # What `pass insert` writes, without a shell and a pass per entry.
  gen_values "$PASS_ENTRIES" 1 dotenv | while IFS='=' read -r name value; do
    printf '%s\n' "$value" | gpg --batch --quiet --yes --encrypt -r "$fpr" \
      --output "$PASSWORD_STORE_DIR/$name.gpg"
  done
  pass show "$(name_at 500)" >/dev/null 2>&1 && HAVE_PASS=1
fi

# ---------------------------------------------------------------- hello
cat >"$WORK/hello.rs" <<'EOF'
fn main() {
    println!("hello, world");
}
EOF
rustc -O -o "$WORK/hello" "$WORK/hello.rs"

# ---------------------------------------------------------------- measure
HAVE_EXEC=0
"$ARCA" exec --help >/dev/null 2>&1 && HAVE_EXEC=1

BIG_RUNS=${BIG_RUNS:-5}
BIG_WARMUP=${BIG_WARMUP:-1}
bench() { # JSON-FILE then hyperfine args
  local json=$1
  shift
  hyperfine --style none --warmup "$warmup" --min-runs "$runs" -N \
    --export-json "$json" "$@" >&2
}

for n in $SIZES; do
  # A million secrets: fewer runs (each read is a 700 MB decryption).
  if [ "$n" -ge 1000000 ]; then runs=$BIG_RUNS warmup=$BIG_WARMUP; else runs=$RUNS warmup=$WARMUP; fi
  vault=${VAULT[$n]}
  first=$(name_at 0)
  middle=$(name_at $((n / 2)))
  last=$(name_at $((n - 1)))
  cmds=(
    -n "age -d" "age -d -i $IDENTITY -o /dev/null $vault"
    -n "age -e" "age -e -r $RECIPIENT -o /dev/null $WORK/payload-$n"
    -n "get first" "$ARCA --vault $vault get $first"
    -n "get middle" "$ARCA --vault $vault get $middle"
    -n "get last" "$ARCA --vault $vault get $last"
    -n "list" "$ARCA --vault $vault list"
    -n "describe" "$ARCA --vault $vault describe $middle"
    -n "put" "$ARCA --vault $vault put $middle --value-file $WORK/value"
  )
  if [ "$HAVE_EXEC" = 1 ]; then
    cmds+=(-n "exec -- true" "$ARCA --vault $vault exec --env X=$middle -- true")
  fi
  echo "measuring $n secrets" >&2
  bench "$OUT/bench-$n.json" "${cmds[@]}"
  # A missing name exits 3, which hyperfine must not count as a failure.
  bench "$OUT/bench-$n-missing.json" --ignore-failure \
    -n "get missing" "$ARCA --vault $vault get svc/missing"
  # create: a new name each run, removed again before the next one
  # (--prepare is not timed).
  bench "$OUT/bench-$n-create.json" \
    --prepare "$ARCA --vault $vault delete bench/new --force-delete-without-recovery" \
    -n "create" "$ARCA --vault $vault create bench/new --value-file $WORK/value"
  if [ "$n" = "$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)" ]; then
    peak=0
    for _ in 1 2 3; do
      kb=$( { /usr/bin/time -f %M "$ARCA" --vault "$vault" get "$last" >/dev/null; } 2>&1 | tail -1)
      [ "$kb" -gt "$peak" ] && peak=$kb
    done
    echo "$peak" >"$OUT/peak-kb-$n"
  fi
done

runs=$RUNS warmup=$WARMUP
misc=(-n "arca --version" "$ARCA --version" -n "hello world" "$WORK/hello")
if [ "$HAVE_PASS" = 1 ] && [[ " $SIZES " == *" 1000 "* ]]; then
  misc+=(-n "pass show" "pass show $(name_at 500)")
fi
bench "$OUT/bench-misc.json" "${misc[@]}"

# ---------------------------------------------------------------- report
median() { # FILE NAME -> milliseconds
  jq -r --arg n "$2" '.results[] | select(.command == $n) | .median * 1000' "$1"
}
fails=0
row() { # WHAT ARCA_MS FLOOR_DESC FLOOR_MS LIMIT
  local ratio verdict
  ratio=$(echo "scale=3; $2 / $4" | bc)
  if (($(echo "$ratio <= $5" | bc))); then verdict=PASS; else verdict=FAIL; fails=$((fails + 1)); fi
  printf '| %-26s | %10.1f | %-22s | %10.1f | %6.2f | ≤ %-4s | %s |\n' "$1" "$2" "$3" "$4" "$ratio" "$5" "$verdict"
}

{
  echo
  echo "Machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
    "$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM;" \
    "$(uname -sr); arca $("$ARCA" --version | cut -d' ' -f2)"
  echo
  echo "Medians in ms (hyperfine, $WARMUP warm-up runs, at least $RUNS runs;" \
    "$BIG_WARMUP and $BIG_RUNS from 1,000,000 secrets). Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| secrets | payload | vault file | generated in | age -d | age -e | get first | get middle | get last | get missing | list | describe | put | create | exec |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for n in $SIZES; do
    f=$OUT/bench-$n.json
    cells=""
    for c in "age -d" "age -e" "get first" "get middle" "get last"; do
      cells="$cells | $(printf '%.1f' "$(median "$f" "$c")")"
    done
    cells="$cells | $(printf '%.1f' "$(median "$OUT/bench-$n-missing.json" "get missing")")"
    for c in "list" "describe" "put"; do
      cells="$cells | $(printf '%.1f' "$(median "$f" "$c")")"
    done
    cells="$cells | $(printf '%.1f' "$(median "$OUT/bench-$n-create.json" create)")"
    if [ "$HAVE_EXEC" = 1 ]; then
      cells="$cells | $(printf '%.1f' "$(median "$f" "exec -- true")")"
    else
      cells="$cells | n/a"
    fi
    printf "| %s | %.1f MB | %.1f MB | %.2fs%s |\n" "$n" \
      "$(echo "scale=1; ${PAYLOAD_BYTES[$n]} / 1000000" | bc)" \
      "$(echo "scale=1; $(stat -c %s "${VAULT[$n]}") / 1000000" | bc)" \
      "${GEN_SECONDS[$n]}" "$cells"
  done
  echo
  printf '| %-26s | %10s | %-22s | %10s | %6s | %-6s | %s |\n' target arca floor "floor ms" ratio limit verdict
  echo "| --- | ---: | --- | ---: | ---: | --- | --- |"
  get_ms() { # N POSITION
    if [ "$2" = missing ]; then
      median "$OUT/bench-$1-missing.json" "get missing"
    else
      median "$OUT/bench-$1.json" "get $2"
    fi
  }
  for n in $SIZES; do
    f=$OUT/bench-$n.json
    age_d=$(median "$f" "age -d")
    age_e=$(median "$f" "age -e")
    both=$(echo "$age_d + $age_e" | bc)
    # Issue 6's limits at 10,000; issue 16's from 100,000 on.
    if [ "$n" -ge 100000 ]; then
      get_limit=0.15 put_limit=1.4 list_limit=1.0
    else
      get_limit=1.5 put_limit=2 list_limit=""
    fi
    if [ "$n" -ge 10000 ]; then
      for c in first middle last missing; do
        row "get $c, $n" "$(get_ms "$n" $c)" "age -d" "$age_d" $get_limit
      done
      row "put, $n" "$(median "$f" put)" "age -d + age -e" "$both" $put_limit
      row "create, $n" "$(median "$OUT/bench-$n-create.json" create)" "age -d + age -e" "$both" 2
    fi
    if [ -n "$list_limit" ]; then
      row "list, $n" "$(median "$f" list)" "age -d" "$age_d" $list_limit
    fi
    # get's cost does not grow with the vault (issue 16).
    if [ "$n" -ge 100000 ] && [[ " $SIZES " == *" 1000 "* ]]; then
      for c in first middle last missing; do
        row "get $c, $n" "$(get_ms "$n" $c)" "get $c, 1000" "$(get_ms 1000 $c)" 2
      done
    fi
    if [ "$n" = 1000 ] && [ "$HAVE_PASS" = 1 ]; then
      row "get middle, $n" "$(median "$f" "get middle")" "pass show (1,000)" "$(median "$OUT/bench-misc.json" "pass show")" 0.5
    fi
    if [ -f "$OUT/peak-kb-$n" ]; then
      peak_mb=$(echo "scale=3; $(cat "$OUT/peak-kb-$n") * 1024 / 1000000" | bc)
      payload_mb=$(echo "scale=3; ${PAYLOAD_BYTES[$n]} / 1000000" | bc)
      ratio=$(echo "scale=3; $peak_mb / $payload_mb" | bc)
      if (($(echo "$ratio <= 1.2" | bc))); then verdict=PASS; else verdict=FAIL; fails=$((fails + 1)); fi
      printf '| %-26s | %7.1f MB | %-22s | %7.1f MB | %6.2f | ≤ 1.2  | %s |\n' \
        "peak RSS of get last, $n" "$peak_mb" "decrypted payload" "$payload_mb" "$ratio" "$verdict"
    fi
  done
  row "arca --version" "$(median "$OUT/bench-misc.json" "arca --version")" "hello world" \
    "$(median "$OUT/bench-misc.json" "hello world")" 2
  [ "$HAVE_EXEC" = 1 ] || echo "(exec: not in this build; skipped)"
  [ "$HAVE_PASS" = 1 ] || echo "(pass: not available; the pass target was skipped)"
} >"$OUT/table.md"
cat "$OUT/table.md"
[ "$fails" = 0 ]
