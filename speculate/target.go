// Which links lead to a page of this site. A link is resolved the way a browser resolves
// it (WHATWG URL: tabs and newlines removed, backslashes read as slashes, dot segments,
// percent-encoded ones included, removed), and it names a page when its path lies under
// the base path and a page of the built output answers it: /a/ and /a/index.html name
// /a/index.html, /a names /a.html or /a/index.html.
//
// Only the path is kept. A rules pattern with no origin of its own matches same-origin
// URLs only, so a link to another origin can at worst add the path of one of our own pages.

package speculate

import (
	"net/url"
	"path"
	"strings"

	"github.com/preloadgen/preloadgen/graph"
)

// site is what target needs to know of the site.
type site struct {
	base    string          // base path, "" or "/docs" (no trailing slash)
	pages   map[string]bool // site paths of the pages ("/a/index.html")
	exclude []string        // globs over site paths and URL paths below the base path
	query   bool            // links with a query string may be speculated
}

// target returns the URL path (base path included, as the link writes it) of the page
// href names when linked from the page at site path from, whose document base is baseHref
// ("" for none); ok is false when the link does not name a page that may be speculated.
func (s *site) target(from, baseHref, href string) (urlPath, page string, ok bool) {
	p, dec, ok := resolve(s.base, from, baseHref, href, true, s.query)
	if !ok {
		return "", "", false
	}
	for _, c := range candidates(dec) {
		if s.pages[c] && !s.excluded(c, dec) {
			return p, c, true
		}
	}
	return "", "", false
}

// resolve returns the URL path a link names (dot segments removed, encoded as written)
// and the decoded path below the base path, when it is a path under the base path: a
// relative link, or (when absolute is set) the path of a URL with a host. A link with a
// query is refused unless query is set.
func resolve(base, from, baseHref, href string, absolute, query bool) (urlPath, dec string, ok bool) {
	docDir := strings.TrimSuffix(base+path.Dir(from), "/")
	if baseHref != "" {
		b := clean(baseHref)
		if b == "" || hasScheme(b) || strings.HasPrefix(b, "//") {
			return "", "", false // relative links leave the origin, or we cannot tell
		}
		b, _, _ = strings.Cut(b, "#")
		b, _, _ = strings.Cut(b, "?")
		if !strings.HasPrefix(b, "/") {
			b = docDir + "/" + b
		}
		if strings.HasSuffix(b, "/") {
			docDir = strings.TrimSuffix(b, "/")
		} else {
			docDir = path.Dir(b)
		}
		if docDir == "." {
			docDir = ""
		}
	}
	h := clean(href)
	if h == "" || strings.HasPrefix(h, "#") {
		return "", "", false // this very page
	}
	if hasScheme(h) {
		scheme, rest, _ := strings.Cut(h, ":")
		if s := strings.ToLower(scheme); s != "http" && s != "https" || !strings.HasPrefix(rest, "//") {
			return "", "", false
		}
		h = rest
	}
	if strings.HasPrefix(h, "//") {
		if !absolute {
			return "", "", false
		}
		// Another origin, or ours written in full: only the path counts (see above).
		i := strings.IndexAny(h[2:], "/?#")
		if i < 0 {
			h = "/"
		} else {
			h = h[2+i:]
		}
	}
	h, _, _ = strings.Cut(h, "#")
	h, _, hasQ := strings.Cut(h, "?")
	if hasQ && !query {
		return "", "", false
	}
	if h == "" {
		return "", "", false // a query on this very page
	}
	if !strings.HasPrefix(h, "/") {
		h = docDir + "/" + h
	}
	p, ok := removeDots(h)
	if !ok {
		return "", "", false
	}
	var rel string
	switch {
	case p == base && base != "":
		rel = "/"
	case strings.HasPrefix(p, base+"/"):
		rel = p[len(base):]
	default:
		return "", "", false
	}
	dec, err := url.PathUnescape(rel)
	if err != nil || strings.ContainsAny(dec, "\x00\\") || path.Clean(dec) != strings.TrimSuffix(dec, "/") && dec != "/" {
		return "", "", false // an encoded slash or dot segment: not worth the doubt
	}
	return p, dec, true
}

// candidates lists the site paths of the pages that may answer a decoded URL path: /a/
// and /a/index.html name /a/index.html, /a names /a.html or /a/index.html.
func candidates(dec string) []string {
	switch l := strings.ToLower(dec); {
	case strings.HasSuffix(dec, "/"):
		return []string{dec + "index.html"}
	case strings.HasSuffix(l, ".html"), strings.HasSuffix(l, ".htm"):
		return []string{dec}
	}
	return []string{dec + ".html", dec + "/index.html"}
}

// Kind is what a link leads to, as Classify sees it.
type Kind int

const (
	Elsewhere Kind = iota // another origin, another scheme, outside the base path, or unknown
	Page                  // a page of the site (not the 404 page)
	NotPage               // a path of the site that no page answers: an asset, a download, a missing page, the 404 page
)

// Classify says what a link of the page at site path from leads to, given its document
// base (baseHref, "" for none), the site's base path, and isPage, which says whether a site
// path is a page of the built site. Links with a host count as Elsewhere (their origin may
// not be the site's); a query is ignored. urlPath is the link's URL path (base path
// included) for Page and NotPage.
func Classify(basePath, from, baseHref, href string, isPage func(sitePath string) bool) (kind Kind, urlPath string) {
	p, dec, ok := resolve(strings.TrimSuffix(basePath, "/"), from, baseHref, href, false, true)
	if !ok {
		return Elsewhere, ""
	}
	for _, c := range candidates(dec) {
		if isPage(c) {
			switch strings.ToLower(c) {
			case "/404.html", "/404.htm", "/404/index.html":
				return NotPage, p
			}
			return Page, p
		}
	}
	return NotPage, p
}

// excluded reports whether a page is never speculated: the 404 page, a search page, or
// one the user excluded (by its site path or the URL path it was linked by, below the base
// path). A search page is of no use without the query its form adds, which no rule matches,
// and prerendered it runs its search: Sphinx's loads searchindex.js, 3.6 MB for the Python
// docs.
func (s *site) excluded(page, linked string) bool {
	switch lower := strings.ToLower(page); {
	case lower == "/404.html", lower == "/404.htm", lower == "/404/index.html":
		return true
	case strings.HasSuffix(lower, "/search.html"), strings.HasSuffix(lower, "/search.htm"), strings.HasSuffix(lower, "/search/index.html"):
		return true
	}
	for _, g := range s.exclude {
		if graph.MatchGlob(g, page) || graph.MatchGlob(g, linked) || graph.MatchGlob(g, strings.TrimSuffix(linked, "/")) && linked != "/" {
			return true
		}
	}
	return false
}

// clean does what the URL parser does before anything else: it strips leading and
// trailing C0 controls and spaces, removes tabs and newlines, and reads backslashes as
// slashes (every URL a link here can lead to is http or https, both "special").
func clean(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r':
			return -1
		case '\\':
			return '/'
		}
		return r
	}, s)
	return s
}

// hasScheme reports whether s starts with a URL scheme and a colon.
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// removeDots removes the dot segments of an absolute path as the URL parser does ("." and
// "..", also written %2e), keeping a trailing slash. It refuses a path that climbs above
// the root.
func removeDots(p string) (string, bool) {
	segs := strings.Split(p[1:], "/")
	var out []string
	for i, seg := range segs {
		last := i == len(segs)-1
		switch strings.ToLower(seg) {
		case ".", "%2e":
			if last {
				out = append(out, "")
			}
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(out) == 0 {
				return "", false
			}
			out = out[:len(out)-1]
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, seg)
		}
	}
	return "/" + strings.Join(out, "/"), true
}
