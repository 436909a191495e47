// Package verify loads a site's pages in headless Chromium and compares the LCP element the
// browser reports with the static guess.
//
// The static guess (graph.LCP, from preloadgen.Analyze) is made without layout: Chromium is
// the judge. For each page and viewport, verify serves the site on a loopback port, loads
// the page in a tab with the viewport emulated and the HTTP cache disabled, waits for the
// load event and a settle, and reads the last largest-contentful-paint entry. The entry's element
// is then compared with the guess (see Verdict) and the verdicts are summed up per viewport
// (see Summary).
package verify

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/measure"
	"github.com/preloadgen/preloadgen/style"
)

// Viewport is an emulated screen.
type Viewport struct {
	Name   string  `json:"name"`
	Width  int     `json:"width"`  // CSS pixels
	Height int     `json:"height"` // CSS pixels
	Scale  float64 `json:"scale"`  // device pixel ratio
	Mobile bool    `json:"mobile"` // mobile emulation: meta viewport honoured, touch events
}

// The default viewports: the screens the estimate lays pages out on (style.Phone, a large
// phone, and style.Laptop, a common laptop window).
var (
	Phone   = viewportOf(style.Phone())
	Desktop = viewportOf(style.Laptop())
)

func viewportOf(s style.Screen) Viewport {
	return Viewport{Name: s.Name, Width: int(s.Width), Height: int(s.Height), Scale: s.Scale, Mobile: s.Mobile}
}

// ErrNoChrome is returned when no Chromium binary can be found.
var ErrNoChrome = measure.ErrNoChrome

// Options configure a run.
type Options struct {
	// Dir is the site's root directory.
	Dir string
	// Pages lists the site paths to load ("/posts/a/index.html"); default all pages.
	Pages []string
	// Viewports default to Phone and Desktop.
	Viewports []Viewport
	// Chrome is the Chromium binary; default the first one found (see measure.FindChrome).
	Chrome string
	// Analysis configures the static analysis whose guess is judged (its Dir is set to
	// Dir, its Each and OnPage are ignored). Use the same options as analyze.
	Analysis preloadgen.Options
	// Settle is how long no new LCP entry must have come, after the load event, web fonts
	// and the images in the viewport, before the last one is read; default 500ms.
	Settle time.Duration
	// Tabs bounds the pages loaded at once; default 2.
	Tabs int
}

// Element is the LCP element as the browser reports it.
type Element struct {
	Kind    string   `json:"kind"`              // image, background, text
	URL     string   `json:"url,omitempty"`     // image and background: site path (or absolute URL of other origins)
	Element string   `json:"element"`           // tag#id.class
	Tag     string   `json:"tag"`               // lower case
	ID      string   `json:"id,omitempty"`      //
	Classes []string `json:"classes,omitempty"` //
	Path    string   `json:"path"`              // unique CSS path: html>body>main:nth-of-type(1)>h1:nth-of-type(1)
	Text    string   `json:"text,omitempty"`    // the element's text, first 60 characters
	Size    float64  `json:"size"`              // the entry's size (painted area, CSS px²)

	parentPath string
	fullText   string // up to 300 characters, whitespace collapsed
}

// Verdict is how the static guess compares with the browser's LCP element.
type Verdict string

const (
	// SameElement: the guess is the reported element (for images and backgrounds: the
	// same URL, counting any candidate of the guessed element's srcset).
	SameElement Verdict = "same element"
	// Ancestor: the guess is the reported element's parent, or its child.
	Ancestor Verdict = "ancestor"
	// SameKind: the guess is of the same kind (image, background, text) but another element.
	SameKind Verdict = "same kind only"
	// DifferentKind: the guess is of another kind, or there is no guess.
	DifferentKind Verdict = "different kind"
	// NoLCP: the browser reported no LCP entry.
	NoLCP Verdict = "no LCP reported"
)

// Check is the outcome for one page in one viewport.
type Check struct {
	Page     string     `json:"page"`
	Viewport string     `json:"viewport"`
	Browser  *Element   `json:"browser,omitempty"` // nil: no LCP reported
	Guess    *graph.LCP `json:"guess,omitempty"`   // nil: no guess
	Verdict  Verdict    `json:"verdict"`
	// ImageRight is set when the browser's LCP is an image or background and the guess
	// names the same URL.
	ImageRight bool   `json:"image_right,omitempty"`
	Error      string `json:"error,omitempty"` // the page could not be loaded
}

// Agree reports whether the guess is the element or its nearest ancestor.
func (c Check) Agree() bool { return c.Verdict == SameElement || c.Verdict == Ancestor }

// Summary sums up the checks of one viewport (or all, Viewport "all").
type Summary struct {
	Viewport string `json:"viewport"`
	Pages    int    `json:"pages"` // checks counted (loaded pages)
	// Images counts the checks whose browser LCP is an image or a background, ImageRight
	// those among them the guess names by URL.
	Images     int `json:"images"`
	ImageRight int `json:"image_right"`
	// Texts counts the checks whose browser LCP is text, TextAsText those among them
	// guessed as text.
	Texts      int `json:"texts"`
	TextAsText int `json:"text_as_text"`
	// SameElement counts the checks of verdict SameElement or Ancestor.
	SameElement int `json:"same_element"`
	NoLCP       int `json:"no_lcp"`
	Errors      int `json:"errors"`
}

// Ratios returns image right, text as text and same element as fractions (1 when the
// denominator is 0).
func (s Summary) Ratios() (imageRight, textAsText, sameElement float64) {
	r := func(n, d int) float64 {
		if d == 0 {
			return 1
		}
		return float64(n) / float64(d)
	}
	return r(s.ImageRight, s.Images), r(s.TextAsText, s.Texts), r(s.SameElement, s.Pages)
}

// Result is the outcome of a run.
type Result struct {
	Chrome string `json:"chrome"` // the browser's version string
	// Fonts names the faces the generic families were drawn in: "liberation" (Arial's,
	// Times New Roman's and Courier New's widths, as visitors' systems draw them) or
	// "system" (the machine's fallback, DejaVu on most Linux machines: a fifth wider,
	// which moves near ties between blocks of text); see fonts.go.
	Fonts     string     `json:"fonts"`
	Viewports []Viewport `json:"viewports"`
	Checks    []Check    `json:"checks"`  // by page, then viewport in Options order
	Summary   []Summary  `json:"summary"` // one per viewport, then "all"
}

// Disagreements returns the checks whose verdict is not SameElement.
func (r *Result) Disagreements() []Check {
	var out []Check
	for _, c := range r.Checks {
		if c.Verdict != SameElement {
			out = append(out, c)
		}
	}
	return out
}

// Run analyses the site, loads its pages in Chromium and compares.
func Run(ctx context.Context, o Options) (*Result, error) {
	chrome, err := measure.FindChrome(o.Chrome)
	if err != nil {
		return nil, err
	}
	if o.Dir == "" {
		return nil, fmt.Errorf("no site directory given")
	}
	if st, err := os.Stat(o.Dir); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", o.Dir)
	}
	b, err := startBrowser(ctx, chrome)
	if err != nil {
		return nil, err
	}
	defer b.close()
	return run(ctx, b, o)
}

// run is Run with a browser already started.
func run(ctx context.Context, b *chrome, o Options) (*Result, error) {
	if len(o.Viewports) == 0 {
		o.Viewports = []Viewport{Phone, Desktop}
	}
	if o.Settle <= 0 {
		o.Settle = 500 * time.Millisecond
	}
	if o.Tabs <= 0 {
		o.Tabs = 2
	}
	ao := o.Analysis
	ao.Source.Dir, ao.Source.FS = o.Dir, nil
	var ares *preloadgen.Result
	var err error
	if len(o.Pages) > 0 {
		ares, err = preloadgen.AnalyzePages(ctx, ao, o.Pages)
	} else {
		ares, err = preloadgen.Analyze(ctx, ao)
	}
	if err != nil {
		return nil, err
	}
	pages := map[string]*graph.Page{}
	var paths []string
	for _, p := range ares.Pages {
		pages[p.Path] = p
		paths = append(paths, p.Path)
	}
	sort.Strings(paths)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	// A site built for a URL prefix (-base-path) is served under it, so its absolute
	// references resolve.
	var h http.Handler = http.FileServer(http.Dir(o.Dir))
	base := strings.TrimSuffix(ao.Source.BasePath, "/")
	if base != "" {
		h = http.StripPrefix(base, h)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	origin := "http://" + ln.Addr().String() + base

	res := &Result{Chrome: b.version, Fonts: "system", Viewports: o.Viewports}
	if HaveLiberation() {
		res.Fonts = "liberation"
	}
	// Jobs go by viewport, then page: each worker keeps one tab per viewport it meets.
	checks := make([]Check, len(paths)*len(o.Viewports))
	jobs := make(chan int)
	errs := make(chan error, o.Tabs)
	for w := 0; w < o.Tabs; w++ {
		go func() {
			tabs := map[string]*tab{}
			defer func() {
				for _, t := range tabs {
					t.close()
				}
			}()
			var werr error
			for i := range jobs {
				if werr != nil {
					continue
				}
				vp := o.Viewports[i/len(paths)]
				p := pages[paths[i%len(paths)]]
				t := tabs[vp.Name]
				if t == nil {
					if t, werr = b.openTab(vp); werr != nil {
						continue
					}
					tabs[vp.Name] = t
				}
				c := Check{Page: p.Path, Viewport: vp.Name, Guess: guessFor(p.LCP, vp)}
				el, err := t.lcp(ctx, origin, pageURL(p.Path), o.Settle)
				if err != nil {
					c.Error = err.Error()
					// A failed load may leave the tab in any state: use a new one.
					t.close()
					delete(tabs, vp.Name)
				} else {
					if el != nil {
						el.URL = sitePath(origin, el.URL)
					}
					c.Browser = el
					judge(&c, p)
				}
				checks[len(o.Viewports)*(i%len(paths))+i/len(paths)] = c
			}
			errs <- werr
		}()
	}
feed:
	for i := range checks {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	var werr error
	for w := 0; w < o.Tabs; w++ {
		if err := <-errs; err != nil && werr == nil {
			werr = err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if werr != nil {
		return nil, werr
	}
	res.Checks = checks
	res.Summary = summarize(o.Viewports, checks)
	return res, nil
}

// guessFor is the guess for viewport vp: the phone's own (graph.LCP.Phone) on a screen
// narrower than 768 CSS px, where the guess's hint is not raised.
func guessFor(g *graph.LCP, vp Viewport) *graph.LCP {
	if g != nil && g.Phone != nil && vp.Width < 768 {
		return g.Phone
	}
	return g
}

// pageURL is the URL path a site path is served at: directory indexes by their directory.
func pageURL(sitePath string) string {
	if strings.HasSuffix(sitePath, "/index.html") {
		return strings.TrimSuffix(sitePath, "index.html")
	}
	return sitePath
}

func summarize(vps []Viewport, checks []Check) []Summary {
	var out []Summary
	all := Summary{Viewport: "all"}
	for _, vp := range vps {
		s := Summary{Viewport: vp.Name}
		for _, c := range checks {
			if c.Viewport == vp.Name {
				s.add(c)
				all.add(c)
			}
		}
		out = append(out, s)
	}
	return append(out, all)
}

func (s *Summary) add(c Check) {
	if c.Error != "" {
		s.Errors++
		return
	}
	s.Pages++
	if c.Agree() {
		s.SameElement++
	}
	if c.Browser == nil {
		s.NoLCP++
		return
	}
	switch c.Browser.Kind {
	case "image", "background":
		s.Images++
		if c.ImageRight {
			s.ImageRight++
		}
	case "text":
		s.Texts++
		if c.Guess != nil && c.Guess.Kind == "text" {
			s.TextAsText++
		}
	}
}
