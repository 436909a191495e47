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
	return r
}

// resolveFrom resolves raw against the resource at sitePath (for CSS and JS references).
func (r *resolver) resolveFrom(from, raw string) (sitePath, external string, ok bool) {
	b := &url.URL{Scheme: "https", Host: siteHost, Path: r.basePath + from}
	return r.resolveAgainst(b, raw)
}

// resolve resolves a reference from the page's HTML.
func (r *resolver) resolve(raw string) (sitePath, external string, ok bool) {
	return r.resolveAgainst(r.base, raw)
}

func (r *resolver) resolveAgainst(base *url.URL, raw string) (sitePath, external string, ok bool) {
	raw = strings.TrimSpace(raw)
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
	p := abs.Path
	if r.basePath != "" {
		if p == r.basePath || strings.HasPrefix(p, r.basePath+"/") {
			p = strings.TrimPrefix(p, r.basePath)
		} else {
			return "", "", false
		}
	}
	p = path.Clean("/" + p)
	if abs.RawQuery != "" {
		if _, seen := r.query[p]; !seen {
			r.query[p] = abs.RawQuery
		}
	}
	return p, "", true
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
