package speculate

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/preloadgen/preloadgen/graph"
)

// Mode says what the rules ask for. The zero value writes none.
type Mode int

const (
	Off       Mode = iota
	Prefetch       // fetch the next page's document
	Prerender      // render the next page in the background (and prefetch first)
)

// ParseMode reads "off", "prefetch" or "prerender".
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "off":
		return Off, nil
	case "prefetch":
		return Prefetch, nil
	case "prerender":
		return Prerender, nil
	}
	return Off, fmt.Errorf("speculation %q: want off, prefetch or prerender", s)
}

func (m Mode) String() string { return [...]string{"off", "prefetch", "prerender"}[m] }

// Via says how pages get the rules. The zero value writes them into each page.
type Via int

const (
	ViaInline Via = iota // a <script type=speculationrules> in each page's block
	ViaHeader            // one rules file, named by a Speculation-Rules header
)

// ParseVia reads "inline" or "header".
func ParseVia(s string) (Via, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "inline":
		return ViaInline, nil
	case "header":
		return ViaHeader, nil
	}
	return ViaInline, fmt.Errorf("speculation delivery %q: want inline or header", s)
}

// Eagerness is a rule's eagerness; "" means the default for its kind.
type Eagerness string

const (
	Immediate    Eagerness = "immediate"
	Eager        Eagerness = "eager"
	Moderate     Eagerness = "moderate" // on hover (200 ms) or pointer down
	Conservative Eagerness = "conservative"
)

// ParseEagerness reads an eagerness ("" is the default).
func ParseEagerness(s string) (Eagerness, error) {
	switch e := Eagerness(strings.ToLower(strings.TrimSpace(s))); e {
	case "", Immediate, Eager, Moderate, Conservative:
		return e, nil
	}
	return "", fmt.Errorf("eagerness %q: want immediate, eager, moderate or conservative", s)
}

func (e Eagerness) or(d Eagerness) Eagerness {
	if e == "" {
		return d
	}
	return e
}

// FileName is the rules file's name in the site's root (under the base path when served).
const FileName = "speculationrules.json"

// Options configure the rules.
type Options struct {
	Mode Mode
	Via  Via
	// Eagerness of the Mode's rule; default moderate for prefetch, conservative for
	// prerender. PrefetchEagerness is that of the prefetch rule that goes with prerender
	// (default moderate).
	Eagerness, PrefetchEagerness Eagerness
	// BasePath is the URL prefix the site is served under ("/docs"; "" for the root).
	BasePath string
	// Exclude lists globs ("/search/**") over pages' site paths and the URL paths links
	// name them by (below the base path): such pages are never speculated.
	Exclude []string
	// NoPrerender lists globs over script URLs (resolved, below the base path, or as
	// written for other origins): a page that loads a matching script is prefetched,
	// never prerendered.
	NoPrerender []string
	// AllowQuery lets links with a query string be speculated.
	AllowQuery bool
}

func (o *Options) eagerness() Eagerness {
	if o.Mode == Prerender {
		return o.Eagerness.or(Conservative)
	}
	return o.Eagerness.or(Moderate)
}

// Plan is the rules for one site.
type Plan struct {
	o       Options
	s       site
	pages   map[string]*pagePlan // by site path
	targets map[string]bool      // every page's targets
	// noPrerender holds the URL paths of target pages whose scripts rule out prerender.
	noPrerender map[string]bool
}

// scanned is one page's scan for a plan.
type scanned struct {
	page  string
	facts Facts
	err   error
}

type pagePlan struct {
	facts   Facts
	targets []string // URL paths, sorted, the page itself left out
}

// PageRead reads one page's bytes (without our block).
type PageRead func(sitePath string) ([]byte, error)

// Scans keeps each page's Facts between plans (watch), so a plan after a change reads and
// scans only the pages marked changed since. A page's Facts depend on its bytes alone;
// what its links name is worked out again by each plan, from the site's pages as they are
// then. It is not safe for concurrent use.
type Scans struct {
	facts map[string]Facts // by site path; Links hold only distinct hrefs
	reads int
}

// NewScans returns an empty store.
func NewScans() *Scans { return &Scans{facts: map[string]Facts{}} }

// Changed marks a site path as changed: the page of that path, or every page under it when
// it names a directory ("/docs", "/"), is read again by the next plan.
func (s *Scans) Changed(sitePath string) {
	p := path.Clean("/" + strings.TrimPrefix(sitePath, "/"))
	dir := strings.TrimSuffix(p, "/") + "/"
	for pg := range s.facts {
		if pg == p || strings.HasPrefix(pg, dir) {
			delete(s.facts, pg)
		}
	}
}

// Reads counts the pages read and scanned for plans so far.
func (s *Scans) Reads() int { return s.reads }

// NewPlan scans every page of the site (site paths, "/a/index.html") as read returns them,
// without the block an earlier build wrote. A page that cannot be read gets no rules (the
// build reports it). With scans (may be nil), a page whose Facts it holds is not read, and
// the Facts of the pages read are kept there.
func NewPlan(ctx context.Context, read PageRead, pages []string, o Options, scans *Scans) (*Plan, error) {
	p := &Plan{o: o, pages: make(map[string]*pagePlan, len(pages)), targets: map[string]bool{}, noPrerender: map[string]bool{}}
	p.s = site{base: strings.TrimSuffix(o.BasePath, "/"), pages: make(map[string]bool, len(pages)), exclude: o.Exclude, query: o.AllowQuery}
	for _, pg := range pages {
		p.s.pages[pg] = true
	}
	res := make([]scanned, len(pages))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				b, err := read(pages[i])
				res[i] = scanned{page: pages[i], err: err}
				if err == nil {
					res[i].facts = Scan(b)
				}
			}
		}()
	}
	var fresh []int
	for i, pg := range pages {
		if ctx.Err() != nil {
			break
		}
		if f, ok := scans.lookup(pg); ok {
			res[i] = scanned{page: pg, facts: f}
			continue
		}
		fresh = append(fresh, i)
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	scans.keep(pages, res, fresh)
	urlOf := map[string]string{} // page site path -> one URL path naming it, for scripts
	for _, r := range res {
		if r.err != nil {
			continue // the build reports unreadable pages
		}
		pp := &pagePlan{facts: r.facts}
		self := map[string]bool{}
		for _, u := range []string{r.page, strings.TrimSuffix(r.page, "index.html"), strings.TrimSuffix(r.page, ".html")} {
			self[p.s.base+u] = true
		}
		seen := map[string]bool{}
		for _, l := range r.facts.Links {
			u, pg, ok := p.s.target(r.page, r.facts.Base, l.Href)
			if !ok || seen[u] {
				continue
			}
			seen[u] = true
			p.targets[u] = true
			urlOf[u] = pg
			if !self[u] {
				pp.targets = append(pp.targets, u)
			}
		}
		sort.Strings(pp.targets)
		pp.facts.Links = nil // the targets are what is left of them: a large site's plan stays small
		p.pages[r.page] = pp
	}
	if o.Mode == Prerender && len(o.NoPrerender) > 0 {
		for u, pg := range urlOf {
			if pp := p.pages[pg]; pp != nil && p.loadsExcludedScript(pg, pp.facts) {
				p.noPrerender[u] = true
			}
		}
	}
	return p, nil
}

func (s *Scans) lookup(page string) (Facts, bool) {
	if s == nil {
		return Facts{}, false
	}
	f, ok := s.facts[page]
	return f, ok
}

// keep stores the Facts of the pages just read (those that could be read: an unreadable
// page is tried again next time) and forgets the pages the site no longer has.
func (s *Scans) keep(pages []string, res []scanned, fresh []int) {
	if s == nil {
		return
	}
	s.reads += len(fresh)
	if len(s.facts) > len(pages)-len(fresh) {
		in := make(map[string]bool, len(pages))
		for _, pg := range pages {
			in[pg] = true
		}
		for pg := range s.facts {
			if !in[pg] {
				delete(s.facts, pg)
			}
		}
	}
	for _, i := range fresh {
		if res[i].err != nil {
			continue
		}
		f := res[i].facts
		seen := make(map[string]bool, len(f.Links))
		links := make([]Link, 0, len(f.Links))
		for _, l := range f.Links {
			if !seen[l.Href] {
				seen[l.Href] = true
				links = append(links, Link{Href: l.Href}) // the plan reads only the href
			}
		}
		f.Links = links
		s.facts[res[i].page] = f
	}
}

// loadsExcludedScript reports whether the page loads a script NoPrerender names.
func (p *Plan) loadsExcludedScript(page string, f Facts) bool {
	for _, src := range f.Scripts {
		s := clean(src)
		s, _, _ = strings.Cut(s, "#")
		s, _, _ = strings.Cut(s, "?")
		names := []string{s}
		if s != "" && !hasScheme(s) && !strings.HasPrefix(s, "//") {
			abs := s
			if !strings.HasPrefix(abs, "/") {
				abs = strings.TrimSuffix(p.s.base+path.Dir(page), "/") + "/" + abs
			}
			if r, ok := removeDots(abs); ok {
				names = append(names, r, strings.TrimPrefix(r, p.s.base))
			}
		}
		for _, g := range p.o.NoPrerender {
			for _, n := range names {
				if graph.MatchGlob(g, n) || strings.Contains(g, "://") && graph.MatchGlob(g, s) {
					return true
				}
			}
		}
	}
	return false
}

func (p *Plan) prerenderable(u string) bool { return !p.noPrerender[u] }

// PageRules is what one page gets.
type PageRules struct {
	// Script is the inline rules' JSON text (ViaInline), "" when the page gets none.
	Script string
	// Nonce is the nonce the script carries (the page's own, which its policy allows).
	Nonce string
	// Skipped says why a page with links to other pages gets no rules ("" otherwise).
	Skipped string
	// Router names the client-side router that is the reason, when it is one.
	Router string
}

// Inline returns the rules for the page at site path page.
func (p *Plan) Inline(page string) PageRules {
	pp := p.pages[page]
	if p.o.Mode == Off || p.o.Via != ViaInline || pp == nil || len(pp.targets) == 0 {
		return PageRules{}
	}
	if len(pp.facts.Rules) > 0 {
		return PageRules{Skipped: "the page carries speculation rules of its own"}
	}
	if r := pp.facts.Router; r != "" {
		return PageRules{Router: r, Skipped: "the page loads a client-side router (" + r + ") that follows its links in place: a prefetched document would not be used"}
	}
	if b := clean(pp.facts.Base); pp.facts.Base != "" && (hasScheme(b) || strings.HasPrefix(b, "//")) {
		return PageRules{Skipped: "the page's <base> names an origin, which inline rules would inherit"}
	}
	text := string(p.o.build(append([]string(nil), pp.targets...), p.prerenderable))
	in := inlineAllowed(pp.facts.CSP, text, pp.facts.Nonces)
	if !in.OK {
		return PageRules{Skipped: in.Reason + "; its hash is " + Hash(text)}
	}
	return PageRules{Script: text, Nonce: in.Nonce}
}

// OwnRules lists the pages that carry speculation rules of their own, sorted.
func (p *Plan) OwnRules() []string {
	var out []string
	for pg, pp := range p.pages {
		if len(pp.facts.Rules) > 0 {
			out = append(out, pg)
		}
	}
	sort.Strings(out)
	return out
}

// Routed lists the pages that load a client-side router, sorted: they get no rules.
func (p *Plan) Routed() []string {
	var out []string
	for pg, pp := range p.pages {
		if pp.facts.Router != "" && len(pp.facts.Rules) == 0 {
			out = append(out, pg)
		}
	}
	sort.Strings(out)
	return out
}

// File returns the rules file for the whole site (ViaHeader), nil when no page links to
// another.
func (p *Plan) File() []byte {
	if p.o.Mode == Off || p.o.Via != ViaHeader {
		return nil
	}
	var ts []string
	for t := range p.targets {
		ts = append(ts, t)
	}
	return p.o.build(ts, p.prerenderable)
}

// FileURL is the URL path the Speculation-Rules header names.
func (o *Options) FileURL() string { return strings.TrimSuffix(o.BasePath, "/") + "/" + FileName }

// HeaderValue is the Speculation-Rules header's value: the file's URL as a structured
// field string.
func (o *Options) HeaderValue() string { return `"` + o.FileURL() + `"` }
