#!/usr/bin/env bash
# The targets of issue 13, as ratios to floors measured in the same run:
#
#   arca scan over a 100 MB tree with a 10,000-secret vault
#       ≤ 1.5 × rg -F -f patterns (the same literals: each value, its
#       base64 and URL-safe base64), on the same tree
#   arca git merge-driver on two changed 10,000-secret vaults
#       ≤ 3 × (3 × age -d + age -e) of one of them
#
#   benches/git.sh                 # SECRETS=10000 TREE_MB=100 RUNS=10 WARMUP=2
#
# Installs hyperfine, age, ripgrep, jq and bc with apt-get when missing,
# builds the release binary and works in a temp dir with a synthetic HOME.
# Prints a table and PASS/FAIL per target; exit 1 if a target fails.
set -euo pipefail
cd "$(dirname "$0")/.."

SECRETS=${SECRETS:-10000}
TREE_MB=${TREE_MB:-100}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
OUT=${OUT:-target/bench}

export DEBIAN_FRONTEND=noninteractive
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
for p in hyperfine age ripgrep jq bc python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -q >&2
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

echo "building the release binary" >&2
cargo build --release --quiet
ARCA=$PWD/target/release/arca
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/arca-gitbench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
for v in $(env | sed -n 's/^\(ARCA_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data \
  TMPDIR=$WORK/tmp ARCA_LOCK_TIMEOUT=60s GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$TMPDIR"
IDENTITY=$XDG_CONFIG_HOME/arca/identity.txt
RECIPIENT=$("$ARCA" init 2>/dev/null)
V=$WORK/vaults
mkdir -p "$V"

echo "generating a $SECRETS-secret vault and two changed copies" >&2
# AWS-format import: 40-byte values, a description and 2 tags per secret.
gen() { # SEED FIRST COUNT
  python3 - "$@" <<'PY'
import json, random, string, sys
seed, first, count = map(int, sys.argv[1:])
rnd = random.Random(seed)
chars = string.ascii_letters + string.digits
print(json.dumps([{"Name": f"svc/{i:07d}", "SecretString": "".join(rnd.choice(chars) for _ in range(40)),
  "Description": f"benchmark secret {i}", "Tags": [{"Key": "team", "Value": "bench"}, {"Key": "env", "Value": f"e{i % 10}"}]}
  for i in range(first, first + count)]))
PY
}
gen 1 0 "$SECRETS" > "$WORK/base.json"
ARCA_VAULT=$V/base.age "$ARCA" init >/dev/null 2>&1
ARCA_VAULT=$V/base.age "$ARCA" import "$WORK/base.json" --format aws >/dev/null 2>&1
# Each side: new versions of 1,000 secrets (different ones) and 100 new secrets.
cp "$V/base.age" "$V/ours.age"
cp "$V/base.age" "$V/theirs.age"
gen 2 0 1000 > "$WORK/ours.json"
gen 3 5000 1000 > "$WORK/theirs.json"
gen 4 "$SECRETS" 100 > "$WORK/ours-new.json"
gen 5 $((SECRETS + 100)) 100 > "$WORK/theirs-new.json"
for side in ours theirs; do
  ARCA_VAULT=$V/$side.age "$ARCA" import "$WORK/$side.json" --format aws >/dev/null 2>&1
  ARCA_VAULT=$V/$side.age "$ARCA" import "$WORK/$side-new.json" --format aws >/dev/null 2>&1
done
# The merge result must hold every secret of both sides.
cp "$V/ours.age" "$V/work.age"
"$ARCA" git merge-driver "$V/base.age" "$V/work.age" "$V/theirs.age" vault.age
merged=$(ARCA_VAULT=$V/work.age "$ARCA" list -o text | wc -l)
[ "$merged" = $((SECRETS + 200)) ] || { echo "merge lost secrets: $merged" >&2; exit 1; }

echo "generating a ${TREE_MB} MB tree" >&2
TREE=$WORK/tree
ARCA_VAULT=$V/base.age "$ARCA" export --format json > "$WORK/values.json"
python3 - "$TREE" "$TREE_MB" "$WORK/values.json" "$WORK/patterns" <<'PY'
import base64, json, os, random, sys
tree, mb, values, patterns = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
values = list(json.load(open(values)).values())
with open(patterns, "w") as p:
    seen = set()
    for v in values:
        b = v.encode()
        for form in (b, base64.b64encode(b).rstrip(b"="), base64.urlsafe_b64encode(b).rstrip(b"=")):
            if form not in seen:
                seen.add(form)
                p.write(form.decode() + "\n")
rnd = random.Random(7)
words = [("".join(rnd.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(rnd.randint(2, 12)))) for _ in range(5000)]
files, size = 1000, mb * 1024 * 1024 // 1000
for f in range(files):
    d = os.path.join(tree, f"dir{f % 20:02d}")
    os.makedirs(d, exist_ok=True)
    lines, n = [], 0
    while n < size:
        line = " ".join(rnd.choice(words) for _ in range(rnd.randint(3, 14))) + "\n"
        lines.append(line)
        n += len(line)
    if f % 100 == 0:  # a few planted values
        lines.insert(len(lines) // 2, "token = " + values[f] + "\n")
    with open(os.path.join(d, f"file{f:04d}.txt"), "w") as out:
        out.write("".join(lines))
PY

bench() { # JSON-FILE then hyperfine args
  local json=$1; shift
  hyperfine --style none --warmup "$WARMUP" --min-runs "$RUNS" -i --export-json "$json" "$@" >&2
}
median() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .median * 1000' "$1"; }

echo "measuring" >&2
bench "$OUT/git-scan.json" -N \
  -n "arca scan" "$ARCA --vault $V/base.age scan $TREE" \
  -n "rg -F -f patterns" "rg -F -f $WORK/patterns --no-ignore --hidden -n --column $TREE"
bench "$OUT/git-merge.json" -N \
  --prepare "cp $V/ours.age $V/work.age" \
  -n "merge-driver" "$ARCA git merge-driver $V/base.age $V/work.age $V/theirs.age vault.age" \
  -n "age -d" "age -d -i $IDENTITY -o $WORK/tmp/plain $V/ours.age" \
  -n "age -e" "age -e -r $RECIPIENT -o $WORK/tmp/enc.age $WORK/tmp/plain"
rm -f "$WORK/tmp/plain"

scan=$(median "$OUT/git-scan.json" "arca scan")
rg=$(median "$OUT/git-scan.json" "rg -F -f patterns")
merge=$(median "$OUT/git-merge.json" "merge-driver")
age_d=$(median "$OUT/git-merge.json" "age -d")
age_e=$(median "$OUT/git-merge.json" "age -e")
floor=$(echo "3 * $age_d + $age_e" | bc)
fails=0
row() { # NAME ARCA FLOOR-NAME FLOOR LIMIT
  local ratio verdict
  ratio=$(echo "scale=3; $2 / $4" | bc)
  if (($(echo "$ratio <= $5" | bc))); then verdict=PASS; else verdict=FAIL; fails=$((fails + 1)); fi
  printf '| %-34s | %8.1f | %-26s | %8.1f | %5.2f | ≤ %-3s | %s |\n' "$1" "$2" "$3" "$4" "$ratio" "$5" "$verdict"
}
echo "Medians in ms (hyperfine, $WARMUP warm-up runs, at least $RUNS runs); $SECRETS secrets, $(du -sm "$TREE" | cut -f1) MB tree of 1,000 files, $(wc -l < "$WORK/patterns") patterns."
echo
printf '| %-34s | %8s | %-26s | %8s | %5s | %-5s | %s |\n' target arca floor "floor ms" ratio limit verdict
echo "| --- | ---: | --- | ---: | ---: | --- | --- |"
row "scan, ${TREE_MB} MB tree" "$scan" "rg -F -f patterns" "$rg" 1.5
row "merge-driver, 2 × $SECRETS" "$merge" "3 × age -d + age -e" "$floor" 3
exit $((fails > 0))
