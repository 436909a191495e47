// Package preloadgen is the library behind the preloadgen command: it reads a built static
// site, works out each page's critical resources and the few preload hints that pay off
// (Analyze), and writes them into the pages and into server configs (Build).
//
// The command-line tool is a thin client of this API; see cmd/preloadgen.
package preloadgen

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/preloadgen/preloadgen/graph"
)

// Options configure an analysis. Zero values mean the defaults; a negative budget means
// none (see graph.Options).
type Options struct {
	// Dir is the site's root directory. FS, when set, is read instead (Dir then only
	// names the site in messages).
	Dir string
	FS  fs.FS

	MaxPreloads int   // per page; default 6
	MaxFonts    int   // default 3
	MaxBytes    int64 // default 400 KiB
	YieldBytes  int64 // bytes of hints neither the first paint nor the LCP needs; default 14600
	Prefetch    bool  // opt dynamic-import chunks into rel=prefetch
	BasePath    string
	// FullDOM parses each page into one whole DOM (slower; see graph.Options.FullDOM).
	FullDOM bool
	// LCPSelectors maps page globs ("/blog/**") to the CSS selector of the pages' LCP
	// element, correcting the guess (see graph.LCPSelector and docs/lcp.md).
	LCPSelectors map[string]string

	// Skip lists site paths (directories) not to walk, e.g. an output dir inside the site.
	Skip []string
	// Workers bounds the parallelism; default GOMAXPROCS.
	Workers int
	// Cache, when set, keeps asset parses between runs (keyed by content hash).
	Cache *Cache
	// OnPage, when set, is called from the worker that analysed a page, with its bytes.
	// An error is recorded for that page and the run goes on.
	OnPage func(ctx context.Context, p *graph.Page, src []byte) error
	// Progress, when set, is called after each page.
	Progress func(done, total int)
	// Each, when set, receives every analysed page in path order, as soon as the pages
	// before it are done, and the Result lists no pages: memory then holds only the pages
	// in flight, however large the site (analyze streams its report this way). It is
	// called with the run's lock held, so it should hand the page on rather than do slow
	// work; an error stops the run.
	Each func(p *graph.Page) error
}

// Result is the outcome of an analysis.
type Result struct {
	Pages       []*graph.Page `json:"pages"` // sorted by path
	Diagnostics []Diagnostic  `json:"diagnostics"`
	// Failed lists pages that could not be analysed or whose OnPage failed.
	Failed []PageError `json:"failed,omitempty"`
}

// Diagnostic is a problem found in a file; Line and Col are 0 when unknown.
type Diagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"`
}

func (d Diagnostic) String() string {
	switch {
	case d.Line > 0:
		return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Col, d.Message)
	case d.File != "":
		return fmt.Sprintf("%s: %s", d.File, d.Message)
	}
	return d.Message
}

// PageError is a failure on one page.
type PageError struct {
	Page string `json:"page"`
	Err  string `json:"error"`
}

const maxPageBytes = 32 << 20

func (o Options) fsys() (fs.FS, error) {
	if o.FS != nil {
		return o.FS, nil
	}
	if o.Dir == "" {
		return nil, errors.New("no site directory given")
	}
	st, err := os.Stat(o.Dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", o.Dir)
	}
	return os.DirFS(o.Dir), nil
}

func (o Options) graphOptions() graph.Options {
	return graph.Options{MaxPreloads: o.MaxPreloads, MaxFonts: o.MaxFonts, MaxBytes: o.MaxBytes, YieldBytes: o.YieldBytes, Prefetch: o.Prefetch, BasePath: strings.TrimSuffix(o.BasePath, "/"), FullDOM: o.FullDOM, LCPSelectors: o.LCPSelectors}
}

// Pages lists the site paths of the HTML pages of a site, sorted.
func Pages(fsys fs.FS, skip []string) ([]string, []Diagnostic, error) {
	var pages []string
	var diags []Diagnostic
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			diags = append(diags, Diagnostic{File: p, Message: err.Error()})
			return nil
		}
		sp := "/" + p
		if p == "." {
			sp = "/"
		}
		if d.IsDir() {
			name := d.Name()
			if p != "." && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return fs.SkipDir
			}
			for _, s := range skip {
				if sp == path.Clean("/"+s) {
					return fs.SkipDir
				}
			}
			return nil
		}
		lower := strings.ToLower(p)
		if !strings.HasSuffix(lower, ".html") && !strings.HasSuffix(lower, ".htm") {
			return nil
		}
		if !d.Type().IsRegular() {
			diags = append(diags, Diagnostic{File: p, Message: "not a regular file (symlink?): skipped"})
			return nil
		}
		pages = append(pages, sp)
		return nil
	})
	sort.Strings(pages)
	return pages, diags, err
}

// Analyze reads the site and ranks each page's hints. It writes nothing.
func Analyze(ctx context.Context, opts Options) (*Result, error) {
	fsys, err := opts.fsys()
	if err != nil {
		return nil, err
	}
	pages, diags, err := Pages(fsys, opts.Skip)
	if err != nil {
		return nil, fmt.Errorf("walking %s: %w", opts.Dir, err)
	}
	return analyzePages(ctx, fsys, pages, diags, opts)
}

// AnalyzePages is Analyze restricted to the given pages (site paths).
func AnalyzePages(ctx context.Context, opts Options, pages []string) (*Result, error) {
	fsys, err := opts.fsys()
	if err != nil {
		return nil, err
	}
	return analyzePages(ctx, fsys, pages, nil, opts)
}

func analyzePages(ctx context.Context, fsys fs.FS, pages []string, diags []Diagnostic, opts Options) (*Result, error) {
	site := newSite(fsys, opts.Cache)
	gopts := opts.graphOptions()
	res := &Result{Pages: make([]*graph.Page, len(pages)), Diagnostics: diags}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		mu       sync.Mutex
		done     int
		failed   []PageError
		wg       sync.WaitGroup
		finished = make([]bool, len(pages))
		next     int // with Each: the first page not yet handed on
		notes    []Diagnostic
	)
	// emit hands on, in order, the pages whose predecessors are all done.
	emit := func() {
		for next < len(pages) && finished[next] {
			if p := res.Pages[next]; p != nil {
				for _, n := range p.Notes {
					notes = append(notes, Diagnostic{Message: n})
				}
				if err := opts.Each(p); err != nil {
					cancel(err)
				}
				res.Pages[next] = nil
			}
			next++
		}
	}
	jobs := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				p, perr := analyzeOne(ctx, fsys, site, pages[i], gopts, opts.OnPage)
				mu.Lock()
				res.Pages[i] = p
				finished[i] = true
				if perr != nil {
					failed = append(failed, PageError{Page: pages[i], Err: perr.Error()})
				}
				done++
				if opts.Progress != nil {
					opts.Progress(done, len(pages))
				}
				if opts.Each != nil {
					emit()
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range pages {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	site.cache.endRun()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	kept := res.Pages[:0]
	for _, p := range res.Pages {
		if p != nil {
			kept = append(kept, p)
		}
	}
	res.Pages = kept
	sort.Slice(failed, func(i, j int) bool { return failed[i].Page < failed[j].Page })
	res.Failed = failed
	res.Diagnostics = append(res.Diagnostics, site.diagnostics()...)
	res.Diagnostics = append(res.Diagnostics, notes...)
	for _, p := range res.Pages {
		for _, n := range p.Notes {
			res.Diagnostics = append(res.Diagnostics, Diagnostic{Message: n})
		}
	}
	sort.SliceStable(res.Diagnostics, func(i, j int) bool {
		return res.Diagnostics[i].String() < res.Diagnostics[j].String()
	})
	res.Diagnostics = dedupe(res.Diagnostics)
	if res.Diagnostics == nil {
		res.Diagnostics = []Diagnostic{}
	}
	return res, nil
}

func dedupe(ds []Diagnostic) []Diagnostic {
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

func analyzeOne(ctx context.Context, fsys fs.FS, site *site, pagePath string, gopts graph.Options, onPage func(context.Context, *graph.Page, []byte) error) (*graph.Page, error) {
	name := strings.TrimPrefix(pagePath, "/")
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxPageBytes {
		return nil, fmt.Errorf("%s: %d bytes: larger than the %d-byte limit for pages", name, st.Size(), maxPageBytes)
	}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	p, err := graph.Analyze(ctx, site, pagePath, src, gopts)
	if err != nil {
		return nil, err
	}
	if onPage != nil {
		if err := onPage(ctx, p, src); err != nil {
			return p, err
		}
	}
	return p, nil
}
