package firstscreen

import (
	"fmt"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// The author's correction of the guess (docs/lcp.md): an element carrying Attr is the
// page's LCP element, and so is the first element that Page.Selector matches. The
// attribute wins over the selector. The kind follows from the element: an <img>, a
// <picture> or a <video poster> is an image, an element with a CSS background image a
// background, anything else text.

// markedGuess is the element the author marked (attribute or selector) as the page's
// LCP, when there is one.
func (a *estimator) markedGuess() (Guess, bool) {
	n := a.markedElement()
	how := "marked " + Attr
	if n == nil {
		sel := a.page.Selector
		if sel == "" {
			return Guess{}, false
		}
		m, err := cascadia.Compile(sel)
		if err != nil {
			a.notes = append(a.notes, fmt.Sprintf("LCP selector %q: %v", sel, err))
			return Guess{}, false
		}
		if n = cascadia.Query(a.doc.Root, m); n == nil {
			a.notes = append(a.notes, fmt.Sprintf("LCP selector %q matches no element: LCP guessed", sel))
			return Guess{}, false
		}
		how = fmt.Sprintf("selected by %q", sel)
	}
	return a.elementGuess(n, how), true
}

// markedElement is the page's first element carrying Attr, nil when none does: as the
// numbering found it, when the page was numbered (the cascade numbers it), else by a
// walk of the page.
func (a *estimator) markedElement() *html.Node {
	if a.pos == nil {
		return firstMarked(a.doc.Root)
	}
	// The numbering found the first numbered element carrying Attr; one in what it
	// left out may come before it.
	m := &a.marks
	for _, s := range m.skipped {
		if m.first != nil && s.after >= m.firstAt {
			break
		}
		if _, ok := parse.AttrOK(s.n, Attr); ok {
			return s.n
		}
		if x := firstMarked(s.n); x != nil {
			return x
		}
	}
	return m.first
}

// firstMarked is the first element under n, in document order, that carries Attr; nil
// when none does.
func firstMarked(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if _, ok := parse.AttrOK(c, Attr); ok {
			return c
		}
		if x := firstMarked(c); x != nil {
			return x
		}
	}
	return nil
}

// elementGuess is the guess of element n, its kind following from the element.
func (a *estimator) elementGuess(n *html.Node, how string) Guess {
	img := n
	if n.DataAtom == atom.Picture {
		img = nil
	}
	for i := range a.doc.Refs {
		ref := &a.doc.Refs[i]
		switch {
		case ref.Kind == parse.RefImage && (ref.Node == img || img == nil && ref.Picture == n),
			ref.Kind == parse.RefVideoPoster && ref.Node == n:
			return Guess{Kind: KindImage, Node: ref.Node, Image: ref, Marked: how}
		}
	}
	var bg *Background
	for i := range a.bgs {
		b := &a.bgs[i]
		if b.Node == n && (bg == nil || !style.SpecLess(b.spec, b.order, bg.spec, bg.order)) {
			bg = b
		}
	}
	if bg != nil {
		return Guess{Kind: KindBackground, Node: n, Background: bg, Marked: how}
	}
	return Guess{Kind: KindText, Node: n, Marked: how}
}
