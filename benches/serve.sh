#!/usr/bin/env bash
# The `arca serve` benchmark (issue 12), ratios measured side by side in one
# run on a 10,000-secret vault:
#
#   1. throughput of GetSecretValue from the AWS SDK for Rust, 8 requests in
#      flight (benches/serve-client, its own cargo project), against
#      arca serve and against moto_server holding the same secrets
#      (target: arca >= 20 x moto);
#   2. boto3, one client: median GetSecretValue latency against a direct
#      `arca get` process on the same vault (target: <= 0.5 x);
#   3. 8 boto3 client processes mixing reads and PutSecretValue for 30 s:
#      no error, every acknowledged write present afterwards.
#
#   benches/serve.sh
#   SECONDS_THROUGHPUT=10 MIXED_SECONDS=30 benches/serve.sh
#   ARCA=/path/to/release/arca benches/serve.sh     # skip building arca
#
# Needs python3 with boto3 and moto[server] (PATH, or /opt/arca-venv).
# Everything runs in a temp HOME on 127.0.0.1. Exit 0 when every target passes.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-10000}
SECONDS_THROUGHPUT=${SECONDS_THROUGHPUT:-10}
MIXED_SECONDS=${MIXED_SECONDS:-30}
[ -x /opt/arca-venv/bin/python3 ] && export PATH="/opt/arca-venv/bin:$PATH"
python3 -c "import boto3, moto" || { echo "needs python3 with boto3 and moto[server]" >&2; exit 2; }

echo "building arca and the Rust SDK client (release)" >&2
if [ -z "${ARCA:-}" ]; then
  cargo build --release --quiet
  ARCA=$PWD/target/release/arca
fi
cargo build --release --quiet --manifest-path benches/serve-client/Cargo.toml
CLIENT=$PWD/benches/serve-client/target/release/serve-client
BENCH_PY=$PWD/benches/serve_bench.py

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export HOME=$work XDG_CONFIG_HOME=$work/.config XDG_DATA_HOME=$work/.local/share
unset ARCA_KEY ARCA_VAULT ARCA_IDENTITY ARCA_CONFIG
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true

echo "making a $COUNT-secret vault" >&2
"$ARCA" init >/dev/null 2>&1
python3 -c "
import json
print(json.dumps({'bench/%d' % i: 'value-%d-%s' % (i, 'x' * 30) for i in range($COUNT)}))
" > "$work/secrets.json"
"$ARCA" import "$work/secrets.json" --format json >/dev/null 2>&1
rm "$work/secrets.json"

"$ARCA" serve --listen 127.0.0.1:0 > "$work/serve.env" 2> "$work/serve.log" &
pids+=($!)
for _ in $(seq 100); do grep -q AWS_DEFAULT_REGION "$work/serve.env" && break; sleep 0.1; done
arca_env=$(sed "s/^export //; s/'//g" "$work/serve.env" | tr '\n' ' ')

port=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
moto_server -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break; sleep 0.2; done
moto_env="AWS_ENDPOINT_URL_SECRETS_MANAGER=http://127.0.0.1:$port AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1"
echo "filling moto_server with the same $COUNT secrets" >&2
env $moto_env python3 "$BENCH_PY" fill "$COUNT"

var() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | tr -d "'"; }
throughput() { # ENV
  "$CLIENT" "$(var "$1" AWS_ENDPOINT_URL_SECRETS_MANAGER)" "$(var "$1" AWS_ACCESS_KEY_ID)" \
    "$(var "$1" AWS_SECRET_ACCESS_KEY)" "$SECONDS_THROUGHPUT" bench/ "$COUNT"
}
echo "1. throughput, Rust SDK, 8 in flight, ${SECONDS_THROUGHPUT}s each" >&2
ours=$(throughput "$arca_env")
theirs=$(throughput "$moto_env")
echo "   arca serve:  $ours"
echo "   moto_server: $theirs"
ratio=$(python3 -c "print(round(float('${ours%% *}') / float('${theirs%% *}'), 1))")
pass1=$(python3 -c "print('PASS' if $ratio >= 20 else 'FAIL')")
echo "   ratio: ${ratio} x (target >= 20 x) $pass1"

echo "2. boto3 single-client latency vs an arca get process" >&2
lat=$(env $arca_env python3 "$BENCH_PY" latency "$ARCA" "$COUNT" 500)
echo "   $lat"
pass2=$(python3 -c "import json; print('PASS' if json.loads('$lat')['ratio'] <= 0.5 else 'FAIL')")
echo "   target <= 0.5 x: $pass2"

echo "3. 8 boto3 clients, reads and puts, ${MIXED_SECONDS}s" >&2
mixed=$(env $arca_env python3 "$BENCH_PY" mixed "$MIXED_SECONDS" 8)
echo "   $mixed"
pass3=$(python3 -c "import json; m = json.loads('$mixed'); print('PASS' if m['errors'] == 0 and m['acknowledged_writes_missing'] == 0 else 'FAIL')")
echo "   no error, every acknowledged write present: $pass3"

if grep -q "SecretString\|value-" "$work/serve.log"; then
  echo "a value appeared in the server's log" >&2
  exit 1
fi
[ "$pass1$pass2$pass3" = PASSPASSPASS ]
