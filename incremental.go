// Incremental builds, for watch mode. A full Build analyses every page; after a change only
// the pages whose graph reaches a changed path can get different hints, so Incremental keeps
// the last analysis of every page and a reverse index (resource site path -> pages reaching
// it, including as a missing file), analyses and rewrites just those pages, and writes the
// server configs from the whole, updated set of page analyses.
//
// It reuses Build's parts (targets, strippedFS, pageWriter, copySite, emit.WriteConfigs)
// rather than calling Build, because Build writes configs from the pages it analysed and
// an incremental run analyses only a few. The page list is walked again on every run
// unless the change cannot have added or removed a page (only existing pages and existing
// non-page files changed): the walk is most of a one-page update's time on a large site
// (about 20 ms of 30 on 1,000 pages).

package preloadgen

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/speculate"
)

// Incremental is a site's build state between runs. It is not safe for concurrent use.
type Incremental struct {
	o     BuildOptions
	list  *pageList                  // the last walk's page list
	pages map[string]*graph.Page     // last analysis of every page
	users map[string]map[string]bool // site path -> pages whose graph names it
	uses  map[string]map[string]bool // page -> site paths it names (to undo users)
	scans *speculate.Scans           // every page's speculation facts, as of its last change

	// OnWrite, when set, is called for every file a run writes in the served tree (pages,
	// and _headers) with its absolute path and the bytes written. Pages are reported from
	// the analysis workers, so OnWrite must be safe for concurrent use.
	OnWrite func(file string, data []byte)
	// Hold, when set, is asked right before a page (absolute path) is replaced whether
	// another program holds it open for writing; such a page is left alone and listed in
	// the result's Retry. It is called from the writing goroutine.
	Hold func(file string) bool
}

// NewIncremental returns the state for incremental builds of o.Dir. A parse Cache is
// created when o.Cache is nil, so unchanged assets are never parsed twice.
func NewIncremental(o BuildOptions) *Incremental {
	if o.Cache == nil {
		o.Cache = NewCache()
	}
	return &Incremental{o: o, pages: map[string]*graph.Page{}, users: map[string]map[string]bool{}, uses: map[string]map[string]bool{}}
}

// Build runs a full build and remembers its analysis.
func (in *Incremental) Build(ctx context.Context) (*BuildResult, error) {
	return in.run(ctx, nil, true)
}

// Update rebuilds after a change to the given site paths ("/css/app.css"; files or
// directories, created, written, renamed or removed). It analyses and rewrites only the
// pages the change can reach, and rewrites the server configs from every page. The
// result's Pages, Scanned and Analysis cover the analysed pages only.
func (in *Incremental) Update(ctx context.Context, changed []string) (*BuildResult, error) {
	return in.run(ctx, changed, false)
}

// Pages returns the number of pages the state knows.
func (in *Incremental) Pages() int { return len(in.pages) }

func (in *Incremental) run(ctx context.Context, changed []string, full bool) (*BuildResult, error) {
	o := in.o
	var known *pageList
	if !full && in.list != nil && in.sameSet(changed) {
		known = in.list
	}
	r, err := prepare(o, full, known)
	if err != nil {
		return nil, err
	}
	in.list = &pageList{pages: r.pages, diags: r.diags}
	t, all := r.t, r.pages
	if full || in.scans == nil {
		in.scans = speculate.NewScans()
	}
	for _, c := range changed {
		in.scans.Changed(c)
	}
	if full {
		in.pages, in.users, in.uses = map[string]*graph.Page{}, map[string]map[string]bool{}, map[string]map[string]bool{}
	}
	knownBefore := len(in.pages)
	todo := in.affected(all, changed) // forgets deleted pages
	copyFailed, err := copyOut(ctx, o, t, all)
	if err != nil {
		return nil, err
	}
	if t.out && !o.Check && !full {
		removeFromOut(t, changed)
	}
	w := newPageWriter(t, r.sfs, o.Check, in.Hold)
	// The rules of the pages rewritten now come from every page's links as they are now
	// (read again only for the changed pages); the pages left alone keep theirs until they
	// change (docs/speculation.md).
	if w.spec, err = r.speculation(ctx, o, in.scans); err != nil {
		return nil, err
	}
	ares, err := r.analyse(ctx, todo, o.Progress, func(p *Page) error {
		out, err := w.onPage(p)
		if out != nil && in.OnWrite != nil {
			in.OnWrite(filepath.Join(t.root, filepath.FromSlash(strings.TrimPrefix(p.Path, "/"))), out)
		}
		return err
	})
	if ferr := w.flush(ares); ferr != nil && err == nil {
		err = ferr
	}
	if err != nil {
		return nil, err
	}
	// The configs are a function of every page's header hints: unless a page came or went,
	// or the header hints of an analysed page changed, they need no rewrite.
	dirty := full || len(in.pages) != knownBefore
	for _, p := range ares.Pages {
		if old := in.pages[p.Path]; old == nil || !sameHeaderHints(old.Hints, p.Hints) {
			dirty = true
		}
		in.forget(p.Path)
		in.remember(p)
	}
	for _, f := range ares.Failed {
		// A page that vanished mid-run is gone; one that failed otherwise keeps its last
		// analysis, so its hints stay in the configs until it can be read again.
		if _, err := fs.Stat(r.sfs, f.File); errors.Is(err, fs.ErrNotExist) {
			in.forget("/" + f.File)
			dirty = true
		}
	}
	for _, c := range changed {
		if path.Clean("/"+strings.TrimPrefix(c, "/")) == "/_headers" {
			dirty = true // someone else rewrote the file holding our section
		}
	}
	if _, err := os.Stat(o.ConfigDir); o.ConfigDir != "" && err != nil {
		dirty = true
	}
	res := w.result(ares, copyFailed, len(todo))
	w.writeSpeculation(o, res)
	if o.ConfigDir != "" && dirty {
		in.writeConfigs(ctx, t, all, res)
	}
	return res, nil
}

// sameHeaderHints reports whether two hint lists give the same server configs.
func sameHeaderHints(a, b []graph.Hint) bool {
	var ha, hb []graph.Hint
	for _, h := range a {
		if h.Header {
			ha = append(ha, h)
		}
	}
	for _, h := range b {
		if h.Header {
			hb = append(hb, h)
		}
	}
	return reflect.DeepEqual(ha, hb)
}

// writeConfigs writes the server configs from every known page; the others of all (pages
// never analysed) get no hints.
func (in *Incremental) writeConfigs(ctx context.Context, t *targets, all []string, res *BuildResult) {
	names := make([]string, 0, len(in.pages))
	for p := range in.pages {
		names = append(names, p)
	}
	sort.Strings(names)
	pages := make([]*graph.Page, len(names))
	for i, n := range names {
		pages[i] = in.pages[n]
	}
	writeConfigs(ctx, in.o, t, pages, all, res)
	if res.Configs == nil || in.OnWrite == nil {
		return
	}
	cres := res.Configs
	for _, f := range cres.Written {
		if abs, err := filepath.Abs(f); err == nil && within(t.root, abs) {
			// Written atomically a moment ago; a concurrent writer could slip in between,
			// which costs one extra run, never a wrong result.
			if b, err := os.ReadFile(abs); err == nil {
				in.OnWrite(abs, b)
			}
		}
	}
}

// sameSet reports whether a change to the paths changed leaves the page list as it was:
// each is a known page that is still a regular file, or a file that is not a page and is
// no directory (a directory that came or went may hold pages).
func (in *Incremental) sameSet(changed []string) bool {
	site := in.o.Source.Dir
	for _, c := range changed {
		c = path.Clean("/" + strings.TrimPrefix(c, "/"))
		st, err := os.Lstat(filepath.Join(site, filepath.FromSlash(strings.TrimPrefix(c, "/"))))
		if isPageName(c) {
			if in.pages[c] == nil || err != nil || !st.Mode().IsRegular() {
				return false
			}
			continue
		}
		if err != nil || st.IsDir() {
			return false
		}
	}
	return true
}

// affected returns the pages (of all, the current page list) to analyse after a change to
// changed: new pages, changed pages, pages whose graph names a changed path or a path under
// a changed directory. Pages no longer in all are forgotten.
func (in *Incremental) affected(all []string, changed []string) []string {
	present := make(map[string]bool, len(all))
	for _, p := range all {
		present[p] = true
	}
	for p := range in.pages {
		if !present[p] {
			in.forget(p)
		}
	}
	ch := map[string]bool{}
	for _, c := range changed {
		ch[path.Clean("/"+strings.TrimPrefix(c, "/"))] = true
	}
	hit := func(p string) bool { // p or one of its directories changed
		for {
			if ch[p] {
				return true
			}
			if p == "/" {
				return false
			}
			p = path.Dir(p)
		}
	}
	aff := map[string]bool{}
	for _, p := range all {
		if in.pages[p] == nil || hit(p) {
			aff[p] = true
		}
	}
	for r, pages := range in.users {
		if hit(r) {
			for p := range pages {
				if present[p] {
					aff[p] = true
				}
			}
		}
	}
	todo := make([]string, 0, len(aff))
	for p := range aff {
		todo = append(todo, p)
	}
	sort.Strings(todo)
	return todo
}

// remember indexes page p: every resource it reaches (missing ones too, so their creation
// reaches it) and the candidates of its image srcsets.
func (in *Incremental) remember(p *graph.Page) {
	in.pages[p.Path] = p
	names := map[string]bool{}
	for _, r := range p.Resources {
		if r.External {
			continue
		}
		names[r.URL] = true
		for _, c := range parse.ParseSrcset(r.Srcset) {
			if sp, ok := in.sitePath(p.Path, c.URL); ok {
				names[sp] = true
			}
		}
	}
	for _, h := range p.Hints {
		if h.URL != "" {
			names[h.URL] = true
		}
		for _, c := range parse.ParseSrcset(h.HeaderSrcset) {
			if sp, ok := in.sitePath(p.Path, c.URL); ok {
				names[sp] = true
			}
		}
	}
	in.uses[p.Path] = names
	for n := range names {
		if in.users[n] == nil {
			in.users[n] = map[string]bool{}
		}
		in.users[n][p.Path] = true
	}
}

// forget removes page p from the state.
func (in *Incremental) forget(p string) {
	for n := range in.uses[p] {
		delete(in.users[n], p)
		if len(in.users[n]) == 0 {
			delete(in.users, n)
		}
	}
	delete(in.uses, p)
	delete(in.pages, p)
}

// sitePath approximates the site path of a srcset URL written in page: absolute paths lose
// the base path, relative ones resolve against the page's directory (<base href> is not
// considered; the resource's own URL, which is indexed too, is exact).
func (in *Incremental) sitePath(page, u string) (string, bool) {
	if u == "" || strings.Contains(u, "://") || strings.HasPrefix(u, "//") || strings.HasPrefix(u, "data:") {
		return "", false
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if strings.HasPrefix(u, "/") {
		if bp := strings.TrimSuffix(in.o.Source.BasePath, "/"); bp != "" && strings.HasPrefix(u, bp+"/") {
			u = strings.TrimPrefix(u, bp)
		}
		return path.Clean(u), true
	}
	return path.Join(path.Dir(page), u), true
}

// removeFromOut deletes from the -out tree the changed paths that no longer exist in the
// site, so deleted assets do not linger in the output.
func removeFromOut(t *targets, changed []string) {
	for _, c := range changed {
		rel := strings.TrimPrefix(path.Clean("/"+strings.TrimPrefix(c, "/")), "/")
		if !validRel(rel) || "/"+rel == t.skip {
			continue
		}
		if _, err := os.Lstat(filepath.Join(t.site, filepath.FromSlash(rel))); !errors.Is(err, os.ErrNotExist) {
			continue
		}
		dst := filepath.Join(t.root, filepath.FromSlash(rel))
		if within(t.root, dst) {
			os.RemoveAll(dst)
		}
	}
}
