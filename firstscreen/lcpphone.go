package firstscreen

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// A phone lays the same page out in a column a third as wide: an image shrinks to the
// phone's width, so its area falls with the square of that factor, while a block of text
// keeps its area and runs longer. What paints the most in a phone's first screen is then
// often not what does on a laptop: a wide hero loses to a 4:3 thumbnail under it, a hero
// image to the long paragraph that follows. Chromium reports the phone's own LCP, and a
// preload with fetchpriority=high for the laptop's image takes the phone's link from it.
//
// phoneCheck estimates the phone's first screen the same way as the laptop's (layoutTops
// in style.Phone(), images scaled to their columns, lazy ones included: a lazy image in
// the viewport loads and is reported like any other) and finds the element that paints
// the most there. When it paints about as much as the guess or more (phoneDoubt), the
// guess's hint carries phoneMedia, so phones leave it to the page's own markup; when it
// paints more, Guess.Phone names it (the report's lcp.phone).

// phoneMedia is the media query of screens wider than a phone, given to the hint of an
// image guess that the phone's first screen contradicts.
const phoneMedia = "(min-width: 768px)"

// phoneDoubt is how much, against the guess, an element must paint in the phone's first
// screen for the guess to be in doubt there: the estimate is close, not exact, and a
// fetchpriority=high on an image that is not the LCP does harm, so a near tie already
// keeps the raise to wider screens. Guess.Phone names the element when it paints more
// than the guess.
const phoneDoubt = 0.95

// phoneCand is an element of the phone's first screen with the area it paints there.
type phoneCand struct {
	ref   *parse.Ref // an image
	block *textBlock // or a block of text
	area  float64
	lead  float64 // area over the guess's
}

// phoneCheck returns the element (an image or a block of text) that paints the most in a
// phone's first screen, when it is not guess (the guessed image's element) and paints at
// least phoneDoubt times as much; ok is false when the phone agrees with the guess.
func (a *estimator) phoneCheck(pos *numTable, guess *html.Node) (phoneCand, bool) {
	sc := style.Phone()
	tops := a.layoutTops(pos, sc)
	cols := a.columns(sc, a.blocks())
	var best phoneCand
	guessArea := 0.0
	for ref, r := range a.sizedImages(true) {
		if r.Width <= 0 || r.Height <= 0 {
			continue
		}
		if _, ok := pos.get(ref.Node); !ok || phoneChrome(ref.Node) || a.visuallyHidden(ref.Node) {
			continue
		}
		if media, never, known := a.shownMedia(ref.Node); never || media != "" || !known {
			continue // not shown, or not on every screen: the phone cannot be told
		}
		w := min(float64(r.Width), columnOf(cols, ref.Node, sc))
		fullH := a.shownHeight(ref, r, w)
		h := min(fullH, sc.Fold-tops.at(ref.Node))
		if h <= 0 {
			continue
		}
		area := w * h
		if ref.Node == guess {
			guessArea = max(guessArea, area)
			continue
		}
		// Not contentful at the size the phone shows it (minBitsPerPixel).
		shown := r
		shown.Width, shown.Height = int(w), int(fullH)
		if p, ok := a.resolve(r.URL); ref.Kind == parse.RefImage && (!ok || p == "" || a.lowEntropy(&shown)) {
			continue
		}
		if area > best.area {
			best = phoneCand{ref: ref, area: area}
		}
	}
	for b := range a.blocks().made() { // those not made paint nothing there (bestText)
		top, ok := tops.ofBlock(b)
		if !ok {
			continue
		}
		// A block that paints nothing in the first screen changes nothing, hidden or not.
		area := b.visibleArea(top, sc)
		if area <= 0 || b.n != guess && area <= best.area {
			continue // (a block that cannot take the lead is not asked whether it is hidden)
		}
		if a.visuallyHidden(b.n) || folded(b.n) {
			continue
		}
		if b.n == guess {
			guessArea = max(guessArea, area)
			continue
		}
		if area > best.area {
			best = phoneCand{block: b, area: area}
		}
	}
	if best.area == 0 || best.area < phoneDoubt*guessArea {
		return phoneCand{}, false
	}
	best.lead = best.area / max(guessArea, 1)
	return best, true
}

// phoneChrome reports whether n is in the page's navigation, footer or a sidebar: folded
// away or below the content on a phone.
func phoneChrome(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Nav, atom.Footer, atom.Aside:
			return true
		}
	}
	return false
}

// candidate is c as a Candidate.
func (c phoneCand) candidate() *Candidate {
	if c.ref != nil {
		return &Candidate{Node: c.ref.Node, Image: c.ref}
	}
	return &Candidate{Node: c.block.n}
}

// phoneWhy says why a hint carries phoneMedia.
func phoneWhy(c phoneCand) string {
	var what string
	if c.ref != nil {
		what = parse.Describe(c.ref.Node) + " " + c.ref.URL
	} else {
		what = "the text of " + parse.Describe(c.block.n)
	}
	return fmt.Sprintf(" (raised only where %s matches: a phone's first screen shows %s larger)", phoneMedia, strings.TrimSpace(what))
}

// folded reports whether n is in the page's navigation or a sidebar (an <aside>, or an
// element whose class or id names a sidebar or a drawer, as themes name them:
// sidebar-drawer, md-sidebar, VPSidebar), which phones fold away behind a menu button.
func folded(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Nav, atom.Aside:
			return true
		}
		if p.Type == html.ElementNode && (namesSidebar(parse.Attr(p, "class")) || namesSidebar(parse.Attr(p, "id"))) {
			return true
		}
	}
	return false
}

// namesSidebar reports whether a class list or id names a sidebar or a drawer.
func namesSidebar(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "sidebar") || strings.Contains(s, "drawer")
}
