// Package speculate writes speculation rules from a site's own link graph: which links on
// the site's pages lead to other pages of the site, and the rules that let the browser
// prefetch or prerender exactly those (docs/speculation.md).
//
// The rules are document rules whose "where" lists the URL paths of the site's pages that
// its pages link to, as URLPattern dictionaries with no protocol, host or port: a pattern
// inherits the origin of the document (or of the rules file), so the browser can only
// speculate on a same-origin URL whose path is one of the site's pages. Every page path is
// checked against the built output: a link to a download, a feed, an asset, the 404 page, a
// search page, a path the user excluded or a page that does not exist adds nothing.
//
// A Plan is made once per build from every page's links (Scan). It gives each page its
// inline rules (Plan.Inline: only the page's own targets, and only where the page's
// Content-Security-Policy lets them run) or, for delivery by the Speculation-Rules header,
// the one rules file for the whole site (Plan.File). A page that carries rules of its own
// gets none of ours.
package speculate
