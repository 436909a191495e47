package graph

import (
	"net/url"
	"path"
	"strings"
)

const siteHost = "site.preloadgen.invalid"

// resolver turns references into site paths for one page.
type resolver struct {
	base     *url.URL // the document's base URL (page URL or <base href>)
	basePath string   // deployment prefix to strip from absolute paths
	// dir is the directory of base's path, ending in "/", when base is a path of the site
	// made of plain bytes (plainPath): references are then resolved without net/url
	// (resolvePlain). "" when net/url must do it.
	dir string
	// query is the query string each site path was first referenced with
	// (furo.css?digest=..., font.woff2?v=4.7.0): the browser requests that URL, so a hint
	// must name it whole, or it is a different URL that goes unused.
	query map[string]string
}

func newResolver(pagePath, baseHref, basePath string) *resolver {
	page := &url.URL{Scheme: "https", Host: siteHost, Path: basePath + pagePath}
	r := &resolver{base: page, basePath: strings.TrimSuffix(basePath, "/"), query: map[string]string{}}
	if baseHref != "" {
		if b, err := url.Parse(baseHref); err == nil {
			r.base = page.ResolveReference(b)
		}
	}
	if b := r.base; b.Scheme == "https" && b.Host == siteHost && b.User == nil && b.Opaque == "" && b.RawPath == "" {
		r.dir = plainDir(b.Path)
	}
	return r
}

// resolveFrom resolves raw against the resource at sitePath (for CSS and JS references).
func (r *resolver) resolveFrom(from, raw string) (sitePath, external string, ok bool) {
	raw = strings.TrimSpace(raw)
	if p, ok, done := r.resolvePlain(plainDir(r.basePath+from), raw); done {
		return p, "", ok
	}
	b := &url.URL{Scheme: "https", Host: siteHost, Path: r.basePath + from}
	return r.resolveURL(b, raw)
}

// resolve resolves a reference from the page's HTML.
func (r *resolver) resolve(raw string) (sitePath, external string, ok bool) {
	raw = strings.TrimSpace(raw)
	if p, ok, done := r.resolvePlain(r.dir, raw); done {
		return p, "", ok
	}
	return r.resolveURL(r.base, raw)
}

// resolveURL resolves raw (trimmed) against base with net/url.
func (r *resolver) resolveURL(base *url.URL, raw string) (sitePath, external string, ok bool) {
	if raw == "" || strings.HasPrefix(raw, "#") {
		return "", "", false
	}
	lower := strings.ToLower(raw)
	for _, s := range []string{"data:", "blob:", "javascript:", "about:", "mailto:", "tel:"} {
		if strings.HasPrefix(lower, s) {
			return "", "", false
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", false
	}
	abs := base.ResolveReference(u)
	if abs.Host != siteHost || (abs.Scheme != "https" && abs.Scheme != "http") {
		if abs.Scheme != "http" && abs.Scheme != "https" {
			return "", "", false
		}
		return "", abs.Scheme + "://" + abs.Host, true
	}
	return r.sitePath(abs.Path, abs.RawQuery, false)
}

// sitePath turns the path of a resolved URL of the site into a site path, recording the
// query it was first referenced with. ok is false when the path lies outside the base path.
// clean says that p is clean already and starts with "/" (path.Clean would keep it).
func (r *resolver) sitePath(p, query string, clean bool) (string, string, bool) {
	if r.basePath != "" {
		if p == r.basePath || strings.HasPrefix(p, r.basePath+"/") {
			p = strings.TrimPrefix(p, r.basePath)
		} else {
			return "", "", false
		}
	}
	switch {
	case !clean:
		p = path.Clean("/" + p)
	case p == "":
		p = "/"
	}
	if query != "" {
		if _, seen := r.query[p]; !seen {
			r.query[p] = query
		}
	}
	return p, "", true
}

// resolvePlain resolves raw (trimmed) against a base of the site whose path's directory is
// dir, without net/url, when both are plain: a path of plainPath bytes, then optionally
// a query and a fragment of such bytes, the common case of relative and site-absolute
// references. done is false when it cannot tell, and net/url must resolve raw.
//
// It gives what resolveURL gives: with no bytes to escape, a path has the same bytes
// escaped and not; with no empty segment ("//"), removing its dot segments as RFC 3986
// does and path.Clean agree, and a trailing slash is what path.Clean drops at the end.
func (r *resolver) resolvePlain(dir, raw string) (p string, ok, done bool) {
	if dir == "" || raw == "" || raw[0] == '#' || raw[0] == '?' {
		return "", false, false
	}
	end := len(raw)
	q := ""
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if plainPathByte(c) {
			continue
		}
		if c != '?' && c != '#' {
			return "", false, false
		}
		end = i
		rest := raw[i:]
		if c == '?' {
			q = rest[1:]
			if h := strings.IndexByte(q, '#'); h >= 0 {
				rest, q = q[h:], q[:h]
			} else {
				rest = ""
			}
			if !plainQuery(q) {
				return "", false, false
			}
		}
		if rest != "" && !plainQuery(rest[1:]) { // the fragment
			return "", false, false
		}
		break
	}
	ref := raw[:end]
	full := ref
	if ref[0] != '/' {
		full = dir + ref
	}
	if strings.Contains(full, "//") {
		return "", false, false
	}
	// full starts with "/", so its clean form does, and the base path, a prefix of whole
	// segments, leaves "" or a clean path that starts with "/".
	p, _, ok = r.sitePath(path.Clean(full), q, true)
	return p, ok, true
}

// plainPathByte reports whether c may stand in a path that resolvePlain resolves: a letter,
// a digit, or a mark or sub-delimiter of RFC 3986 but ':' (a scheme's end). Not '%' (an
// escape), a backslash, spaces, controls or bytes beyond ASCII.
func plainPathByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '.', '_', '~', '/', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', '@':
		return true
	}
	return false
}

// plainQuery reports whether a query or a fragment holds only plain bytes, '?' and ':'.
func plainQuery(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !plainPathByte(c) && c != '?' && c != ':' {
			return false
		}
	}
	return true
}

// plainDir returns the directory of path p, ending in "/", when p is a site path of plain
// bytes with no empty segment, and "" otherwise.
func plainDir(p string) string {
	if p == "" || p[0] != '/' || strings.Contains(p, "//") {
		return ""
	}
	for i := 0; i < len(p); i++ {
		if !plainPathByte(p[i]) {
			return ""
		}
	}
	return p[:strings.LastIndexByte(p, '/')+1]
}

// withQuery appends to href the query that site path p was first referenced with.
func (r *resolver) withQuery(href, p string) string {
	if q := r.query[p]; q != "" {
		return href + "?" + q
	}
	return href
}

// escapePath percent-encodes a site path for use in a URL.
func escapePath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

// relativeHref spells target relative to the directory of from (both site paths).
func relativeHref(fromDir, target string) string {
	fromParts := strings.Split(strings.Trim(fromDir, "/"), "/")
	if fromDir == "/" || fromDir == "" {
		fromParts = nil
	}
	toParts := strings.Split(strings.TrimPrefix(target, "/"), "/")
	i := 0
	for i < len(fromParts) && i < len(toParts)-1 && fromParts[i] == toParts[i] {
		i++
	}
	var b strings.Builder
	if i == len(fromParts) {
		b.WriteString("./")
	}
	for j := i; j < len(fromParts); j++ {
		b.WriteString("../")
	}
	b.WriteString(strings.Join(toParts[i:], "/"))
	return escapeRel(b.String())
}

func escapeRel(s string) string {
	return (&url.URL{Path: s}).EscapedPath()
}

// KindOf guesses a resource's kind from its name.
func KindOf(p string) Kind {
	ext := strings.ToLower(path.Ext(p))
	switch ext {
	case ".css":
		return KindStyle
	case ".js", ".mjs", ".cjs":
		return KindScript
	case ".woff2", ".woff", ".ttf", ".otf", ".eot":
		return KindFont
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp", ".jxl":
		return KindImage
	case ".html", ".htm":
		return KindDocument
	}
	return KindOther
}

// FontType returns the MIME type for a font file or format() value.
func FontType(p, format string) string {
	switch strings.ToLower(format) {
	case "woff2", "woff2-variations":
		return "font/woff2"
	case "woff", "woff-variations":
		return "font/woff"
	case "truetype", "truetype-variations":
		return "font/ttf"
	case "opentype", "opentype-variations":
		return "font/otf"
	case "":
	default:
		return ""
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".woff2":
		return "font/woff2"
	case ".woff":
		return "font/woff"
	case ".ttf":
		return "font/ttf"
	case ".otf":
		return "font/otf"
	}
	return ""
}

// ImageType returns the MIME type of an image file by extension.
func ImageType(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".avif":
		return "image/avif"
	case ".webp":
		return "image/webp"
	case ".jxl":
		return "image/jxl"
	}
	return ""
}
