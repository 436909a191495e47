// Link header values, shared by every server-config format.
//
// Every byte that reaches a config file starts as a file name, and file names are attacker
// data. So this file is the one place that turns a hint into text, and it produces values
// from a tiny alphabet: URLs are percent-encoded down to unreserved characters plus "/" and a
// few harmless sub-delimiters, and attribute values that would need escaping in some format
// are refused (the hint is skipped with a warning) rather than escaped. A value that passes
// here contains no control character, no non-ASCII byte and none of $ " \ { } ` < > , ;
// except the quotes, commas and spaces of its own quoted-string parameters.

package emit

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/preloadgen/preloadgen/graph"
)

// pageLinks is one page's header hints as Link values, in rank order.
type pageLinks struct {
	Page  string   // site path of the HTML file, e.g. /posts/a/index.html
	Links []string // Link header values
}

// collectLinks turns the analysis into per-page Link values, sorted by page path. Pages and
// hints that cannot be expressed safely are skipped, each with a warning.
func collectLinks(pages []*graph.Page, basePath string, exists func(sitePath string) bool) ([]pageLinks, []string) {
	var out []pageLinks
	var warns []string
	basePath = strings.TrimSuffix(basePath, "/")
	for _, p := range pages {
		if p == nil {
			continue
		}
		if reason := unsafePagePath(p.Path); reason != "" {
			warns = append(warns, fmt.Sprintf("%s: page skipped in server configs: %s", quoteForMessage(p.Path), reason))
			continue
		}
		var links []string
		seen := map[string]bool{}
		for _, h := range p.Hints {
			if !h.Header {
				continue
			}
			if exists != nil && !exists(h.URL) {
				warns = append(warns, fmt.Sprintf("%s: hint %s skipped: file not in the built output", p.Path, quoteForMessage(h.URL)))
				continue
			}
			v, err := LinkValue(h, basePath)
			if err != nil {
				warns = append(warns, fmt.Sprintf("%s: hint skipped: %v", p.Path, err))
				continue
			}
			if seen[v] {
				continue
			}
			seen[v] = true
			links = append(links, v)
		}
		if len(links) > 0 {
			out = append(out, pageLinks{Page: p.Path, Links: links})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Page < out[j].Page })
	return out, warns
}

// LinkValue formats one hint as a Link header value:
//
//	</assets/inter-latin-400.woff2>; rel=preload; as=font; type="font/woff2"; crossorigin
//
// The URL is absolute, under basePath, and percent-encoded (see the file note). An attribute
// value that would need escaping in some config format makes LinkValue fail.
func LinkValue(h graph.Hint, basePath string) (string, error) {
	href := strictEscape(graph.LinkHref(h, basePath))
	var b strings.Builder
	b.WriteString("<" + href + ">")
	switch h.Rel {
	case "preload", "modulepreload", "prefetch":
	default:
		return "", fmt.Errorf("%s: unsupported rel %q", quoteForMessage(h.URL), h.Rel)
	}
	b.WriteString("; rel=" + h.Rel)
	if h.As != "" {
		if !tokenRE.MatchString(h.As) {
			return "", fmt.Errorf("%s: bad as value %q", quoteForMessage(h.URL), h.As)
		}
		b.WriteString("; as=" + h.As)
	}
	quoted := func(name, v string) error {
		if v == "" {
			return nil
		}
		if !safeQuoted(v) {
			return fmt.Errorf("%s: %s value %q cannot be written safely", quoteForMessage(h.URL), name, v)
		}
		b.WriteString("; " + name + `="` + v + `"`)
		return nil
	}
	if err := quoted("type", h.Type); err != nil {
		return "", err
	}
	switch h.CrossOrigin {
	case "":
	case "use-credentials":
		b.WriteString("; crossorigin=use-credentials")
	default:
		b.WriteString("; crossorigin")
	}
	if err := quoted("media", h.Media); err != nil {
		return "", err
	}
	if h.HeaderSrcset != "" {
		s, ok := headerSrcset(h.HeaderSrcset)
		if !ok {
			return "", fmt.Errorf("%s: imagesrcset %q cannot be written safely", quoteForMessage(h.URL), h.HeaderSrcset)
		}
		if err := quoted("imagesrcset", s); err != nil {
			return "", err
		}
		if err := quoted("imagesizes", h.ImageSizes); err != nil {
			return "", err
		}
	}
	switch h.FetchPriority {
	case "":
	case "high", "low", "auto":
		b.WriteString("; fetchpriority=" + h.FetchPriority)
	default:
		return "", fmt.Errorf("%s: bad fetchpriority %q", quoteForMessage(h.URL), h.FetchPriority)
	}
	return b.String(), nil
}

var (
	tokenRE      = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	descriptorRE = regexp.MustCompile(`^[0-9]+w$|^[0-9]*\.?[0-9]+x$`)
)

// safeQuoted reports whether v can sit between double quotes in a Link value and in every
// config format as is: printable ASCII without " \ $ { } ` < > ;.
func safeQuoted(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < 0x20 || c >= 0x7f || strings.IndexByte("\"\\${}`<>;", c) >= 0 {
			return false
		}
	}
	return true
}

// headerSrcset re-encodes the URLs of a srcset built by the analysis ("url 800w, url 2x").
// URLs there are already percent-encoded, so they hold no space and ", " separates
// candidates exactly.
func headerSrcset(s string) (string, bool) {
	var parts []string
	for _, cand := range strings.Split(s, ", ") {
		fields := strings.Split(cand, " ")
		if len(fields) == 0 || len(fields) > 2 || fields[0] == "" {
			return "", false
		}
		u := strictEscape(fields[0])
		if !strings.HasPrefix(u, "/") {
			return "", false
		}
		if len(fields) == 2 {
			if !descriptorRE.MatchString(fields[1]) {
				return "", false
			}
			u += " " + fields[1]
		}
		parts = append(parts, u)
	}
	return strings.Join(parts, ", "), true
}

// strictEscape percent-encodes every byte of an already escaped URL path that is not
// unreserved, "/", "?" (before a query the page requests), or one of ! ' ( ) * : @ & = +;
// valid %XX escapes are kept as they are.
// Encoding $ , ; and the like is what keeps values inert in nginx, Caddy and _headers; a
// browser treats /a%24b.css and /a$b.css as different URLs, so a page whose own reference
// spells such a character raw gets a hint it may not reuse (a wasted fetch, never an
// injection).
func strictEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteString(s[i : i+3])
			i += 2
		case isUnreserved(c) || c == '/' || c == '?' || strings.IndexByte("!'()*:@&=+", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// unsafePagePath says why a page path cannot key a server rule ("" when it can): it must be
// an absolute, clean, valid UTF-8 path without control characters.
func unsafePagePath(p string) string {
	switch {
	case !strings.HasPrefix(p, "/"):
		return "not an absolute path"
	case !utf8.ValidString(p):
		return "not valid UTF-8"
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			return "control character in the name"
		}
	}
	return ""
}

// requestPaths lists the request paths a server that matches on the request path (Caddy, Go,
// _headers) sees for a page: /dir/index.html is also /dir/, /index.html is also /.
func requestPaths(page, basePath string) []string {
	basePath = strings.TrimSuffix(basePath, "/")
	if strings.HasSuffix(page, "/index.html") {
		dir := strings.TrimSuffix(page, "index.html")
		return []string{basePath + dir, basePath + page}
	}
	return []string{basePath + page}
}

// RequestHints maps each request path a page answers to (see requestPaths) to the page's
// Link values: the table the Go middleware and `preloadgen serve` use, cut to the Go
// middleware's cap (ServerLinkCap) as the generated file is. Warnings name what was skipped
// or cut.
func RequestHints(pages []*graph.Page, basePath string) (map[string][]string, []string) {
	all, warns := collectLinks(pages, basePath, nil)
	capped, capWarns := cappedLinks(all, []Format{FormatGo}, map[Format]int{FormatGo: defaultLinkCap(FormatGo)}, func(Format) string { return "the Go middleware" })
	pls, warns := capped[FormatGo], append(warns, capWarns...)
	m := map[string][]string{}
	for _, pl := range pls {
		for _, rp := range requestPaths(pl.Page, basePath) {
			m[rp] = pl.Links
		}
	}
	return m, warns
}

// quoteForMessage makes a name printable in a warning (no raw control characters).
func quoteForMessage(s string) string {
	q := fmt.Sprintf("%q", s)
	return q[1 : len(q)-1]
}

// escapedPath percent-encodes a site path the way a browser sends it, strictly.
func escapedPath(p string) string {
	return strictEscape((&url.URL{Path: p}).EscapedPath())
}
