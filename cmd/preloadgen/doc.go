/*
Preloadgen reads a built static site, finds the resources each page's first render needs
but discovers late, and adds the few preload hints that pay off: <link rel=preload> and
modulepreload tags in the pages, and the same hints as Link headers / 103 Early Hints in
server configs.

Usage:

	preloadgen build   [flags] SITE_DIR       analyse, rewrite pages, write server configs
	preloadgen analyze [flags] SITE_DIR       print each page's critical path and chosen hints
	preloadgen watch   [flags] SITE_DIR       build, then rebuild what a change affects
	preloadgen serve   [flags] SITE_DIR       serve the site with Link headers and 103 Early Hints
	preloadgen measure [flags] A_DIR [B_DIR]  compare page loads in headless Chromium

Common flags:

	-max-preloads N  hints per page and hint set (default 6)
	-max-fonts N     font hints per page (default 3)
	-max-bytes N     bytes of hinted resources per page beyond the blocking CSS (default 409600)
	-prefetch        add rel=prefetch hints for dynamic-import chunks
	-base-path P     the site is served under the URL prefix P (e.g. /docs)
	-config FILE     settings file (default SITE_DIR/preloadgen.json if present)
	-json            machine-readable output
	-q, -v           quiet, verbose

Build flags:

	-out DIR         write a full copy of the site with the rewritten pages to DIR (other
	                 files hard-linked when possible, else copied); the site is not touched
	-check           change nothing; list the pages a build would change and exit 1 if any
	-config-dir DIR  where the server configs go (default ./preloadgen-config; never inside
	                 the site, except _headers, which goes to the site root)
	-emit LIST       config formats: nginx,caddy,go,headers,json (default all)

Exit codes: 0 success, 1 findings (-check) or partial failure, 2 usage error.
*/
package main
