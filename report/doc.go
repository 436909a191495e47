// Package report draws preloadgen's results as static HTML that works opened from disk,
// offline: inline CSS, inline SVG, screenshots as data: URIs, no script and no external
// resource of any kind.
//
// Two reports:
//   - Chains (analyze -report): per page, its critical chain drawn by discovery wave, what
//     was hinted and why, and what a budget left out; pages are added one at a time as an
//     analysis streams them, so memory holds the index only.
//   - WriteMeasure (measure -report): the summary table with its intervals on top, and per
//     page A and B side by side: a request waterfall with the paint lines, a filmstrip and
//     the LCP element, from the run whose LCP is the side's median.
//
// Every string from a site (paths, URLs, element names, text) is escaped by html/template:
// a page may be named anything. The files a report writes are named from a page's path by
// PageFile, which keeps only safe bytes and adds a hash of the whole path, so two pages never
// share a file and no name can leave the report's directory. Every file goes through
// internal/atomicfile (docs/design.md §3).
package report
