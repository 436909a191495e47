package graph

import (
	"fmt"
	"sort"
	"strings"

	"github.com/preloadgen/preloadgen/parse"
)

// The ranking policy (DESIGN.md §2). Bandwidth is the constraint on slow links, so what the
// LCP needs has first claim: the blocking CSS chain, then the LCP's image (fetchpriority
// high) or the font its text waits for. Everything else yields: on pages whose LCP is an
// image, other fonts and modules are hinted in the HTML at fetchpriority=low and left out
// of the Early Hints (a 103 sent before the HTML would start them ahead of the image), and
// a count, font and byte budget caps the rest.

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
	case r.External || r.Missing:
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
	sort.Slice(cands, func(i, j int) bool {
		ci, cj := cands[i], cands[j]
		if ci.group != cj.group {
			return ci.group < cj.group
		}
		// Discovery order: a chain is shortened from its top (hinting only the deepest
		// link of a chain leaves the chain as long as before).
		if ci.r.Depth != cj.r.Depth {
			return ci.r.Depth < cj.r.Depth
		}
		return ci.r.order < cj.r.order
	})
	imageLCP := a.page.LCP != nil && (a.page.LCP.Kind == "image" || a.page.LCP.Kind == "background")

	type budget struct {
		count, fonts int
		bytes        int64
	}
	fits := func(b *budget, c cand) bool {
		if c.group <= groupLCP {
			return true
		}
		if b.count >= a.opts.MaxPreloads {
			return false
		}
		if c.r.Kind == KindFont && b.fonts >= a.opts.MaxFonts {
			return false
		}
		return b.bytes+c.r.Bytes <= a.opts.MaxBytes
	}
	take := func(b *budget, c cand) {
		b.count++
		if c.r.Kind == KindFont {
			b.fonts++
		}
		if c.group != groupCSS {
			b.bytes += c.r.Bytes
		}
	}
	var htmlB, headB, prefB budget
	for _, c := range cands {
		r := c.r
		yield := imageLCP && (c.group == groupFont || c.group == groupModule)
		wantHTML := r.Depth >= 2 && !r.Preloaded
		if c.group == groupLCP && r.Kind == KindImage && r.Depth == 1 && r.FetchPriority == "" && !r.Preloaded {
			wantHTML = true // the one depth-1 exception: raise the LCP image's priority
		}
		wantHeader := c.group != groupPrefetch && !yield
		h := a.hint(r, c.group)
		if c.group == groupPrefetch {
			if wantHTML && prefB.count < a.opts.MaxPreloads {
				h.HTML = true
				prefB.count++
			}
		} else {
			if wantHTML && fits(&htmlB, c) {
				h.HTML = true
				take(&htmlB, c)
			}
			// A depth-1 resource in the headers costs no extra bytes (the HTML names it
			// anyway); the header only starts it during the server's think time.
			if wantHeader && (r.Depth == 1 || fits(&headB, c)) {
				h.Header = true
				if r.Depth > 1 {
					take(&headB, c)
				}
			}
		}
		if yield && h.HTML {
			h.FetchPriority = "low"
			h.Reason += "; yields to the LCP image (fetchpriority=low, not in Early Hints)"
		}
		if !h.HTML && !h.Header {
			if wantHTML || wantHeader {
				r.Why += " (over the budget: not hinted)"
			}
			continue
		}
		if h.HTML {
			h.SavedRTT = max(r.Depth-1, 0)
		}
		a.page.Hints = append(a.page.Hints, h)
	}
	a.page.SavedRTT = a.savedRTT()
}

func (a *analyzer) hint(r *Resource, group int) Hint {
	h := Hint{
		URL:      r.URL,
		Href:     a.hrefFor(r.URL),
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
		h.Type = r.Type
		if r.Srcset != "" {
			h.ImageSrcset, h.ImageSizes = r.Srcset, r.Sizes
			h.HeaderSrcset = a.srcsetAbsolute(r.Srcset)
		}
		if r.LCP {
			h.FetchPriority = "high"
			h.Reason = r.Why + "; fetchpriority=high"
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
// under basePath.
func LinkHref(h Hint, basePath string) string {
	return escapePath(strings.TrimSuffix(basePath, "/") + h.URL)
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
		parts = append(parts, escapePath(a.res.basePath+p)+d)
	}
	return strings.Join(parts, ", ")
}
