#!/usr/bin/env bash
# Builds the corpus of real static-site generators' output into corpus/site/<generator>/.
#
#   bash corpus/build.sh                 # every generator
#   bash corpus/build.sh hugo astro      # only these
#
# npm generators install from their committed package-lock.json (npm ci), so their versions are
# exact. The others come from Debian 12 packages (apt-get install if missing; apt cannot pin a
# version beyond the distribution, see README.md). Each site is built from corpus/src/<generator>/
# and copied to corpus/site/<generator>/ with source maps removed.
set -euo pipefail

CORPUS="$(cd "$(dirname "$0")" && pwd)"
SRC="$CORPUS/src"
SITE="$CORPUS/site"

NPM_GENS="astro docusaurus eleventy nextjs nuxt sveltekit vitepress"
DEB_GENS="hugo jekyll mkdocs sphinx"
ALL="$NPM_GENS $DEB_GENS"

export NEXT_TELEMETRY_DISABLED=1 ASTRO_TELEMETRY_DISABLED=1 NUXT_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1 DISABLE_OPENCOLLECTIVE=1 ADBLOCK=1 CI="${CI:-true}"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# Dates that end up in pages (Sphinx copyright, Hugo's footer year, ...) stay put.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1764460800}" # 2025-11-30T00:00:00Z
export TZ=UTC LC_ALL=C.UTF-8

log() { printf '\n== %s\n' "$*" >&2; }

# apt_need PKG...: installs the Debian packages that are missing (needs root).
apt_need() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "apt-get install ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		echo "need root to install: ${missing[*]}" >&2
		return 1
	fi
	if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit)" ]; then
		apt-get update -qq
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# publish GEN DIR: copies the built DIR to site/GEN without source maps.
publish() {
	local gen=$1 out=$2
	rm -rf "${SITE:?}/$gen"
	mkdir -p "$SITE"
	cp -a "$out" "$SITE/$gen"
	find "$SITE/$gen" -name '*.map' -type f -delete
	# Source maps are not shipped, so their comments would only point at missing files.
	find "$SITE/$gen" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.css' \) \
		-exec sed -i -E 's@(//|/\*)# sourceMappingURL=[^ *]+\.map( \*/)?$@@' {} +
	log "$gen: $(find "$SITE/$gen" -name '*.html' | wc -l) HTML files, $(du -sb "$SITE/$gen" | cut -f1) bytes"
}

# npm_build GEN OUTDIR: npm ci + npm run build in src/GEN, then publishes src/GEN/OUTDIR.
npm_build() {
	local gen=$1 out=$2
	cd "$SRC/$gen"
	log "$gen: npm ci"
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf "$out"
	log "$gen: npm run build"
	npm run build
	publish "$gen" "$SRC/$gen/$out"
}

build_astro() { npm_build astro dist; }
build_docusaurus() { npm_build docusaurus build; }
build_eleventy() { npm_build eleventy _site; }
build_nextjs() { npm_build nextjs out; }
build_nuxt() { npm_build nuxt .output/public; }
build_sveltekit() { npm_build sveltekit build; }
build_vitepress() { npm_build vitepress docs/.vitepress/dist; }

build_hugo() {
	apt_need hugo
	local out
	out="$(mktemp -d)"
	cd "$SRC/hugo"
	log "hugo: $(hugo version)"
	hugo --minify --cleanDestinationDir -d "$out" --quiet
	rm -rf resources/_gen .hugo_build.lock
	publish hugo "$out"
	rm -rf "$out"
}

build_jekyll() {
	apt_need jekyll jekyll-theme-minima ruby-jekyll-feed ruby-jekyll-seo-tag
	local out
	out="$(mktemp -d)"
	cd "$SRC/jekyll"
	log "jekyll: $(jekyll --version)"
	JEKYLL_ENV=production jekyll build --quiet -d "$out"
	rm -rf .jekyll-cache
	publish jekyll "$out"
	rm -rf "$out"
}

build_mkdocs() {
	apt_need mkdocs mkdocs-material
	local out
	out="$(mktemp -d)"
	cd "$SRC/mkdocs"
	log "mkdocs: $(mkdocs --version)"
	mkdocs build --quiet -d "$out"
	publish mkdocs "$out"
	rm -rf "$out"
}

build_sphinx() {
	apt_need python3-sphinx furo node-normalize.css
	local out
	out="$(mktemp -d)"
	cd "$SRC/sphinx"
	log "sphinx: $(sphinx-build --version)"
	sphinx-build -q -b html -d "$out/.doctrees" . "$out/html"
	rm -f "$out/html/.buildinfo"
	# Debian's furo (+dfsg) does not bundle normalize.css: its furo.css has
	# @import url(/javascript/normalize.css/normalize.css), the path where Debian's
	# javascript-common serves /usr/share/javascript. Ship the file at that path.
	mkdir -p "$out/html/javascript/normalize.css"
	cp -L /usr/share/javascript/normalize.css/normalize.css "$out/html/javascript/normalize.css/"
	publish sphinx "$out/html"
	rm -rf "$out"
}

gens=("$@")
[ ${#gens[@]} -eq 0 ] && read -r -a gens <<<"$ALL"
failed=()
for g in "${gens[@]}"; do
	if ! declare -F "build_$g" >/dev/null; then
		echo "unknown generator: $g (known: $ALL)" >&2
		exit 2
	fi
	# Each generator runs in a subshell so that one failure does not stop the others.
	set +e
	(
		set -euo pipefail
		"build_$g"
	)
	rc=$?
	set -e
	[ $rc -eq 0 ] || failed+=("$g")
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "built: ${gens[*]}" >&2
