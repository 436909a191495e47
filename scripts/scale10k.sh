#!/bin/bash
# Times the CLI on a generated 10,000-page site (BENCHMARKS.md, "scale"): a build that
# rewrites every page, a re-run with nothing to write, analyze and analyze -json, three
# times each on a fresh copy of the site; prints the median run of each as
# "elapsed-seconds peak-RSS-KB user-seconds system-seconds".
# Usage: scripts/scale10k.sh [WORKDIR]   (default /tmp/preloadgen-scale; needs ~2 GB)
set -euo pipefail
work=${1:-/tmp/preloadgen-scale}
mkdir -p "$work"
go build -o "$work/pg" ./cmd/preloadgen
if [ ! -d "$work/site-orig" ]; then
	go run ./internal/sitegen/cmd/sitegen -pages 10000 "$work/site-orig"
fi
declare -A runs
timed() { # name args...
	local name=$1; shift
	/usr/bin/time -o "$work/time" -f "%e %M %U %S" "$@" >/dev/null 2>&1
	runs[$name]+="$(tail -1 "$work/time")"$'\n'
}
for i in 1 2 3; do
	rm -rf "$work/site" "$work/cfg"
	cp -a "$work/site-orig" "$work/site"
	sync
	timed build "$work/pg" build -q -config-dir "$work/cfg" "$work/site"
	timed rerun "$work/pg" build -q -config-dir "$work/cfg" "$work/site"
	timed analyze "$work/pg" analyze -q "$work/site"
	timed analyze-json "$work/pg" analyze -q -json "$work/site"
done
for name in build rerun analyze analyze-json; do
	printf '%-13s %s\n' "$name" "$(printf '%s' "${runs[$name]}" | sort -n | sed -n 2p)"
done
