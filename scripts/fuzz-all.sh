#!/usr/bin/env bash
# Runs every fuzz target of the module, one after another, for FUZZTIME each (default 10m),
# with FUZZPAR workers (default: all cores). New crashers land in the package's
# testdata/fuzz/<Target>/ and are kept there as regression seeds. Usage:
#   FUZZTIME=10m scripts/fuzz-all.sh [package-pattern]
set -euo pipefail
cd "$(dirname "$0")/.."
time=${FUZZTIME:-10m}
par=${FUZZPAR:-$(nproc)}
fail=0
while read -r file target; do
	pkg=./$(dirname "$file")
	echo "== $pkg $target ($time)"
	if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$time" -parallel "$par" "$pkg"; then
		fail=1
	fi
done < <(grep -rHo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' ${1:-.} | sed 's/:func / /' | sort)
exit $fail
