package firstscreen

import (
	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// The guess is one element for every screen, but a page can show its hero only on some:
// a rule under @media hides it on phones (or shows it on wide screens only), or gives
// its block another background there. A preload with fetchpriority=high for an image
// that a screen does not show takes the link from that screen's real LCP. So the hint of
// such an image carries the media where it is shown (the browser skips a preload whose
// media does not match), and when that cannot be written the guess is unsure (no
// fetchpriority=high).

// shownMedia tells on which screens element n is laid out, by the display rules of n and
// its ancestors: never (display: none whatever the screen), always (media ""), or where
// media matches. ok is false when it cannot be told (display rules under more than one
// media query, or a media query style.MediaCondition cannot read).
func (a *estimator) shownMedia(n *html.Node) (media string, never, ok bool) {
	for p := n; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if _, hidden := parse.AttrOK(p, "hidden"); hidden {
			return "", true, true
		}
	}
	if a.fonts == nil {
		return "", false, true
	}
	var conds []string
	for p := n; p != nil && p.Type == html.ElementNode; p = p.Parent {
		cf, found := a.fonts.lookup(p)
		if !found || cf.display == "" {
			continue
		}
		cond, readable := style.MediaCondition(cf.displayMedia)
		if cf.displayMedia == "" || readable && cond == "" {
			if cf.display == "none" {
				return "", true, true
			}
			continue
		}
		hides, baseHides := cf.display == "none", cf.baseDisplay == "none"
		switch {
		case hides && baseHides:
			return "", true, true
		case hides == baseHides:
			continue // shown either way
		case !readable:
			return "", false, false
		case hides: // hidden where cond matches
			conds = append(conds, "not all and "+cond)
		default: // shown only where cond matches
			conds = append(conds, cond)
		}
	}
	switch len(conds) {
	case 0:
		return "", false, true
	case 1:
		return conds[0], false, true
	}
	return "", false, false
}

// bgMedia is shownMedia for a background: where both its block is shown and its rule's
// media matches. A background rule under @media is the winning one (the cascade takes
// the last and most specific rule), so elsewhere another rule's image, or none, shows.
func (a *estimator) bgMedia(b *Background) (media string, never, ok bool) {
	media, never, ok = a.shownMedia(b.Node)
	if never || !ok || b.media == "" {
		return media, never, ok
	}
	cond, readable := style.MediaCondition(b.media)
	switch {
	case !readable:
		return "", false, false
	case cond == "":
		return media, false, true
	case media != "":
		return "", false, false
	}
	return cond, false, true
}
