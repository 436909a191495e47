// Package parse reads the three kinds of file a built site is made of, keeping only what
// the ranking needs:
//
//   - HTML (ParseHTML): every reference a page makes, with the attributes that shape a
//     matching hint (media, crossorigin, integrity, nonce, srcset, sizes, loading,
//     fetchpriority, width and height), plus <base href>, a CSP meta and the DOM, which
//     the graph package matches selectors against. The tree is the one x/net/html builds
//     as browsers do, built by a faster reader where it makes the same (exact.go); long
//     pages are read in two parts (tail.go).
//   - CSS (ParseCSS): @import rules with their media, @font-face rules with family,
//     weight range, style, display, unicode-range and src list, and the style rules that set
//     a font or a url(), with their selectors. Built on tdewolff/parse's CSS grammar.
//   - JS (ParseJS): static imports and export-from, dynamic import() and
//     new URL(..., import.meta.url), in source order, read by esbuild.
//
// Parsers never fail on bad input: problems come back as diagnostics with positions, and
// whatever could be read is returned. Nothing here resolves URLs: that needs the site root
// and the page's base, which the graph package has.
package parse
