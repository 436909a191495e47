#!/bin/bash
# Real documentation sites with heavy themes, built by real generators and shipped by
# pinned Debian packages, for the real-theme benchmark (BENCHMARKS.md, "real themes"):
#   sphinx-classic  python3-doc       the Python 3.11 docs, Sphinx, classic-derived theme (530 pages)
#   sphinx-pydata   python-scipy-doc  the SciPy 1.10 docs, pydata-sphinx-theme (Bootstrap) (4,304 pages)
#   rustdoc         rust-doc          Rust 1.63's std, core, alloc and books, rustdoc (32,101 pages)
#
# Usage:
#   scripts/realsites.sh roots          install what is missing, print "NAME ROOT" per site
#   scripts/realsites.sh bench [NAME]   also time each site (or NAME only), one run each:
#                                       preloadgen build -out, analyze (with its slowest
#                                       pages), the Node floor (htmlparser2 parse + serialize +
#                                       write) and beasties 0.5.4 (bench/node)
# Environment: WORK (default /tmp/preloadgen-realsites; the sites are linked under
# WORK/sites), PG (the preloadgen binary to time; default: built from this tree),
# RUN (what to time, default "build analyze floor beasties"; the floors do not change with
# preloadgen, so RUN="build analyze" re-measures another binary), BEASTIES_ALL=1 (also run
# beasties over rustdoc: about an hour at its speed), SETTLE (seconds a tool that writes
# pages waits after the last output was removed, default 35; 0 to not wait: see below).
# Each timed run prints: site, tool, pages, wall s, pages/s, CPU s (user+sys), peak RSS MB.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WORK:-/tmp/preloadgen-realsites}
mkdir -p "$work/sites"

sites=(sphinx-classic sphinx-pydata rustdoc)
declare -A pkg=([sphinx-classic]=python3-doc=3.11.2-1 [sphinx-pydata]=python-scipy-doc=1.10.1-2 [rustdoc]=rust-doc=1.63.0+dfsg1-2)

missing=()
for s in "${sites[@]}"; do
	p=${pkg[$s]%%=*}
	[ -d "/usr/share/doc/$p/html/" ] || missing+=("${pkg[$s]}")
done
if [ ${#missing[@]} -gt 0 ]; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
for s in "${sites[@]}"; do
	ln -sfn "$(readlink -f "/usr/share/doc/${pkg[$s]%%=*}/html")" "$work/sites/$s"
done

case ${1:-roots} in
roots)
	for s in "${sites[@]}"; do echo "$s $(readlink -f "$work/sites/$s")"; done
	exit 0
	;;
bench) ;;
*)
	echo "usage: scripts/realsites.sh roots | bench [NAME]" >&2
	exit 2
	;;
esac
[ -n "${2:-}" ] && sites=("$2")

pg=${PG:-}
if [ -z "$pg" ]; then
	pg=$work/pg
	go build -o "$pg" ./cmd/preloadgen
fi
if [ ! -d bench/node/node_modules ]; then
	(cd bench/node && npm ci --no-audit --no-fund --silent)
fi

run=" ${RUN:-build analyze floor beasties} "
# An ext4 without a journal (this benchmark's VM) skips, when it allocates an inode, every
# inode freed in the last 30-35 s, reading each from disk (ialloc.c, recently_deleted): a
# tool that creates thousands of files right after as many were removed paid seconds of
# system time for it (the SciPy docs' build: 2.9-4.9 s against 2.0-2.2 s). Every tool that
# writes (build, the floor, beasties) is timed SETTLE seconds after the last removal.
settle=${SETTLE:-35}
removed=$(cat "$work/removed" 2>/dev/null || echo 0) # by an earlier run of this script too
clean() { # removes outputs, and notes when
	rm -rf "$@"
	sync
	removed=$(date +%s)
	echo "$removed" >"$work/removed"
}
timed() { # site tool pages command...
	local site=$1 tool=$2 pages=$3
	shift 3
	[[ $run == *" $tool "* ]] || return 0
	if [ "$tool" != analyze ]; then
		local wait=$((removed + settle - $(date +%s)))
		[ "$wait" -le 0 ] || sleep "$wait"
	fi
	sync
	/usr/bin/time -o "$work/time" -f "%e %M %U %S" "$@" >"$work/$site-$tool.out" 2>&1 ||
		{ echo "$site $tool: failed, see $work/$site-$tool.out" >&2; return 0; }
	read -r wall rss user sys <"$work/time"
	awk -v s="$site" -v t="$tool" -v n="$pages" -v w="$wall" -v r="$rss" -v u="$user" -v y="$sys" \
		'BEGIN { printf "%-15s %-9s %6d pages %8.2f s %7.0f pages/s %8.2f s CPU %5.0f MB\n", s, t, n, w, n / w, u + y, r / 1024 }'
}

echo "# $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/'); $pg: $("$pg" version 2>/dev/null | head -1)"
for s in "${sites[@]}"; do
	root=$(readlink -f "$work/sites/$s")
	pages=$(find -L "$root" -name '*.html' -type f | wc -l)
	[ ! -e "$work/out/$s" ] && [ ! -e "$work/cfg/$s" ] && [ ! -e "$work/floor/$s" ] && [ ! -e "$work/beasties/$s" ] ||
		clean "$work/out/$s" "$work/cfg/$s" "$work/floor/$s" "$work/beasties/$s"
	timed "$s" build "$pages" "$pg" build -q -out "$work/out/$s" -config-dir "$work/cfg/$s" "$root"
	PRELOADGEN_SLOWEST=3 timed "$s" analyze "$pages" sh -c '"$1" analyze -q "$2" >/dev/null' sh "$pg" "$root"
	[[ $run != *" analyze "* ]] || sed -n '/^slowest/,$p' "$work/$s-analyze.out"
	[ ! -e "$work/out/$s" ] || clean "$work/out/$s"
	timed "$s" floor "$pages" node bench/node/floor.mjs "$root" "$work/floor/$s"
	[ ! -e "$work/floor/$s" ] || clean "$work/floor/$s"
	if [ "$s" != rustdoc ] || [ -n "${BEASTIES_ALL:-}" ]; then
		timed "$s" beasties "$pages" node bench/node/beasties.mjs "$root" "$work/beasties/$s"
		[ ! -e "$work/beasties/$s" ] || clean "$work/beasties/$s"
	fi
done
