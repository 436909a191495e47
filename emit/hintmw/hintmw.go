// Package hintmw is the net/http middleware that sends a site's preload hints as Link
// headers and 103 Early Hints.
//
// This file is the real, tested source of the generated Go output: preloadgen embeds it,
// rewrites the package clause, and appends the hint table and a Handler function. Keep it
// dependency-free (standard library only), self-contained in this one file, and buildable
// with Go 1.19, the first release that sends 1xx responses.
package hintmw

import (
	"io"
	"net/http"
	"strings"
)

// Middleware adds a page's Link headers to its successful response and, for navigations,
// sends them first as a 103 Early Hints response.
//
// Hints maps a request path (r.URL.Path, e.g. "/", "/posts/a/", "/posts/a/index.html") to
// its Link header values; Table gives the paths Hints does not have theirs. Only GET and
// HEAD requests for paths with hints are touched; every other request goes to Next as it
// came.
//
// The final response gets the Link headers only when Next answers with a 2xx status other
// than 206: a 304 Not Modified, a 206 or 416 answer to a Range request, a redirect and a
// 4xx or 5xx error carry none (a browser revalidating a cached page keeps the headers it
// stored with it). HEAD gets the Link headers GET would get.
//
// The 103 goes to navigations only: GET requests whose Sec-Fetch-Mode is "navigate" or
// absent and that carry no Range header, over HTTP/2 or later. Chromium uses Early Hints
// only over HTTP/2 and later, and some HTTP/1.1 intermediaries mishandle 1xx responses;
// set EarlyHintsHTTP1 to send the 103 over HTTP/1.1 too (never to HTTP/1.0), or
// NoEarlyHints to send none. HEAD gets no 103: there is no page to render. A conditional
// navigation (If-None-Match, If-Modified-Since) does get it: the hints go out before the
// page's status is known, and a browser revalidating a cached page can fetch the hinted
// files meanwhile. The 103 may thus precede any final status, a redirect or an error too.
//
// The 103 carries the Link headers and nothing else: headers that an outer handler set
// before this one runs (Set-Cookie, say) are held back and restored for the final response.
//
// Next gets a ResponseWriter that adds the Link headers when the status is written. It
// implements http.Flusher and io.ReaderFrom (so http.FileServer keeps using sendfile) and
// has an Unwrap method, through which http.ResponseController (Go 1.20+) reaches the
// server's writer, for Hijack and deadlines; it is not an http.Hijacker itself.
type Middleware struct {
	Hints map[string][]string
	Table *Table

	// EarlyHintsHTTP1 also sends the 103 over HTTP/1.1. By default (false) only HTTP/2
	// and later get it.
	EarlyHintsHTTP1 bool

	// NoEarlyHints sends no 103 at all, only the Link headers on the final response.
	NoEarlyHints bool

	// SpeculationRules, when set, is the URL path of the site's speculation rules file: a
	// request for it gets the Content-Type browsers require of it,
	// application/speculationrules+json, and every other response names it in a
	// Speculation-Rules header, except those for the request paths in NoSpeculation (pages
	// that carry rules of their own). The path must need no escaping in a quoted string.
	SpeculationRules string
	NoSpeculation    map[string]bool

	Next http.Handler
}

// ServeHTTP implements http.Handler.
func (m *Middleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if m.SpeculationRules != "" {
		switch p := r.URL.Path; {
		case p == m.SpeculationRules:
			w.Header().Set("Content-Type", "application/speculationrules+json")
		case !m.NoSpeculation[p]:
			w.Header().Set("Speculation-Rules", `"`+m.SpeculationRules+`"`)
		}
	}
	links := m.Hints[r.URL.Path]
	if len(links) == 0 && m.Table != nil {
		links = m.Table.Lookup(r.URL.Path)
	}
	if len(links) == 0 || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		m.Next.ServeHTTP(w, r)
		return
	}
	// The table's slice goes into the header maps as it is: net/http copies header values
	// when it writes them and never changes them in place. Capping the capacity makes any
	// append by a later handler copy instead of writing into the table.
	links = links[:len(links):len(links)]
	if m.earlyHints(r) {
		writeEarlyHints(w, links)
	}
	m.Next.ServeHTTP(&linkWriter{ResponseWriter: w, links: links}, r)
}

// Table holds a site's hints by hint set: pages share their hints, so the table names each
// set once and maps paths to sets, by exact path or by directory.
type Table struct {
	// Sets are the Link values of each hint set. Sets[0] is empty: no hints.
	Sets [][]string
	// Paths maps a request path to its set; it takes precedence over Dirs.
	Paths map[string]int
	// Dirs maps a directory ("/docs/", ending in "/") to the set of the pages under it:
	// request paths that end in "/" or ".html", at any depth, unless Paths or a deeper
	// directory in Dirs names them.
	Dirs map[string]int
}

// Lookup returns the Link values of request path p: a map lookup, then one per directory
// level of p.
func (t *Table) Lookup(p string) []string {
	if i, ok := t.Paths[p]; ok {
		return t.set(i)
	}
	if len(t.Dirs) == 0 || !strings.HasSuffix(p, "/") && !strings.HasSuffix(p, ".html") {
		return nil
	}
	for d := p[:strings.LastIndexByte(p, '/')+1]; d != ""; d = d[:strings.LastIndexByte(d[:len(d)-1], '/')+1] {
		if i, ok := t.Dirs[d]; ok {
			return t.set(i)
		}
	}
	return nil
}

func (t *Table) set(i int) []string {
	if i <= 0 || i >= len(t.Sets) {
		return nil
	}
	return t.Sets[i]
}

// earlyHints reports whether r gets a 103.
func (m *Middleware) earlyHints(r *http.Request) bool {
	if m.NoEarlyHints || r.Method != http.MethodGet || len(r.Header["Range"]) != 0 || !isNavigation(r) {
		return false
	}
	return r.ProtoMajor >= 2 || (m.EarlyHintsHTTP1 && r.ProtoAtLeast(1, 1))
}

// isNavigation reports whether r is a top-level navigation, or a client that does not send
// Fetch metadata at all.
func isNavigation(r *http.Request) bool {
	v, ok := r.Header["Sec-Fetch-Mode"]
	return !ok || len(v) == 0 || v[0] == "navigate"
}

// writeEarlyHints sends a 103 with links as its only header. The server writes a 1xx from
// the header map when WriteHeader is called, so other headers are moved out for it.
func writeEarlyHints(w http.ResponseWriter, links []string) {
	h := w.Header()
	var saved map[string][]string
	if len(h) != 0 {
		saved = make(map[string][]string, len(h))
		for k, v := range h {
			saved[k] = v
			delete(h, k)
		}
	}
	h["Link"] = links
	w.WriteHeader(http.StatusEarlyHints)
	delete(h, "Link")
	for k, v := range saved {
		h[k] = v
	}
}

// linkWriter adds links to the header when the final status is written, if that status
// is 2xx other than 206 Partial Content.
type linkWriter struct {
	http.ResponseWriter
	links       []string
	wroteHeader bool
}

func (w *linkWriter) WriteHeader(code int) {
	// 1xx responses other than 101 are informational: the final status is still to come.
	if !w.wroteHeader && (code < 100 || code > 199 || code == http.StatusSwitchingProtocols) {
		w.wroteHeader = true
		if code >= 200 && code <= 299 && code != http.StatusPartialContent {
			h := w.ResponseWriter.Header()
			if old := h["Link"]; len(old) != 0 {
				h["Link"] = append(old, w.links...)
			} else {
				h["Link"] = w.links
			}
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *linkWriter) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(p)
}

// ReadFrom lets io.Copy reach the server's ReadFrom (sendfile for files over HTTP/1.1).
func (w *linkWriter) ReadFrom(src io.Reader) (int64, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(w.ResponseWriter, src)
}

func (w *linkWriter) Flush() {
	w.FlushError()
}

// FlushError is the Flush that http.ResponseController calls; it reports
// http.ErrNotSupported when no writer underneath can flush.
func (w *linkWriter) FlushError() error {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	rw := w.ResponseWriter
	for {
		switch t := rw.(type) {
		case interface{ FlushError() error }:
			return t.FlushError()
		case http.Flusher:
			t.Flush()
			return nil
		case interface{ Unwrap() http.ResponseWriter }:
			rw = t.Unwrap()
		default:
			return http.ErrNotSupported
		}
	}
}

// Unwrap returns the server's ResponseWriter, for http.ResponseController.
func (w *linkWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}
