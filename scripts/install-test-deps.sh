#!/usr/bin/env bash
# Installs what the test suite needs on a bare Debian machine: nginx (Debian's nginx-light),
# Chromium (Debian's chromium) and the Liberation fonts (fonts-liberation2), Node.js and npm (Debian's nodejs and npm, for the npm
# package's test, which builds Vite, Eleventy and Astro projects), and Caddy v2.11.9 built
# with `go install` into a fixed cache directory so later runs skip the build. Safe to run
# again: each step is skipped when its tool is already there.
set -euo pipefail

TOOLS="${PRELOADGEN_TOOLS:-$HOME/.cache/preloadgen-tools}"
CADDY_VERSION=v2.11.9
mkdir -p "$TOOLS/bin"

need_apt=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# The judge of the LCP guess (verify) draws the generic font families in the Liberation faces,
# of Arial's, Times New Roman's and Courier New's widths, as visitors' systems do.
ls /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf >/dev/null 2>&1 || need_apt+=(fonts-liberation2)
if [ ${#need_apt[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "install-test-deps: need root to apt-get install ${need_apt[*]}" >&2
		exit 1
	fi
	echo "install-test-deps: apt-get install ${need_apt[*]}" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# `caddy version` says "unknown" for builds without VCS stamps; the module version is in the binary.
if ! go version -m "$TOOLS/bin/caddy" 2>/dev/null | grep -Eq "^\s+mod\s+github.com/caddyserver/caddy/v2\s+${CADDY_VERSION}\s"; then
	echo "install-test-deps: go install caddy ${CADDY_VERSION} (a few minutes the first time)" >&2
	GOBIN="$TOOLS/bin" GOFLAGS=-mod=mod go install "github.com/caddyserver/caddy/v2/cmd/caddy@${CADDY_VERSION}"
fi
echo "install-test-deps: nginx $(/usr/sbin/nginx -v 2>&1 | sed 's/.*\///'), caddy ${CADDY_VERSION}, $(chromium --version 2>/dev/null | head -1), node $(node --version), npm $(npm --version)" >&2
