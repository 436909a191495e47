package firstscreen

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// How sure the LCP guess is. An image or background guessed as the LCP gets a preload
// with fetchpriority=high, which takes bandwidth from everything else: when the guess is
// wrong, the real LCP loses (a Vite page got a x1.18 slower LCP when a CSS background was
// raised while the LCP was an <img> of the HTML). So the raise is kept for guesses that
// nothing in the first screen contradicts; an unsure guess is still preloaded when that
// shortens a chain (a background, a lazy image), at the default priority.

// lcpCand is one LCP candidate in the first screen: an image (ref) or a background (bg).
type lcpCand struct {
	pos   position
	ref   *parse.Ref
	bg    *Background
	media string // where it is shown ("" everywhere), see shownMedia
}

// bgArea stands for the painted area of a hero-like background: a full-width block of
// 40vh or 300px, the least that makes a rule's background "large".
var bgArea = style.Laptop().Width * max(0.4*style.Laptop().Height, 300)

// shownArea is the area an image paints in the first screen by its width and height
// attributes (scaled to the viewport's width, cut at its height), 0 when unknown.
func shownArea(ref *parse.Ref) float64 {
	w, h := float64(ref.Width), float64(ref.Height)
	if w <= 0 || h <= 0 {
		return 0
	}
	if w > style.Laptop().Width {
		h *= style.Laptop().Width / w
		w = style.Laptop().Width
	}
	return w * min(h, style.Laptop().Height)
}

func (c lcpCand) area() float64 {
	if c.bg != nil {
		return bgArea
	}
	return shownArea(c.ref)
}

func (c lcpCand) node() *html.Node {
	if c.bg != nil {
		return c.bg.Node
	}
	return c.ref.Node
}

// candidate is c as a Candidate, nil for none.
func (c *lcpCand) candidate() *Candidate {
	if c == nil {
		return nil
	}
	if c.bg != nil {
		return &Candidate{Node: c.bg.Node}
	}
	return &Candidate{Node: c.ref.Node, Image: c.ref}
}

// lazyHero reports whether a loading=lazy image is still taken as an LCP candidate: the
// page says it is large by its own markup (a width of at least 600, a hero-like class,
// or sizes of 50vw or more). A lazy thumbnail that CSS shows small (a 480-wide image
// in a 10rem grid column) is not.
func lazyHero(ref *parse.Ref) bool {
	if ref.Width >= 600 || heroish(ref.Node) {
		return true
	}
	for _, s := range strings.Split(ref.Sizes, ",") {
		f := strings.Fields(s)
		if len(f) == 0 {
			continue
		}
		var vw float64
		if _, err := fmt.Sscanf(f[len(f)-1], "%gvw", &vw); err == nil && vw >= 50 {
			return true
		}
	}
	return false
}

// lcpDoubt returns why the guess best may not be the LCP element, "" when nothing in the
// first screen contradicts it. The guess is the first candidate in document order; it is
// doubtful when
//   - it is a lazy image (the page's author did not expect it in the first screen);
//   - another non-lazy candidate in the first screen, shown on the same screens, may
//     paint about as much (at least 0.8 of its area, both known) or its size is unknown;
//   - it is a background and an <img> of unknown size (no width and height) is in the
//     first screen: the browser may well paint that one larger. Small images by their
//     attributes, SVG and icons, and images in <nav> are not counted.
//
// runnerUp is the candidate that contradicts the guess, when there is one: an image or a
// background.
func (a *estimator) lcpDoubt(pos *numTable, best lcpCand, all []lcpCand) (doubt string, runnerUp *lcpCand) {
	if best.ref != nil && best.ref.Loading == "lazy" {
		return "loading=lazy: the page does not expect it in the first screen", nil
	}
	ab := best.area()
	for _, c := range all {
		if c.node() == best.node() || c.ref != nil && c.ref.Loading == "lazy" || apart(c.media, best.media) {
			continue
		}
		ac := c.area()
		if ab > 0 && ac > 0 && ac < 0.8*ab {
			continue
		}
		return fmt.Sprintf("%s in the first screen may paint as much", parse.Describe(c.node())), &c
	}
	if best.bg == nil {
		return "", nil
	}
	for i := range a.doc.Refs {
		ref := &a.doc.Refs[i]
		if ref.Kind != parse.RefImage || ref.Loading == "lazy" || ref.Width > 0 || ref.Height > 0 {
			continue
		}
		p, ok := pos.get(ref.Node)
		if !ok || p.textBefore > firstScreenChars {
			continue
		}
		if iconLike(ref) {
			continue
		}
		return fmt.Sprintf("<img> %s of unknown size in the first screen may be the LCP", parse.Describe(ref.Node)), &lcpCand{pos: p, ref: ref}
	}
	return "", nil
}

// apart reports whether two media queries of shownMedia never match together (one is the
// other negated): two images of which each screen shows one do not compete.
func apart(m1, m2 string) bool {
	return m1 != "" && m2 != "" && (m1 == "not all and "+m2 || m2 == "not all and "+m1)
}

// iconLike reports images that are rarely the LCP: vector images and icons (logos are
// usually SVG), and images inside <nav>.
func iconLike(ref *parse.Ref) bool {
	u := strings.ToLower(ref.URL)
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if strings.HasSuffix(u, ".svg") || strings.HasSuffix(u, ".ico") {
		return true
	}
	for n := ref.Node.Parent; n != nil; n = n.Parent {
		if n.DataAtom == atom.Nav {
			return true
		}
	}
	return false
}
