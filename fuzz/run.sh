#!/bin/sh
# Runs every cargo-fuzz target of arca for SECONDS each (default 30).
#
#   fuzz/run.sh [SECONDS]
#
# Works on a stable toolchain: cargo-fuzz needs nightly-only flags
# (-Zsanitizer=address), which RUSTC_BOOTSTRAP=1 allows for this build only.
# Each target starts from its committed seeds (fuzz/corpus/<target>) and
# grows a working corpus under fuzz/target/corpus/<target>, so a run leaves
# the committed seeds untouched. A crash stops the run with a non-zero exit
# and leaves the input under fuzz/artifacts/<target>/.
set -eu

seconds=${1:-30}
case $seconds in
'' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

cd "$(dirname "$0")"

if ! cargo fuzz --version >/dev/null 2>&1; then
	echo "installing cargo-fuzz" >&2
	cargo install --locked cargo-fuzz
fi

export RUSTC_BOOTSTRAP=1
targets=$(cargo fuzz list)
cargo fuzz build

status=0
for target in $targets; do
	work=target/corpus/$target
	mkdir -p "$work" "corpus/$target"
	echo "== $target: ${seconds}s" >&2
	if ! cargo fuzz run "$target" "$work" "corpus/$target" -- \
		-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1; then
		echo "== $target: FAILED (see fuzz/artifacts/$target/)" >&2
		status=1
	fi
done
exit $status
