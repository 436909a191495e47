package verify

import (
	"net/url"
	"path"
	"strings"

	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/parse"
)

// judge sets c's verdict from c.Browser and c.Guess; p is the analysed page.
//
// Images and backgrounds are the same when the URLs are: the guess's URL, or any candidate
// of the srcset the guess hints (Chromium reports the candidate it chose). Elements are
// the same when their CSS paths are, or when their tag#id.class descriptors are and name an
// id or a class (a bare "p" says little), or, for text, when the guessed text is a prefix
// of the reported element's text. The guess is an Ancestor when it is the reported
// element's parent or child (a <picture> and its <img>, a <p> and its <a>).
func judge(c *Check, p *graph.Page) {
	b, g := c.Browser, c.Guess
	switch {
	case b == nil:
		c.Verdict = NoLCP
		return
	case g == nil:
		c.Verdict = DifferentKind
		return
	}
	if b.Kind == "image" || b.Kind == "background" {
		c.ImageRight = b.URL != "" && sameImage(b.URL, g, p)
	}
	rel := relation(b, g)
	switch {
	case string(g.Kind) != b.Kind:
		c.Verdict = DifferentKind
	case rel == SameElement || c.ImageRight:
		c.Verdict = SameElement
	case rel == Ancestor:
		c.Verdict = Ancestor
	default:
		c.Verdict = SameKind
	}
}

// sameImage reports whether the browser's LCP URL u is the guessed image: its URL or any
// candidate of the srcset hinted for it.
func sameImage(u string, g *graph.LCP, p *graph.Page) bool {
	if g.Kind != "image" && g.Kind != "background" {
		return false
	}
	if g.URL != "" && cleanURL(g.URL) == u {
		return true
	}
	if g.Kind != "image" {
		return false
	}
	for _, r := range p.Resources {
		if !r.LCP || r.Edge != graph.EdgeImage && r.Edge != graph.EdgePictureSource {
			continue
		}
		if cleanURL(r.URL) == u {
			return true
		}
		for _, cand := range parse.ParseSrcset(r.Srcset) {
			if resolve(p.Path, cand.URL) == u {
				return true
			}
		}
	}
	return false
}

// cleanURL drops a query and fragment from a site path.
func cleanURL(s string) string {
	if strings.HasPrefix(s, "/") {
		if i := strings.IndexAny(s, "?#"); i >= 0 {
			s = s[:i]
		}
		return path.Clean(s)
	}
	return s
}

// resolve resolves a reference written in the page at site path page to a site path.
func resolve(page, ref string) string {
	base, err := url.Parse("http://site" + page)
	if err != nil {
		return ref
	}
	r, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return ref
	}
	u := base.ResolveReference(r)
	if u.Host != "site" {
		return u.String()
	}
	return path.Clean(u.Path)
}

// relation compares the elements: SameElement, Ancestor or "" (neither).
func relation(b *Element, g *graph.LCP) Verdict {
	if b.Path == "" {
		return ""
	}
	if g.Path != "" && g.Path == b.Path {
		return SameElement
	}
	if g.Element == b.Element && (strings.ContainsAny(b.Element, "#.") || g.Path == "") {
		return SameElement
	}
	if g.Kind == "text" && g.Text != "" {
		t := strings.TrimSuffix(g.Text, "...")
		if t != "" && strings.HasPrefix(b.fullText, t) {
			return SameElement
		}
	}
	if g.Path != "" && (g.Path == b.parentPath || parentOf(g.Path) == b.Path) {
		return Ancestor
	}
	return ""
}

// parentOf drops a CSS path's last step.
func parentOf(p string) string {
	if i := strings.LastIndexByte(p, '>'); i >= 0 {
		return p[:i]
	}
	return ""
}
