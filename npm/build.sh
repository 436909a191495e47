#!/usr/bin/env bash
# Builds the npm packages the way esbuild ships its binary (make npm):
#
#   npm/dist/@preloadgen/<platform>/   one package per platform, with the binary and "os" and
#                                      "cpu" fields, so npm installs only the one that runs
#   npm/dist/preloadgen/               the package users install: npm/preloadgen/ with the
#                                      version set and optionalDependencies on the above
#   npm/dist/*.tgz                     the tarballs npm publish takes (npm pack)
#
# Each package carries the repository's LICENSE and says "license": "MIT".
# VERSION (default: the vX.Y.Z tag at HEAD without its v, else 0.0.0-dev) is stamped into the
# binaries (preloadgen version) and the packages. PLATFORMS limits the binaries built (the
# tests build only the host's); the main package always lists all six.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-$ROOT/npm/dist}"
ALL_PLATFORMS="linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64"
PLATFORMS="${PLATFORMS:-$ALL_PLATFORMS}"

if [ -z "${VERSION:-}" ]; then
	VERSION="$(git -C "$ROOT" describe --tags --exact-match --match 'v[0-9]*' 2>/dev/null || true)"
	VERSION="${VERSION#v}"
	VERSION="${VERSION:-0.0.0-dev}"
fi
VERSION="${VERSION#v}"
if ! [[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
	echo "npm/build.sh: VERSION=$VERSION is not a semver version" >&2
	exit 2
fi

rm -rf "$OUT"
mkdir -p "$OUT"

for plat in $PLATFORMS; do
	case "$plat" in
	linux-x64) goos=linux goarch=amd64 ;;
	linux-arm64) goos=linux goarch=arm64 ;;
	darwin-x64) goos=darwin goarch=amd64 ;;
	darwin-arm64) goos=darwin goarch=arm64 ;;
	win32-x64) goos=windows goarch=amd64 ;;
	win32-arm64) goos=windows goarch=arm64 ;;
	*)
		echo "npm/build.sh: unknown platform $plat (known: $ALL_PLATFORMS)" >&2
		exit 2
		;;
	esac
	os="${plat%-*}" cpu="${plat#*-}"
	dir="$OUT/@preloadgen/$plat"
	bin="bin/preloadgen"
	[ "$os" = win32 ] && bin="preloadgen.exe"
	echo "npm/build.sh: $plat (GOOS=$goos GOARCH=$goarch)" >&2
	mkdir -p "$dir"
	# -buildvcs=auto: the commit goes into the build info (preloadgen version) even where
	# GOFLAGS turns it off.
	(cd "$ROOT" && CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch go build -trimpath -buildvcs=auto \
		-ldflags "-s -w -X main.version=$VERSION" -o "$dir/$bin" ./cmd/preloadgen)
	cat >"$dir/package.json" <<JSON
{
  "name": "@preloadgen/$plat",
  "version": "$VERSION",
  "description": "The $os $cpu binary of preloadgen; install the preloadgen package, which depends on it",
  "license": "MIT",
  "repository": {
    "type": "git",
    "url": "git+https://github.com/preloadgen/preloadgen.git"
  },
  "preferUnplugged": true,
  "engines": {
    "node": ">=18"
  },
  "os": ["$os"],
  "cpu": ["$cpu"]
}
JSON
	cp "$ROOT/LICENSE" "$dir/LICENSE"
	cat >"$dir/README.md" <<MD
# @preloadgen/$plat

The $os $cpu binary of [preloadgen](https://www.npmjs.com/package/preloadgen). Install
\`preloadgen\`, not this package: npm picks the platform package that fits.
MD
done

cp -R "$ROOT/npm/preloadgen" "$OUT/preloadgen"
cp "$ROOT/LICENSE" "$OUT/preloadgen/LICENSE"
VERSION="$VERSION" node --input-type=module -e '
import fs from "node:fs";
const file = process.argv[1];
const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
pkg.version = process.env.VERSION;
for (const dep of Object.keys(pkg.optionalDependencies)) pkg.optionalDependencies[dep] = process.env.VERSION;
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
' "$OUT/preloadgen/package.json"

for dir in "$OUT"/@preloadgen/* "$OUT/preloadgen"; do
	(cd "$OUT" && npm pack --silent --pack-destination "$OUT" "$dir" >/dev/null)
done
for f in "$OUT"/*.tgz; do
	printf '%s\t%s\n' "$(wc -c <"$f" | tr -d ' ')" "$(basename "$f")"
done
