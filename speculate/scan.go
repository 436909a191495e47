// Scan reads what the rules depend on from one page: its links, its own speculation rules,
// its Content-Security-Policy, its <base> and its scripts. It tokenizes the page once and
// keeps no DOM; our own block is expected to be stripped already (a page read through the
// build's stripped view of the site).

package speculate

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// Link is one <a href> or <area href> of a page.
type Link struct {
	Href     string // as written
	Rel      string // the rel attribute, as written
	Download bool   // the element has a download attribute
}

// Facts are what Scan learns about a page.
type Facts struct {
	Links []Link
	// Rules holds the text of each of the page's own <script type=speculationrules>
	// elements (one with a src attribute, which browsers ignore, counts with its text).
	Rules []string
	// RulesSrc is set when one of the page's own rule scripts has a src attribute.
	RulesSrc bool
	// CSP holds the content of each <meta http-equiv=Content-Security-Policy>.
	CSP []string
	// Base is the href of the page's first <base href>, "" when it has none.
	Base string
	// Scripts are the src attributes of the page's <script src> elements, as written.
	Scripts []string
	// Nonces are the distinct nonce attributes of the page's own scripts, in order.
	Nonces []string
	// Router names the client-side router the page loads ("" for none seen): it follows
	// same-origin links in place, so a prefetched document would not be used.
	Router string
}

// Scan reads a page's Facts.
func Scan(src []byte) Facts {
	var f Facts
	z := html.NewTokenizer(bytes.NewReader(src))
	inRules := false
	baseSeen := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return f
		case html.TextToken:
			if inRules {
				f.Rules[len(f.Rules)-1] += string(z.Text())
			}
		case html.EndTagToken:
			inRules = false
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			if !interesting(name) {
				continue // its attributes are never read: no allocation for them
			}
			attrs := make(map[string]string, 4)
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if _, ok := attrs[string(k)]; !ok {
					attrs[string(k)] = string(v)
				}
				if f.Router == "" && bytes.HasPrefix(k, []byte("data-sveltekit-")) {
					f.Router = "SvelteKit"
				}
			}
			if f.Router == "" {
				f.Router = router(string(name), attrs)
			}
			switch string(name) {
			case "a", "area":
				if h, ok := attrs["href"]; ok {
					_, dl := attrs["download"]
					f.Links = append(f.Links, Link{Href: h, Rel: attrs["rel"], Download: dl})
				}
			case "base":
				if h, ok := attrs["href"]; ok && !baseSeen {
					f.Base, baseSeen = h, true
				}
			case "meta":
				if strings.EqualFold(strings.TrimSpace(attrs["http-equiv"]), "content-security-policy") {
					f.CSP = append(f.CSP, attrs["content"])
				}
			case "script":
				if n, ok := attrs["nonce"]; ok && n != "" && !contains(f.Nonces, n) {
					f.Nonces = append(f.Nonces, n)
				}
				if strings.EqualFold(strings.TrimSpace(attrs["type"]), "speculationrules") {
					f.Rules = append(f.Rules, "")
					if _, ok := attrs["src"]; ok {
						f.RulesSrc = true
					}
					inRules = tt == html.StartTagToken
				} else if s, ok := attrs["src"]; ok {
					f.Scripts = append(f.Scripts, s)
				}
			}
		}
	}
}

// interesting says whether Scan reads a tag's attributes. SvelteKit puts its
// data-sveltekit-* attributes on the body (or the html element).
func interesting(name []byte) bool {
	switch string(name) {
	case "a", "area", "base", "meta", "script", "link", "body", "html":
		return true
	}
	return false
}

// router recognises the client-side routers of common generators by a tag: the generator
// meta of Docusaurus and VitePress, Astro's view transitions meta, and the script and
// stylesheet paths of Next.js and Nuxt.
func router(name string, attrs map[string]string) string {
	switch name {
	case "meta":
		switch n := strings.ToLower(attrs["name"]); {
		case n == "generator":
			for _, g := range []string{"Docusaurus", "VitePress"} {
				if strings.HasPrefix(strings.TrimSpace(attrs["content"]), g) {
					return g
				}
			}
		case n == "astro-view-transitions-enabled":
			return "Astro view transitions"
		}
	case "script", "link":
		u := attrs["src"] + " " + attrs["href"]
		switch {
		case strings.Contains(u, "/_next/static/"):
			return "Next.js"
		case strings.Contains(u, "/_nuxt/"):
			return "Nuxt"
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
