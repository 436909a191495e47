package graph

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/firstscreen"
)

// The LCP guess can be corrected by the site's author, where the heuristic gets a page
// wrong: an element carrying the data-preloadgen-lcp attribute is the page's LCP element,
// and so is the first element that the selector configured for the page's path matches
// (Options.LCPSelectors). The attribute wins over the selector. The kind follows from the
// element: an <img>, a <picture> or a <video poster> is an image, an element with a CSS
// background image a background, anything else text. See docs/lcp.md.

// LCPAttr marks the LCP element in a page (firstscreen.Attr).
const LCPAttr = firstscreen.Attr

// LCPSelector returns the selector that Options.LCPSelectors configures for the page at
// site path pagePath, or "" when none does. A glob matches a page when it matches its site
// path ("/blog/a/index.html") or the URL the page is served at ("/blog/a/", "/blog/a").
// Globs are path.Match patterns where "**" also matches any number of path segments; when
// several match, the longest glob wins (then the first in byte order).
func LCPSelector(selectors map[string]string, pagePath string) string {
	if len(selectors) == 0 {
		return ""
	}
	names := []string{pagePath}
	if dir, ok := strings.CutSuffix(pagePath, "/index.html"); ok {
		names = append(names, dir+"/")
		if dir != "" {
			names = append(names, dir)
		}
	} else if trimmed, ok := strings.CutSuffix(pagePath, ".html"); ok {
		names = append(names, trimmed)
	}
	globs := make([]string, 0, len(selectors))
	for g := range selectors {
		globs = append(globs, g)
	}
	sort.Slice(globs, func(i, j int) bool {
		if len(globs[i]) != len(globs[j]) {
			return len(globs[i]) > len(globs[j])
		}
		return globs[i] < globs[j]
	})
	for _, g := range globs {
		for _, n := range names {
			if MatchGlob(g, n) {
				return selectors[g]
			}
		}
	}
	return ""
}

// MatchGlob reports whether the slash-separated name matches pattern: path.Match per
// segment, with a "**" segment matching any number of segments (zero included). A
// malformed pattern matches nothing.
func MatchGlob(pattern, name string) bool {
	return matchSegs(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func matchSegs(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := len(name); i >= 0; i-- {
				if matchSegs(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], name[0]); err != nil || !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// wantsWholeDOM reports whether the page must be parsed into one whole DOM for the LCP
// correction: a marked element or a selector may point below the part a split read parses.
func wantsWholeDOM(pagePath string, src []byte, opts Options) bool {
	return hasLCPAttr(src) || LCPSelector(opts.LCPSelectors, pagePath) != ""
}

// hasLCPAttr reports whether src contains LCPAttr anywhere, as bytes.Contains would. It
// looks for the attribute's first '-' (index 4) first: prose, most of a page's bytes, has
// few of them, where the leading 'd' of "data-" starts many of its words.
func hasLCPAttr(src []byte) bool {
	const dash = 4 // LCPAttr[dash] == '-'
	for i := dash; i < len(src); {
		j := bytes.IndexByte(src[i:], '-')
		if j < 0 {
			return false
		}
		i += j
		if start := i - dash; start+len(LCPAttr) <= len(src) && string(src[start:start+len(LCPAttr)]) == LCPAttr {
			return true
		}
		i++
	}
	return false
}

// elementPath is n's unique CSS path: html>body>main:nth-of-type(1)>h1:nth-of-type(2).
func elementPath(n *html.Node) string {
	var steps []string
	for ; n != nil && n.Type == html.ElementNode; n = n.Parent {
		switch n.Data {
		case "html", "body", "head":
			steps = append(steps, n.Data)
			continue
		}
		k := 1
		for s := n.PrevSibling; s != nil; s = s.PrevSibling {
			if s.Type == html.ElementNode && s.Data == n.Data && s.Namespace == n.Namespace {
				k++
			}
		}
		steps = append(steps, fmt.Sprintf("%s:nth-of-type(%d)", n.Data, k))
	}
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	return strings.Join(steps, ">")
}
