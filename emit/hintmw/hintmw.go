// Package hintmw is the net/http middleware that sends a site's preload hints as Link
// headers and 103 Early Hints.
//
// This file is the real, tested source of the generated Go output: preloadgen embeds it,
// rewrites the package clause, and appends the hint table and a Handler function. Keep it
// dependency-free (standard library only) and self-contained in this one file.
package hintmw

import "net/http"

// Middleware adds Link headers to responses for the request paths in Hints and, unless
// NoEarlyHints is set, first sends them as a 103 Early Hints response to navigations.
//
// Hints maps a request path (r.URL.Path, e.g. "/", "/posts/a/", "/posts/a/index.html") to
// its Link header values. A navigation is a GET or HEAD request over HTTP/1.1 or later whose
// Sec-Fetch-Mode is "navigate" or absent; browsers use Early Hints only for those.
//
// The 103 carries the Link headers and nothing else: headers that an outer handler set
// before this one runs (Set-Cookie, say) are held back and restored for the final response.
type Middleware struct {
	Hints        map[string][]string
	NoEarlyHints bool
	Next         http.Handler
}

// ServeHTTP implements http.Handler.
func (m *Middleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	links := m.Hints[r.URL.Path]
	if len(links) == 0 || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		m.Next.ServeHTTP(w, r)
		return
	}
	h := w.Header()
	if !m.NoEarlyHints && r.ProtoAtLeast(1, 1) && isNavigation(r) {
		saved := h.Clone()
		clearHeader(h)
		h["Link"] = append([]string(nil), links...)
		w.WriteHeader(http.StatusEarlyHints)
		clearHeader(h)
		for k, v := range saved {
			h[k] = v
		}
	}
	for _, v := range links {
		h.Add("Link", v)
	}
	m.Next.ServeHTTP(w, r)
}

// isNavigation reports whether r is a top-level navigation, or a client that does not send
// Fetch metadata at all.
func isNavigation(r *http.Request) bool {
	v, ok := r.Header["Sec-Fetch-Mode"]
	return !ok || len(v) == 0 || v[0] == "navigate"
}

// clearHeader empties h in place (the builtin clear needs Go 1.21; this file builds with 1.19,
// the first release that sends 1xx responses).
func clearHeader(h http.Header) {
	for k := range h {
		delete(h, k)
	}
}
