package verify

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/preloadgen/preloadgen/graph"
)

// ParseViewports reads a comma-separated list of screens: "phone" (412x915, device pixel
// ratio 2.625, mobile), "desktop" (1350x940), or WIDTHxHEIGHT in CSS pixels with an
// optional @SCALE (device pixel ratio) and a trailing "m" for mobile emulation, as in
// "390x844@3m" or "1920x1080". Names must be distinct.
func ParseViewports(s string) ([]Viewport, error) {
	var out []Viewport
	seen := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		var vp Viewport
		switch f {
		case "":
			continue
		case "phone":
			vp = Phone
		case "desktop":
			vp = Desktop
		default:
			var err error
			if vp, err = parseSize(f); err != nil {
				return nil, err
			}
		}
		if seen[vp.Name] {
			return nil, fmt.Errorf("viewport %q given twice", vp.Name)
		}
		seen[vp.Name] = true
		out = append(out, vp)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no viewport given (want phone, desktop or WIDTHxHEIGHT[@SCALE][m])")
	}
	return out, nil
}

func parseSize(f string) (Viewport, error) {
	bad := fmt.Errorf("viewport %q: want phone, desktop or WIDTHxHEIGHT[@SCALE][m], e.g. 390x844@3m", f)
	vp := Viewport{Name: f, Scale: 1}
	s, mobile := strings.CutSuffix(f, "m")
	vp.Mobile = mobile
	s, scale, hasScale := strings.Cut(s, "@")
	w, h, ok := strings.Cut(s, "x")
	if !ok {
		return vp, bad
	}
	var err error
	if vp.Width, err = strconv.Atoi(w); err != nil || vp.Width < 1 || vp.Width > 10000 {
		return vp, bad
	}
	if vp.Height, err = strconv.Atoi(h); err != nil || vp.Height < 1 || vp.Height > 10000 {
		return vp, bad
	}
	if hasScale {
		if vp.Scale, err = strconv.ParseFloat(scale, 64); err != nil || vp.Scale <= 0 || vp.Scale > 10 {
			return vp, bad
		}
	}
	return vp, nil
}

// PageMatches reports whether the page at site path p matches one of the globs, as the
// settings file's "lcp" globs match (graph.LCPSelector): against its site path
// ("/blog/a/index.html") or the URL it is served at ("/blog/a/", "/blog/a"), with "**"
// matching any number of segments. No globs match every page.
func PageMatches(globs []string, p string) bool {
	if len(globs) == 0 {
		return true
	}
	m := map[string]string{}
	for _, g := range globs {
		m[g] = "x"
	}
	return graph.LCPSelector(m, p) != ""
}

// ParsePageGlobs splits a comma-separated list of page globs, checking each.
func ParsePageGlobs(s string) ([]string, error) {
	var out []string
	for _, g := range strings.Split(s, ",") {
		if g = strings.TrimSpace(g); g == "" {
			continue
		}
		if !strings.HasPrefix(g, "/") && !strings.HasPrefix(g, "*") {
			g = "/" + g
		}
		for _, seg := range strings.Split(g, "/") {
			if seg == "**" {
				continue
			}
			if _, err := pathMatch(seg); err != nil {
				return nil, fmt.Errorf("page glob %q: %v", g, err)
			}
		}
		out = append(out, g)
	}
	return out, nil
}

// pathMatch checks a glob segment's syntax.
func pathMatch(seg string) (bool, error) { return path.Match(seg, "") }
