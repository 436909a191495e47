package graph

import (
	"fmt"
	"strings"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// A <picture> whose sources differ by media is hinted with one preload per source, each
// with a media that matches exactly when the browser would take that source: the browser
// takes the first <source> whose media matches (and whose type it supports), so each
// hint's media excludes the media of every source before it, and the <img> fallback's
// excludes them all:
//
//	<source media="(min-width: 800px)" srcset=wide.jpg>   media="(min-width: 800px)"
//	<img src=narrow.jpg>                                  media="not all and (min-width: 800px)"
//
// With more than one earlier source the exclusion needs Media Queries 4 (`(not (...))`);
// a browser that cannot read it sees an invalid media, which matches nothing, and skips
// the preload. A source's type is copied to its hint: a browser that does not support the
// type skips that preload, and as every hint's media excludes all earlier sources whatever
// their type, a preload that is fetched is always the one the browser then uses (a browser
// without AVIF may go without a preload, never fetch one it does not use). A source whose
// media repeats an earlier one's (the same media in AVIF, WebP and JPEG) only ever
// matches for a browser that skipped the earlier one by type: it is not hinted. Media the
// exclusion cannot be written for (lists, not, or, print) leave the picture unhinted.

// pictureSource is one choice of a <picture>: a <source>, or the <img> last.
type pictureSource struct {
	url, srcset, sizes, typ string
	cond                    string // media condition, "" when it always matches
	media                   string // as written
}

// lcpPictureMedia hints the sources of the LCP <picture> of img, whose sources have
// media. It returns the site path of the first source hinted, false when none is.
func (a *analyzer) lcpPictureMedia(img *parse.Ref) (string, bool) {
	var srcs []pictureSource
	for i := range a.doc.Refs {
		s := &a.doc.Refs[i]
		if s.Kind != parse.RefPictureSource || s.Picture != img.Picture {
			continue
		}
		cs := parse.ParseSrcset(s.Srcset)
		if len(cs) == 0 {
			continue
		}
		cond, ok := style.MediaCondition(s.Media)
		if !ok {
			return "", false
		}
		srcs = append(srcs, pictureSource{url: cs[0].URL, srcset: s.Srcset, sizes: s.Sizes, typ: strings.ToLower(s.Type), cond: cond, media: s.Media})
	}
	u := img.URL
	if u == "" {
		if cs := parse.ParseSrcset(img.Srcset); len(cs) > 0 {
			u = cs[0].URL
		}
	}
	srcs = append(srcs, pictureSource{url: u, srcset: img.Srcset, sizes: img.Sizes})
	var earlier []string
	first := ""
	seen := map[string]bool{}
	for _, s := range srcs {
		dup := false
		for _, e := range earlier {
			dup = dup || e == s.cond
		}
		if dup || s.url == "" {
			continue
		}
		media := exclusiveMedia(s.cond, earlier)
		if s.cond != "" {
			earlier = append(earlier, s.cond)
		}
		p, ext, ok := a.res.resolve(s.url)
		if ok && ext != "" {
			a.addExternal(ext)
		}
		if ok && ext == "" && !seen[p] {
			seen[p] = true
			why := "LCP image: <img> of the LCP <picture>, when no <source> media matches"
			if s.media != "" {
				why = fmt.Sprintf("LCP image: <source media=%q> of the LCP <picture>", s.media)
			}
			r := a.add(p, KindImage, 1, EdgePictureSource, a.page.Path, true, why)
			r.Needed, r.LCP, r.Why = true, true, why
			a.order++
			r.order = a.order // hints in the order the browser tries the sources
			srcset := s.srcset
			if cs := parse.ParseSrcset(srcset); len(cs) == 1 && cs[0].Width == 0 && cs[0].Density == 0 {
				srcset = ""
			}
			r.Srcset, r.Sizes, r.Type, r.Media = srcset, s.sizes, s.typ, media
			r.CrossOrigin, r.FetchPriority = img.CrossOrigin, img.FetchPriority
			for _, c := range parse.ParseSrcset(srcset) {
				if cp, ext, ok := a.res.resolve(c.URL); ok && ext == "" {
					if _, ok := a.site.Stat(cp); !ok {
						a.note(a.page.Path, "missing file %s (srcset of the LCP image)", cp)
						r.Missing = true
					}
				}
			}
			if first == "" {
				first = p
			}
		}
		if s.cond == "" {
			break // always matches: nothing after it is ever taken
		}
	}
	return first, first != ""
}

// exclusiveMedia returns a media query that matches when cond does ("" = always) and none
// of the earlier conditions does.
func exclusiveMedia(cond string, earlier []string) string {
	switch {
	case len(earlier) == 0:
		return cond
	case cond == "" && len(earlier) == 1:
		return "not all and " + earlier[0] // Media Queries 3
	}
	var parts []string
	if cond != "" {
		parts = append(parts, cond)
	}
	for _, e := range earlier {
		if !oneGroup(e) {
			e = "(" + e + ")"
		}
		parts = append(parts, "(not "+e+")")
	}
	return strings.Join(parts, " and ")
}

// oneGroup reports whether a condition is a single parenthesised group.
func oneGroup(c string) bool {
	depth := 0
	for i, ch := range c {
		switch ch {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 && i != len(c)-1 {
				return false
			}
		}
	}
	return true
}
