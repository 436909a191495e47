/*
Preloadgen reads a built static site, finds the resources each page's first render needs
but discovers late, and adds the few preload hints that pay off: <link rel=preload> and
modulepreload tags in the pages, and the same hints as Link headers / 103 Early Hints in
server configs.

Usage:

	preloadgen build   [flags] SITE_DIR       analyse, rewrite pages, write server configs
	preloadgen analyze [flags] SITE_DIR       print each page's critical path and chosen hints
	preloadgen audit   [flags] SITE_DIR       report hint and LCP markup mistakes in the pages
	preloadgen watch   [flags] SITE_DIR       build, then rebuild what a change affects
	preloadgen serve   [flags] SITE_DIR       serve the site with Link headers and 103 Early Hints
	preloadgen measure [flags] A_DIR [B_DIR]  compare page loads in headless Chromium
	preloadgen version                        print the version, VCS revision and Go version

preloadgen -version is preloadgen version. A release build (make npm) prints its release
number; any other build prints the module version from its build info (v0.3.1 for go install
...@v0.3.1, (devel) for a build in a checkout), then the toolchain and platform, then the commit
it was built from when the build recorded one.

Common flags:

	-max-preloads N  hints per page and hint set (default 6)
	-max-fonts N     font hints per page (default 3)
	-max-bytes N     bytes of hinted resources per page beyond the blocking CSS (default 409600)
	-yield-bytes N   bytes of hints neither the first paint nor the LCP needs (swap fonts,
	                 modules), per page (default 14600, about one initial congestion window)

	A budget of 0 means none (-max-fonts 0: no font hints), on the command line and in the
	settings file alike.

	The 103 Early Hints set beyond the blocking CSS and scripts and the LCP text's fonts
	(the LCP image; on text pages, what yields) is what fits in 0.9 x (think - RTT) x rate, so
	that it is done before the HTML starts (docs/early-hints.md):
	-early-think D   the server's think time before the HTML, after the 103 (default 200ms;
	                 measure and serve: their -think)
	-early-rtt D     the visitor's round-trip time (default 80ms)
	-early-rate R    the visitor's downlink in bits/s, e.g. 1.6M (default 1.6M)
	-early-priorities  the server sends HTTP/2 streams by the browser's priorities (Go 1.26
	                 and Caddy 2.11 do not): the LCP image goes in whatever its size
	-prefetch        add rel=prefetch hints for dynamic-import chunks
	-base-path P     the site is served under the URL prefix P (e.g. /docs)
	-config FILE     settings file (default SITE_DIR/preloadgen.json if present)
	-json            machine-readable output
	-q, -v           quiet, verbose

Analyze flags:

	-verify          load every page in headless Chromium (412x915 phone, 1350x940 desktop),
	                 print where the LCP element the browser reports differs from the guess and
	                 the agreement table (-json: a "verify" object); exit 1 without Chromium
	-chrome PATH     the Chromium binary for -verify (default: found on the usual paths)
	-pages GLOBS     only the pages matching these comma-separated globs, in the report and
	                 for -verify: globs over site paths or URLs, "**" for any number of
	                 segments (-pages '/blog/**,/index.html')
	-viewports LIST  the screens -verify loads each page at (default phone,desktop): phone,
	                 desktop, or WIDTHxHEIGHT[@SCALE][m] in CSS px, m for mobile emulation
	                 (-viewports 390x844@3m,1920x1080)
	-report DIR      also write an HTML report to DIR (index.html and one file per page, no
	                 script, nothing fetched): each page's critical chain drawn by discovery
	                 wave, what was hinted and why, and what each budget left out

	A wrong guess is corrected with a data-preloadgen-lcp attribute on the element, or with
	"lcp": {"/blog/**": "article img.hero"} (page glob -> CSS selector) in the settings file;
	see docs/lcp.md.

Audit flags:

	-format F        text (default: findings grouped by rule, with counts; a finding that
	                 many pages repeat, as a shared head does, is printed once with its page
	                 count and a few of its places), json (as -json, every finding; schema in
	                 docs/json.md) or github (GitHub Actions annotations, one per distinct
	                 finding, at most 10 errors and 10 warnings as GitHub shows per step; the
	                 rest as lines of the log)
	-pages           list every place of a repeated finding (-v does too)
	-rules LIST      turn rules off or re-rate them: -id turns rule id off, id=SEVERITY sets
	                 it (error, warning, info, off); e.g. -rules -capo-order,hint-budget=error

	The settings file can set severities too: "audit": {"capo-order": "off"}. audit exits
	with 1 when any finding is an error, 0 otherwise, 2 on a usage error. The rules, their
	severities and the limits they use: docs/audit.md.

Build flags:

	-out DIR         write a full copy of the site with the rewritten pages to DIR (other
	                 files and unchanged pages hard-linked when possible, else copied); the
	                 site is not touched
	-check           change nothing; list the pages a build would change and exit 1 if any
	-config-dir DIR  where the server configs go (default ./preloadgen-config; never inside
	                 the site, except _headers, which goes to the site root)
	-emit LIST       config formats: nginx,caddy,go,headers,json (default all)
	-fix             also make audit's safe repairs to the pages' own markup: remove
	                 loading=lazy from the LCP image and give it fetchpriority=high, remove
	                 fetchpriority=low from it (both only when the LCP guess is sure), add
	                 crossorigin and type to font preloads, drop duplicate, unused and
	                 mismatched preloads. Each change is a splice; a
	                 second run changes nothing; with -check it lists them ("would fix").
	                 Without -fix a build never changes the author's markup.
	-speculation KIND  speculation rules from the site's own links: prefetch, prerender or
	                 off (default off). The rules name only pages of the site under the base
	                 path, never a download, feed, asset, the 404 page, a rel=nofollow or
	                 download link; pages with rules of their own get none (docs/speculation.md)
	-speculation-via V  inline (default: a <script type=speculationrules> in each page's
	                 block, only where the page's Content-Security-Policy allows it) or
	                 header (one rules file, speculationrules.json in the site root, named by
	                 a Speculation-Rules header in every server config)
	-speculation-eagerness E  immediate, eager, moderate or conservative (default moderate
	                 for prefetch, conservative for prerender)
	-speculation-exclude GLOBS  pages never speculated (comma-separated globs)
	-speculation-no-prerender GLOBS  scripts (globs over their paths or URLs) whose pages are
	                 prefetched, never prerendered
	-speculation-query  speculate on links with a query string too
	The settings file's keys: "speculation", "speculation_via", "speculation_eagerness",
	"speculation_exclude" and "speculation_no_prerender" (lists), "speculation_query".

Watch flags: -out, -config-dir, -emit and the -speculation flags as for build, and

	-debounce D      quiet time after the last change before a rebuild (default 20ms where the
	                 system reports finished writes, as Linux does, else 100ms; it grows to
	                 five times that during a long burst). A page still open for writing is
	                 never rewritten, and one changed while it was being rebuilt is left as
	                 written and queued again.

watch builds once, then rebuilds only the pages a change reaches and rewrites the configs,
printing one line per rebuild, until interrupted (SIGINT/SIGTERM end it with status 0). On
Linux each directory of the site takes one inotify watch; when they run out, raise
fs.inotify.max_user_watches.

Measure flags ('preloadgen measure -h' lists them all), among them:

	-report DIR      also write an HTML report to DIR (index.html with the summary table and
	                 its intervals, one file per page; no script, nothing fetched): per page,
	                 A and B side by side from each side's median run, with a request
	                 waterfall (103 and preloaded files marked, FCP, LCP and load lines), a
	                 filmstrip and the LCP element. Each load then runs a DevTools screencast.
	-repeat-view     also a warm second visit of each page in the same browser context;
	                 every response on both sides then carries the same Cache-Control
	                 (-cache-control, default max-age=3600), so that freshness does not
	                 depend on how long ago each side's files were written
	-navigate        measure the next page instead: build SITE_DIR twice with the same hints,
	                 A without speculation rules and B with -speculation's (default
	                 prefetch), load each first page, rest on its first first-screen link
	                 to another page for -hover (default 500ms), press it (held for -press,
	                 default 0: released at once), and report the
	                 next page's FCP and LCP, the bytes after the press, the speculative bytes
	                 and those wasted on pages not opened; -repeat-view: warm (both pages
	                 seen before)

Exit codes: 0 success, 1 findings (-check) or partial failure, 2 usage error.

Environment:

	GOGC, GOMEMLIMIT       override the collector settings (default GOGC 400 under a soft
	                       limit of 256 MB: a 10,000-page build peaks near 250 MB)
	PRELOADGEN_CPUPROFILE  write a CPU profile of the run to this file (go tool pprof)
	PRELOADGEN_TRACE       write an execution trace of the run to this file (go tool trace)
	PRELOADGEN_SLOWEST     analyze: after the report, list this many of the pages whose
	                       analysis took longest, with their times, on stderr
*/
package main
