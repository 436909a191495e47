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
	"iter"
	"os"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/sitefs"
	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// Source says which site to read.
type Source struct {
	// Dir is the site's root directory. FS, when set, is read instead (Dir then only names
	// the site in messages). Build and Incremental write the directory, so they need Dir and
	// refuse FS.
	Dir string
	FS  fs.FS
	// Skip lists site paths (directories) not to walk, e.g. an output dir inside the site.
	Skip []string
	// BasePath is the URL prefix the site is served under ("/docs"), "" for the root.
	BasePath string
}

// Options configure an analysis: what to read, what to hint, and how to run.
type Options struct {
	Source Source
	// Policy is what to hint; the zero Policy is graph.DefaultPolicy.
	Policy graph.Policy

	// Workers bounds the parallelism; default GOMAXPROCS.
	Workers int
	// Cache, when set, keeps asset parses between runs (keyed by content hash).
	Cache *Cache
	// FullDOM parses each page into one whole DOM (slower; see graph.Options.FullDOM).
	FullDOM bool
}

// Result is the outcome of an analysis.
type Result struct {
	Pages []*graph.Page `json:"pages"` // sorted by path
	// Diagnostics are warnings about the site's files; Failed lists the pages that could not
	// be analysed (SeverityError, File naming the page).
	Diagnostics []Diagnostic `json:"diagnostics"`
	Failed      []Diagnostic `json:"failed,omitempty"`
}

const maxPageBytes = 32 << 20

// Pages of bigPageBytes or more are analysed one at a time, whatever the workers: a 10 MB
// source view of rustdoc holds about 200 MB while it is analysed, and two of them at once
// took a build past 300 MB.
const bigPageBytes = 2 << 20

func (src Source) fsys() (fs.FS, error) {
	if src.FS != nil {
		return src.FS, nil
	}
	if src.Dir == "" {
		return nil, fmt.Errorf("%w: no site directory given", ErrBadOptions)
	}
	st, err := os.Stat(src.Dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", src.Dir)
	}
	return os.DirFS(src.Dir), nil
}

func (o Options) graphOptions() graph.Options {
	return graph.Options{Policy: o.Policy, BasePath: strings.TrimSuffix(o.Source.BasePath, "/"), FullDOM: o.FullDOM}
}

// Pages lists the site paths of the HTML pages of a site, sorted, with warnings about
// what the walk could not read.
func Pages(fsys fs.FS, skip []string) ([]string, []Diagnostic, error) {
	var pages []string
	var diags []Diagnostic
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			diags = append(diags, Diagnostic{File: p, Err: err})
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
		if !isPageName(p) {
			return nil
		}
		if !d.Type().IsRegular() {
			diags = append(diags, warn(p, "not a regular file (symlink?): skipped"))
			return nil
		}
		pages = append(pages, sp)
		return nil
	})
	sort.Strings(pages)
	return pages, diags, err
}

// Analysis is one analysis of a site: its page list, then its pages one by one (Pages).
// Memory holds only the pages in flight, however large the site, unless the caller keeps
// them. An Analysis is used once.
type Analysis struct {
	opts  Options
	fsys  fs.FS
	paths []string
	diags []Diagnostic
	site  *sitefs.Site
	notes []Diagnostic // of the pages handed on
	done  bool
}

// NewAnalysis lists the site's pages (or takes the given site paths, when pages is not
// nil) and returns the analysis, ready to run.
func NewAnalysis(opts Options, pages []string) (*Analysis, error) {
	fsys, err := opts.Source.fsys()
	if err != nil {
		return nil, err
	}
	a := &Analysis{opts: opts, fsys: fsys}
	if pages != nil {
		a.paths = append([]string(nil), pages...)
		return a, nil
	}
	a.paths, a.diags, err = Pages(fsys, opts.Source.Skip)
	if err != nil {
		return nil, fmt.Errorf("walking %s: %w", opts.Source.Dir, err)
	}
	return a, nil
}

// Paths returns the site paths of the pages the analysis covers, sorted.
func (a *Analysis) Paths() []string { return a.paths }

// Page is one analysed page as an Analysis hands it on: the analysis, and the bytes it was
// made from (what a rewrite splices into).
type Page struct {
	*graph.Page
	HTML []byte
	// Took is the wall time of the page's analysis on its worker, reading the file not
	// included. It also counts what the worker waited for: a core on a busy machine, or an
	// asset another page was parsing first. Benchmarks read it for the slowest page.
	Took time.Duration

	index int // in Analysis.Paths
}

// Pages analyses the pages in parallel and yields each in path order, as soon as the pages
// before it are done. For a page that could not be analysed it yields a Page holding only
// the path, and a Diagnostic (SeverityError) as the error; the run goes on. When the run
// as a whole stops (ctx is done) it yields nil and the cause, once, and ends. Breaking out
// of the loop stops the workers.
func (a *Analysis) Pages(ctx context.Context) iter.Seq2[*Page, error] {
	return a.pages(ctx, true)
}

// pages is Pages, yielding in path order when ordered is set and otherwise each page as
// soon as it is done, with its index in Paths.
func (a *Analysis) pages(ctx context.Context, ordered bool) iter.Seq2[*Page, error] {
	return func(yield func(*Page, error) bool) {
		if a.done {
			yield(nil, errors.New("preloadgen: an Analysis runs once"))
			return
		}
		a.done = true
		a.site = sitefs.New(a.fsys, a.opts.Cache.sitefs())
		defer a.site.Cache().EndRun()
		a.run(ctx, ordered, yield)
	}
}

// fanOut hands each page of the analysis to do, on workers goroutines of its own (all of
// GOMAXPROCS when workers is 0): what a build or an audit does with a page is independent
// per page. Pages come as they are done, not in path order, so a page that takes long (a
// 10 MB source view) holds up no other. each, when set, sees every analysed page first,
// with its index in Paths, on the caller's goroutine; failed gets the pages that could not
// be analysed, also there. do and failed may run at the same time, so they share any state
// under a lock. It returns the cause when the run as a whole stopped (ctx done), after do
// has finished with every page handed to it.
func (a *Analysis) fanOut(ctx context.Context, workers int, each func(int, *Page), do func(*Page), failed func(*Page, error)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan *Page, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				do(p)
			}
		}()
	}
	defer wg.Wait()
	defer close(jobs)
	for p, err := range a.pages(ctx, false) {
		switch {
		case p == nil:
			return err
		case err != nil:
			failed(p, err)
		default:
			if each != nil {
				each(p.index, p)
			}
			jobs <- p
		}
	}
	return nil
}

// Diagnostics returns the warnings of the walk, of the pages handed on and of their
// assets, sorted; complete once Pages has run.
func (a *Analysis) Diagnostics() []Diagnostic {
	ds := append(append([]Diagnostic(nil), a.diags...), a.notes...)
	if a.site != nil {
		ds = append(ds, assetDiagnostics(a.site)...)
	}
	return sortDiagnostics(ds)
}

// outcome is one page's analysis on its way from a worker to the caller.
type outcome struct {
	page *Page
	err  error
}

func (a *Analysis) run(ctx context.Context, ordered bool, yield func(*Page, error) bool) {
	workers := a.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	gopts := a.opts.graphOptions()
	gopts.Styles = style.NewCache()
	gopts.Nodes = &parse.NodePool{}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := len(a.paths)
	// A worker may run at most window pages ahead of the caller, so a slow caller (one
	// that writes each page) bounds the pages held in memory. In path order, each page's
	// outcome has a slot; workers fill them in any order and the caller takes them in
	// order. Otherwise outcomes queue as they come: at most window of them are ever
	// pending, so a worker never waits to hand one on.
	window := make(chan struct{}, 4*workers)
	var slots []chan outcome
	var done chan outcome
	if ordered {
		slots = make([]chan outcome, n)
		for i := range slots {
			slots[i] = make(chan outcome, 1)
		}
	} else {
		done = make(chan outcome, cap(window))
	}
	big := make(chan struct{}, 1) // held while a big page is analysed (bigPageBytes)
	jobs := make(chan int)
	hand := func(i int, p *Page, err error) {
		p.index = i
		if ordered {
			slots[i] <- outcome{p, err}
		} else {
			done <- outcome{p, err}
		}
	}
	// Out of path order, big pages go to a goroutine of their own, one after the other,
	// and the workers go on with the small ones: a worker that took a big page while
	// another was analysed would wait for it, a core left idle for a second or more. At
	// most window pages are handed out, so the queue never fills. The big pages' goroutine
	// takes a worker's turn (turns): no more than workers pages are analysed at once.
	type bigJob struct {
		i  int
		f  fs.File
		st fs.FileInfo
	}
	bigJobs := make(chan bigJob, cap(window))
	turns := make(chan struct{}, workers)
	var bigWG sync.WaitGroup
	if !ordered {
		bigWG.Add(1)
		go func() {
			defer bigWG.Done()
			for j := range bigJobs {
				turns <- struct{}{}
				p, err := a.analyzeOne(ctx, a.paths[j.i], j.f, j.st, nil, gopts, big)
				<-turns
				hand(j.i, p, err)
			}
		}()
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				f, st, err := a.openPage(strings.TrimPrefix(a.paths[i], "/"))
				if !ordered && err == nil && st.Size() >= bigPageBytes && st.Size() <= maxPageBytes {
					bigJobs <- bigJob{i, f, st}
					continue
				}
				turns <- struct{}{}
				p, err := a.analyzeOne(ctx, a.paths[i], f, st, err, gopts, big)
				<-turns
				hand(i, p, err)
			}
		}()
	}
	defer bigWG.Wait()
	defer close(bigJobs)
	go func() {
		defer close(jobs)
		for i := range a.paths {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	defer wg.Wait()
	for i := range n {
		next := done
		if ordered {
			next = slots[i]
		}
		var o outcome
		select {
		case o = <-next:
		case <-ctx.Done():
		}
		if err := ctx.Err(); err != nil {
			cancel()
			yield(nil, err)
			return
		}
		<-window
		if o.err == nil {
			a.notes = append(a.notes, notes(o.page.Page)...)
		}
		if !yield(o.page, o.err) {
			cancel()
			return
		}
	}
}

// pageReader is a file system that reads pages its own way (strippedFS: the hint block
// hidden, the stamp kept): the analysis opens a page with openRaw and reads it with
// readPage.
type pageReader interface {
	openRaw(name string) (fs.File, error)
	readPage(name string, f fs.File, st fs.FileInfo) ([]byte, error)
}

// openPage opens the page name and stats the open file: a worker learns the page's size
// (and a failure to reach it) with one open and one fstat, and reads it from there.
func (a *Analysis) openPage(name string) (fs.File, fs.FileInfo, error) {
	var f fs.File
	var err error
	if pr, ok := a.fsys.(pageReader); ok {
		f, err = pr.openRaw(name)
	} else {
		f, err = a.fsys.Open(name)
	}
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// analyzeOne analyses the page at pagePath, given the page opened (f) and its stat (st),
// or the error of opening it; it closes f.
func (a *Analysis) analyzeOne(ctx context.Context, pagePath string, f fs.File, st fs.FileInfo, err error, gopts graph.Options, big chan struct{}) (*Page, error) {
	name := strings.TrimPrefix(pagePath, "/")
	failed := func(err error) (*Page, error) {
		return &Page{Page: &graph.Page{Path: pagePath}}, failure(name, err)
	}
	if err != nil {
		return failed(pathCause(err))
	}
	defer func() {
		if f != nil {
			f.Close()
		}
	}()
	if st.Size() > maxPageBytes {
		return failed(fmt.Errorf("%d bytes: larger than the %d-byte limit for pages", st.Size(), maxPageBytes))
	}
	if st.Size() >= bigPageBytes {
		select {
		case big <- struct{}{}:
			defer func() { <-big }()
		case <-ctx.Done():
			return failed(ctx.Err())
		}
	}
	var src []byte
	if pr, ok := a.fsys.(pageReader); ok {
		src, err = pr.readPage(name, f, st)
	} else {
		src, err = readAll(f, st.Size())
	}
	f.Close() // before the analysis: open files are only those being read
	f = nil
	if err != nil {
		return failed(pathCause(err))
	}
	start := time.Now()
	p, err := graph.Analyze(ctx, a.site, pagePath, src, gopts)
	if err != nil {
		return failed(err)
	}
	return &Page{Page: p, HTML: src, Took: time.Since(start)}, nil
}

// pathCause strips the file name from a *fs.PathError: the Diagnostic names the file.
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// Analyze reads the site and ranks each page's hints. It writes nothing.
func Analyze(ctx context.Context, opts Options) (*Result, error) {
	return AnalyzePages(ctx, opts, nil)
}

// AnalyzePages is Analyze restricted to the given pages (site paths); nil means all.
func AnalyzePages(ctx context.Context, opts Options, pages []string) (*Result, error) {
	a, err := NewAnalysis(opts, pages)
	if err != nil {
		return nil, err
	}
	res := &Result{Pages: []*graph.Page{}}
	for p, err := range a.Pages(ctx) {
		if p == nil {
			return nil, err
		}
		if err != nil {
			res.Failed = append(res.Failed, asDiagnostic(p.Path, err))
			continue
		}
		res.Pages = append(res.Pages, p.Page)
	}
	res.Diagnostics = a.Diagnostics()
	return res, nil
}

// asDiagnostic returns err as a Diagnostic about the page at site path page.
func asDiagnostic(page string, err error) Diagnostic {
	var d Diagnostic
	if errors.As(err, &d) {
		return d
	}
	return failure(strings.TrimPrefix(page, "/"), err)
}

// notes returns a page's own notes as diagnostics.
func notes(p *graph.Page) []Diagnostic {
	var ds []Diagnostic
	for _, n := range p.Notes {
		ds = append(ds, Diagnostic{File: strings.TrimPrefix(n.File, "/"), Line: n.Line, Col: n.Col, Err: errors.New(n.Message)})
	}
	return ds
}
