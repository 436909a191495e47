package graph

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/preloadgen/preloadgen/parse"
)

// The ranking policy (docs/design.md §2). Bandwidth is the constraint on slow links, so what the
// LCP needs has first claim: the blocking CSS chain, then the LCP's image (fetchpriority
// high) or the font its text waits for. Everything else yields: on pages whose LCP is an
// image, other fonts and modules are hinted in the HTML at fetchpriority=low and left out
// of the Early Hints (a 103 sent before the HTML would start them ahead of the image), and
// a count, font and byte budget caps the rest.
//
// The 103 set (docs/early-hints.md): Go's HTTP/2 server and Caddy's send concurrent streams
// in turn, one frame each, whatever the browser's priorities, so whatever of the 103 is
// still arriving when the HTML starts halves the HTML's share of the link. The blocking CSS
// (and sync scripts) and the fonts the LCP text waits for always go in: the first paint
// needs them whenever they come. The LCP image and the hints that yield go in only if they
// fit, after those, in the early window ((think - RTT) x rate, Options.earlyWindow), so
// that they are done before the HTML starts; a server that honours priorities
// (EarlyPriorities) takes the LCP image whatever its size.

// Rank groups, in order of claim on the link.
const (
	groupCSS = iota
	groupLCP
	groupFont
	groupModule
	groupScript
	groupPrefetch
)

func (a *analyzer) group(r *Resource) (int, bool) {
	switch {
	case r.External || r.Missing || r.noHint != "":
		return 0, false
	case r.Dynamic && !r.Needed:
		return groupPrefetch, a.opts.Prefetch && r.Kind == KindModule
	case !r.Needed:
		return 0, false
	case r.Kind == KindStyle:
		return groupCSS, true
	case r.LCP && r.Kind == KindImage:
		return groupLCP, true
	case r.LCP && r.Kind == KindFont && (r.FontDisplay == "auto" || r.FontDisplay == "block" || r.FontDisplay == ""):
		return groupLCP, true
	case r.Kind == KindFont:
		return groupFont, true
	case r.Kind == KindModule:
		return groupModule, true
	case r.Kind == KindScript:
		return groupScript, true
	}
	return 0, false
}

type cand struct {
	r     *Resource
	group int
}

func (a *analyzer) rank() {
	var cands []cand
	for _, r := range a.byURL {
		if g, ok := a.group(r); ok {
			cands = append(cands, cand{r, g})
		}
	}
	slices.SortFunc(cands, func(ci, cj cand) int {
		if c := cmp.Compare(ci.group, cj.group); c != 0 {
			return c
		}
		// Within a group, what the LCP element needs first: the faces of the LCP text
		// (font-display swap, so in the font group) before other used faces.
		if ci.r.LCP != cj.r.LCP {
			if ci.r.LCP {
				return -1
			}
			return 1
		}
		// Discovery order: a chain is shortened from its top (hinting only the deepest
		// link of a chain leaves the chain as long as before). order is unique, so the
		// order is total and any sort gives it.
		if c := cmp.Compare(ci.r.Depth, cj.r.Depth); c != 0 {
			return c
		}
		return cmp.Compare(ci.r.order, cj.r.order)
	})
	// What yields stays out of the way of an LCP image only where there is one to make
	// way for: a sure guess, larger than the yield budget (a smaller one arrives within
	// the first round trip anyway). Under an unsure guess the LCP may be text, whose
	// fonts would then be held back for nothing.
	imageLCP := a.page.LCP != nil && (a.page.LCP.Kind == LCPImage || a.page.LCP.Kind == LCPBackground) && a.lcpSure()
	if imageLCP {
		if r := a.byURL[a.page.LCP.URL]; r != nil && r.Bytes > 0 && r.Bytes <= a.opts.YieldBytes {
			imageLCP = false
		}
	}

	type budget struct {
		count, fonts int
		bytes        int64
		yield        int64 // bytes of hints that do not serve the first paint or the LCP
		own          int   // of count, the page's own preloads (tags only)
	}
	// over returns the budget c does not fit in b, "" when it fits.
	over := func(b *budget, c cand, yields bool) string {
		if b.own > 0 && b.count >= a.opts.MaxPreloads {
			// The page's own preloads take their share first, even from the CSS chain
			// and the LCP: a page's tags, the author's and ours, keep to one budget
			// (audit's hint-budget counts them together).
			return fmt.Sprintf("over the hint budget (%d per page, %d of them the page's own preloads)", a.opts.MaxPreloads, b.own)
		}
		if c.group < groupLCP || c.group == groupScript {
			return ""
		}
		if c.r.Kind == KindFont && b.fonts >= a.opts.MaxFonts {
			// The font cap holds for the LCP's fonts too: a headline that spans many
			// unicode-range subsets (CJK) must not get dozens of font preloads.
			return fmt.Sprintf("over the font budget (%d per page)", a.opts.MaxFonts)
		}
		if c.group == groupLCP {
			// First claim, past the count and byte budgets. That cannot crowd the page
			// out: the LCP claims one image download (the hints of a <picture>'s
			// sources have mutually exclusive media, picture.go, so one is fetched) or
			// at most MaxFonts fonts (above), and what it takes is counted (take), so
			// the later groups get only what is left of MaxPreloads and MaxBytes. An
			// LCP image larger than MaxBytes is still hinted: the LCP waits for it
			// anyway, and the preload only starts it sooner.
			return ""
		}
		if b.count >= a.opts.MaxPreloads {
			return fmt.Sprintf("over the hint budget (%d per page)", a.opts.MaxPreloads)
		}
		if yields && b.yield+c.r.Bytes > a.opts.YieldBytes {
			return fmt.Sprintf("the first paint and the LCP do not wait for it, and it does not fit the %d-byte budget for such hints", a.opts.YieldBytes)
		}
		if b.bytes+c.r.Bytes > a.opts.MaxBytes {
			return fmt.Sprintf("over the byte budget (%d bytes per page)", a.opts.MaxBytes)
		}
		return ""
	}
	take := func(b *budget, c cand, yields bool) {
		b.count++
		if c.r.Kind == KindFont {
			b.fonts++
		}
		if c.group != groupCSS {
			b.bytes += c.r.Bytes
		}
		if yields {
			b.yield += c.r.Bytes
		}
	}
	var htmlB, headB, prefB budget
	htmlB.own, htmlB.bytes = a.ownPreloads()
	htmlB.count = htmlB.own
	// The early window, and the bytes of the 103 that always go in (the blocking CSS and
	// scripts, the fonts the LCP text waits for): what else the 103 carries fits after them.
	window := a.opts.earlyWindow()
	var early int64
	for _, c := range cands {
		if (c.group == groupCSS || c.group == groupScript || c.group == groupLCP && c.r.Kind == KindFont) && c.r.Integrity == "" {
			early += c.r.Bytes
		}
	}
	// late returns why c, which the 103 takes only if it fits the early window, stays out;
	// "" when it fits.
	late := func(c cand) string {
		if early+c.r.Bytes <= window {
			return ""
		}
		return fmt.Sprintf("not in Early Hints: %d bytes with what goes first, over the %d-byte early window", early+c.r.Bytes, window)
	}
	// The page's own prefetches (page.go puts what only they name at depth 99, past any
	// wave): a chunk the page prefetches already gets no second prefetch.
	prefetched := map[string]bool{}
	for i := range a.doc.Refs {
		if ref := &a.doc.Refs[i]; ref.Kind == parse.RefPrefetch {
			if p, ext, ok := a.res.resolve(ref.URL); ok && ext == "" {
				prefetched[p] = true
			}
		}
	}
	for _, c := range cands {
		r := c.r
		// Fonts the LCP does not wait for and modules are not needed for the first paint
		// or the LCP: their preloads share the link with what is, so together they get
		// no more than YieldBytes (about one initial congestion window), the smallest
		// savings per byte first left out.
		yields := c.group == groupFont || c.group == groupModule
		wantHTML := r.Depth >= 2 && !r.Preloaded
		if c.group == groupLCP && r.Kind == KindImage && r.Depth == 1 {
			// The one depth-1 exception: raise the LCP image's priority, unless the page
			// already does or it arrives within the first round trip anyway, or the guess
			// is unsure (lcpDoubt). A lazy LCP image is preloaded even then: the browser
			// would start it only after layout.
			lazy := a.page.LCP != nil && a.page.LCP.Lazy
			wantHTML = !r.Preloaded && (lazy || a.lcpSure() && r.FetchPriority == "" && r.Bytes > a.opts.YieldBytes)
		}
		wantHeader := c.group != groupPrefetch && !(yields && imageLCP)
		lcpImage := c.group == groupLCP && r.Kind == KindImage
		if lcpImage && r.Srcset != "" {
			// A Link header cannot make the browser pick the srcset candidate its <img>
			// picks, and Chromium ignores such a hint in a 103 (measured: the hero was
			// fetched only after the body), so the header would only cost bytes.
			wantHeader = false
		}
		if r.Integrity != "" {
			// A Link value carries no integrity, so Chromium does not use the preload for
			// an element with one: measured on Hugo's fingerprinted stylesheet, every 103
			// visit warned "not used due to an integrity mismatch" and fetched the CSS
			// twice. The page's own tag carries it (hint).
			wantHeader = false
		}
		// In a 103, an image too large for the early window starts before the HTML and
		// keeps coming after it, and the server, sending streams in turn, slows the HTML
		// and the first paint with it (measured on Go: a 78 KB banner in the 103 gave FCP
		// x1.28; docs/early-hints.md). The page's own preload then starts it with the head,
		// after the blocking CSS that the 103 did fetch. The same holds for what yields.
		windowed := lcpImage && !a.opts.EarlyPriorities || yields
		var lateWhy string // why the early window kept it out of the headers
		h := a.hint(r, c.group)
		var refused string // the budget that kept it out: of the HTML when it wants a tag, else of the headers
		if c.group == groupPrefetch {
			// A dynamic chunk is fetched only when its import() runs, whatever its depth
			// (an inline module's chunks are at depth 1): a prefetch pays off at any depth.
			wantHTML = !r.Preloaded && !prefetched[r.URL]
			if wantHTML && prefB.count < a.opts.MaxPreloads {
				h.HTML = true
				prefB.count++
			} else if wantHTML {
				refused = fmt.Sprintf("over the hint budget (%d per page)", a.opts.MaxPreloads)
			}
		} else {
			if wantHTML {
				if refused = over(&htmlB, c, yields); refused == "" {
					h.HTML = true
					take(&htmlB, c, yields)
				}
			}
			// A needed depth-1 resource in the headers costs no extra bytes (the HTML names
			// it anyway); the header only starts it during the server's think time. Those
			// that yield still count against the yield budget.
			if wantHeader {
				free := r.Depth == 1 && !yields
				o := ""
				if !free {
					o = over(&headB, c, yields)
				}
				if o == "" && windowed {
					lateWhy = late(c)
					o = lateWhy
				}
				switch {
				case o == "":
					h.Header = true
					if !free {
						take(&headB, c, yields)
					}
					if lcpImage || yields {
						early += r.Bytes
					}
				case refused == "":
					refused = o
				}
			}
		}
		if lcpImage && lateWhy != "" && h.HTML {
			h.Reason += "; " + lateWhy
		}
		if yields && h.HTML {
			h.FetchPriority = "low"
			if imageLCP {
				h.Reason += "; yields to the LCP image (fetchpriority=low, not in Early Hints)"
			} else {
				h.Reason += "; not needed for the first paint (fetchpriority=low)"
			}
		}
		if !h.HTML && !h.Header {
			if refused != "" {
				r.Why += " (not hinted: " + refused + ")"
			}
			continue
		}
		if h.HTML {
			h.SavedRTT = max(r.Depth-1, 0)
		}
		a.page.Hints = append(a.page.Hints, h)
	}
	a.page.SavedRTT = a.savedRTT()
	a.page.Saving = a.saving()
}

// ownPreloads counts the page's own preload and modulepreload tags (one per URL, each
// one of another origin; not rel="preload stylesheet", which is a stylesheet) and their
// bytes outside the blocking CSS and what the LCP needs, as audit's hint-budget does:
// they share the page's budget with the tags a build adds.
func (a *analyzer) ownPreloads() (n int, bytes int64) {
	sheets := map[string]bool{}
	for i := range a.doc.Refs {
		if ref := &a.doc.Refs[i]; ref.Kind == parse.RefStylesheet && ref.Preloaded {
			sheets[ref.URL] = true
		}
	}
	seen := map[string]bool{}
	for i := range a.doc.Refs {
		ref := &a.doc.Refs[i]
		if ref.Kind != parse.RefPreload && ref.Kind != parse.RefModulePreload || sheets[ref.URL] {
			continue
		}
		p, ext, ok := a.res.resolve(ref.URL)
		switch {
		case !ok:
		case ext != "":
			n++
		case !seen[p]:
			seen[p] = true
			n++
			if r := a.byURL[p]; r != nil && !r.LCP && !(r.Kind == KindStyle && r.Needed) {
				bytes += r.Bytes
			}
		}
	}
	return n, bytes
}

func (a *analyzer) hint(r *Resource, group int) Hint {
	h := Hint{
		URL:      r.URL,
		Href:     a.res.withQuery(a.hrefFor(r.URL), r.URL),
		Query:    a.res.query[r.URL],
		Rel:      "preload",
		Depth:    r.Depth,
		Bytes:    r.Bytes,
		Reason:   r.Why,
		Priority: group,
	}
	switch r.Kind {
	case KindStyle:
		h.As, h.Media, h.CrossOrigin = "style", r.Media, r.CrossOrigin
		if r.Depth == 1 {
			h.Integrity = r.Integrity
		}
		h.Nonce = a.nonce["style"]
	case KindFont:
		h.As, h.Type, h.CrossOrigin = "font", r.Type, "anonymous"
	case KindImage:
		h.As, h.CrossOrigin = "image", r.CrossOrigin
		h.Type, h.Media = r.Type, r.Media
		if r.Srcset != "" {
			h.ImageSrcset, h.ImageSizes = r.Srcset, r.Sizes
			h.HeaderSrcset = a.srcsetAbsolute(r.Srcset)
		}
		if r.LCP && a.lcpSure() {
			h.FetchPriority = "high"
			h.Reason = r.Why + "; fetchpriority=high"
		} else if r.LCP {
			h.Reason = r.Why + "; no fetchpriority=high, the guess is unsure: " + a.page.LCP.Unsure
		}
	case KindModule:
		h.Rel, h.CrossOrigin = "modulepreload", r.CrossOrigin
		if r.Depth == 1 {
			h.Integrity = r.Integrity
		}
		h.Nonce = a.nonce["script"]
	case KindScript:
		h.As, h.CrossOrigin = "script", r.CrossOrigin
		h.Integrity = r.Integrity
		h.Nonce = a.nonce["script"]
	}
	if group == groupPrefetch {
		h.Rel, h.As, h.Nonce = "prefetch", "", ""
		h.Reason = "dynamic import() chunk, prefetched at idle priority (-prefetch)"
	}
	return h
}

// savedRTT compares the critical path's length in waves before and after the HTML hints.
func (a *analyzer) savedRTT() int {
	hinted := map[string]bool{}
	for _, h := range a.page.Hints {
		if h.HTML {
			hinted[h.URL] = true
		}
	}
	memo := map[string]int{}
	var eff func(r *Resource, guard int) int
	eff = func(r *Resource, guard int) int {
		if v, ok := memo[r.URL]; ok {
			return v
		}
		d := r.Depth
		switch {
		case hinted[r.URL]:
			d = 1
		case r.Depth <= 1 || guard > 64:
		default:
			if p, ok := a.byURL[r.Via]; ok && p.Depth < r.Depth {
				d = eff(p, guard+1) + 1
			}
		}
		memo[r.URL] = d
		return d
	}
	before, after := 0, 0
	for _, r := range a.byURL {
		if !r.Needed || r.External {
			continue
		}
		before = max(before, r.Depth)
		after = max(after, eff(r, 0))
	}
	return before - after
}

// LinkHref returns the URL of a hint for a Link header: the site path, percent-encoded,
// under basePath, with the query the page requests it with.
func LinkHref(h Hint, basePath string) string {
	href := escapePath(strings.TrimSuffix(basePath, "/") + h.URL)
	if h.Query != "" {
		href += "?" + h.Query
	}
	return href
}

// srcsetAbsolute rewrites a srcset so that each URL is an absolute, encoded site path.
func (a *analyzer) srcsetAbsolute(s string) string {
	var parts []string
	for _, c := range parse.ParseSrcset(s) {
		p, ext, ok := a.res.resolve(c.URL)
		if !ok || ext != "" {
			return ""
		}
		d := ""
		if c.Width > 0 {
			d = fmt.Sprintf(" %dw", c.Width)
		} else if c.Density > 0 {
			d = fmt.Sprintf(" %gx", c.Density)
		}
		href := escapePath(a.res.basePath + p)
		if u, err := url.Parse(strings.TrimSpace(c.URL)); err == nil && u.RawQuery != "" {
			href += "?" + u.RawQuery
		}
		parts = append(parts, href+d)
	}
	return strings.Join(parts, ", ")
}
