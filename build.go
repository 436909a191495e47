// Build: analyse a site and write what the analysis chose. Build consumes the analysis's
// pages as they come (Analysis.Pages) and rewrites each with the bytes it was analysed from,
// so a page is read once and a large site never holds more than a few pages in memory. The analysis reads pages through
// strippedFS, which hides the block an earlier build wrote: the hints of a second build
// are those of the first, and a build over its own output changes nothing.
//
// Every write goes through internal/atomicfile (temp file, fsync, rename), only to regular
// files whose resolved directory lies inside the target tree, and only when the bytes
// change, so mtimes stay put and a killed build leaves each page either old or new.

package preloadgen

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/atomicfile"
	"github.com/preloadgen/preloadgen/speculate"
)

// ErrBadOptions marks Options or BuildOptions that cannot work (a usage error for the CLI).
var ErrBadOptions = errors.New("invalid options")

// BuildOptions configure a build. Options.Source.Dir is the site, which the build reads and
// writes itself: a Source.FS is refused.
type BuildOptions struct {
	Options
	// Out, when set, receives a full copy of the site with the rewritten pages; the site
	// itself is then never modified. Other files, and pages the build leaves as they were,
	// are hard-linked when Out is on the same filesystem, else copied. Out may lie inside Dir: it is then left out of the walk.
	Out string
	// Check writes nothing; the result lists what a build would change.
	Check bool
	// ConfigDir is where the server configs go; "" writes none. It must lie outside the
	// served tree (Dir, or Out).
	ConfigDir string
	// Emit lists the config formats; nil means all (emit.Formats).
	Emit []emit.Format
	// Private lists site paths of files that are not part of the site and are never copied
	// into Out (the CLI puts its settings file here); a copy an earlier build left in Out
	// is removed.
	Private []string
	// Progress, when set, is called after each page with the pages done and the total.
	Progress func(done, total int)
	// Fix, when set, repairs each page's own markup before its hints are written (build
	// -fix, see build_fix.go). Without it a build never changes the author's markup.
	Fix Fixer
	// Speculation configures the speculation rules written from the site's links
	// (docs/speculation.md); its zero value writes none.
	Speculation speculate.Options
}

// BuildResult is the outcome of a build.
type BuildResult struct {
	Pages      []PageBuild `json:"pages"` // sorted by path
	Scanned    int         `json:"pages_scanned"`
	Changed    int         `json:"pages_changed"` // pages written (with Check: that would be); under Out, copies included
	HintsAdded int         `json:"hints_added"`   // tags in the blocks of changed pages
	SavedRTT   int         `json:"saved_rtt"`     // estimated round trips saved, summed over changed pages
	// Rewritten counts the pages whose bytes the build changed (or, with Check, would):
	// a hint block inserted or replaced, or a repair; Kept the pages left as they were
	// (under Out, copied as they were).
	Rewritten int `json:"pages_rewritten"`
	Kept      int `json:"pages_kept"`
	// PageHints counts the hint tags in the pages' blocks as the build leaves them (of
	// every page, rewritten now or by an earlier build); HeaderHints the header hints
	// (Link values) of every page, and HeaderPages the pages that have any.
	PageHints   int `json:"page_hints"`
	HeaderHints int `json:"header_hints"`
	HeaderPages int `json:"header_pages"`
	// Diagnostics are the analysis's warnings and the server configs'. Failed lists what
	// was not analysed or not written (SeverityError): a failed page was left as it was;
	// a failure of the configs has File "".
	Diagnostics []Diagnostic `json:"diagnostics"`
	Failed      []Diagnostic `json:"failed,omitempty"`
	// Retry lists pages left as they are because another program wrote them while the
	// build ran (or holds them open for writing): a rewrite would have lost its bytes.
	// The next run takes them up; watch queues them again at once.
	Retry   []string           `json:"retry,omitempty"`
	Configs *emit.ConfigResult `json:"configs,omitempty"`
	// Speculation reports the speculation rules written; nil when they are off.
	Speculation *SpeculationResult `json:"speculation,omitempty"`
	// Analysis is the analysis the build used. To keep a large build's memory flat, its
	// pages carry their hints and LCP but not their resource lists (Analyze has those),
	// and pages with equal hint lists share one: the lists are read-only, here and in
	// Pages.
	Analysis *Result `json:"-"`
}

// SpeculationResult is what a build did about speculation rules.
type SpeculationResult struct {
	Mode  string `json:"mode"`  // prefetch or prerender
	Via   string `json:"via"`   // inline or header
	Pages int    `json:"pages"` // pages whose block carries inline rules
	// File is the rules file (Via header), relative to the output tree, and FileChanged
	// whether this run wrote it (with Check: would).
	File        string `json:"file,omitempty"`
	FileChanged bool   `json:"file_changed,omitempty"`
	FileBytes   int    `json:"file_bytes,omitempty"`
	Header      string `json:"header,omitempty"` // the Speculation-Rules header's value
	URL         string `json:"url,omitempty"`    // the rules file's URL path (base path included)
	// OwnRules lists the pages that carry rules of their own: they get none of ours.
	OwnRules []string `json:"own_rules,omitempty"`
	// Routed lists the pages that load a client-side router, which follows links in place:
	// they get no rules either (docs/speculation.md).
	Routed []string `json:"routed,omitempty"`
}

// ConfigFailure returns the failure of the server configs (an entry of Failed), nil when
// they were written or none were asked for.
func (r *BuildResult) ConfigFailure() error {
	for _, f := range r.Failed {
		if f.File == "" {
			return f
		}
	}
	return nil
}

// PageBuild is what a build did to one page.
type PageBuild struct {
	Page    string `json:"page"`
	Changed bool   `json:"changed"` // the page's bytes were (or, with Check, would be) written
	// Rewritten: the page's bytes differ from the site's page (Changed alone, under Out,
	// may be a copy as it was).
	Rewritten bool         `json:"rewritten"`
	Added     int          `json:"hints_added"` // tags in the page's block
	Saving    graph.Saving `json:"saving"`      // what the block's hints save the LCP (estimated)
	SavedRTT  int          `json:"saved_rtt"`
	Hints     []graph.Hint `json:"hints"`
	Fixed     []PageFix    `json:"fixed,omitempty"` // repairs of the page's markup (Fix)
}

// Build analyses the site, rewrites its pages (in place, or into Out) and writes the
// server configs. Failures on single pages are reported in the result, and the other pages
// are still processed; the error is for failures of the whole run.
func Build(ctx context.Context, o BuildOptions) (*BuildResult, error) {
	r, err := prepare(o, true, nil)
	if err != nil {
		return nil, err
	}
	// The site's other files are copied into Out while the pages are analysed and
	// written: neither touches the other's files, and a directory either makes is made
	// the same way (copyDir). The speculation rules file and the configs (which update
	// _headers) wait for the copy.
	type copied struct {
		failed []Diagnostic
		err    error
	}
	copyDone := make(chan copied, 1)
	go func() {
		failed, err := copyOut(ctx, o, r.t, r.pages)
		copyDone <- copied{failed, err}
	}()
	w := newPageWriter(r.t, r.sfs, o.Check, nil)
	w.reuse = true // (the callback below drops what onPage returns, and the page's bytes)
	w.fix = o.fixer(ctx)
	if w.spec, err = r.speculation(ctx, o, nil); err != nil {
		<-copyDone
		return nil, err
	}
	ares, err := r.analyse(ctx, r.pages, o.Progress, func(p *Page) error {
		_, err := w.onPage(p)
		p.Resources = nil // not needed past the rewrite; a whole-site list would grow with the site
		return err
	})
	if ferr := w.flush(ares); ferr != nil && err == nil {
		err = ferr
	}
	c := <-copyDone
	if err == nil {
		err = c.err
	}
	if err != nil {
		return nil, err
	}
	res := w.result(ares, c.failed, len(r.pages))
	w.writeSpeculation(o, res)
	if o.ConfigDir != "" {
		writeConfigs(ctx, o, r.t, ares.Pages, r.pages, res)
	}
	return res, nil
}

// analyse runs the analysis over pages, handing each analysed page to write and collecting
// the rest of the result: the pages (as write left them), the failures (an error from write
// counts as the page's failure) and the warnings. The pages come from the analysis as they
// are done; write runs on a few goroutines of its own (a rewrite and its staged write are
// independent per page), so it must be safe for concurrent use. The result lists the pages
// in the order of pages.
//
// The result holds every page's hints until the end, and the pages of a site mostly share
// theirs (the SciPy docs' 4,304 pages have 5 distinct lists): pages with equal lists share
// one copy (hintLists).
func (r *buildRun) analyse(ctx context.Context, pages []string, progress func(done, total int), write func(*Page) error) (*Result, error) {
	a, err := NewAnalysis(r.aopts, pages)
	if err != nil {
		return nil, err
	}
	var (
		mu     sync.Mutex
		done   int
		failed []Diagnostic
	)
	finish := func(p *Page, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			failed = append(failed, asDiagnostic(p.Path, err))
		}
		done++
		if progress != nil {
			progress(done, len(pages))
		}
	}
	byIndex := make([]*graph.Page, len(pages))
	shared := newHintLists()
	each := func(i int, p *Page) {
		p.Hints = shared.share(p.Hints)
		byIndex[i] = p.Page
	}
	if err := a.fanOut(ctx, r.aopts.Workers, each, func(p *Page) { finish(p, write(p)) }, finish); err != nil {
		return nil, err
	}
	res := &Result{Pages: []*graph.Page{}, Failed: failed}
	for _, p := range byIndex {
		if p != nil {
			res.Pages = append(res.Pages, p)
		}
	}
	sort.SliceStable(res.Failed, func(i, j int) bool { return res.Failed[i].File < res.Failed[j].File })
	res.Diagnostics = sortDiagnostics(append(a.Diagnostics(), r.diags...))
	return res, nil
}

// hintLists keeps one copy of each distinct hint list a run has seen. Lists handed out are
// shared between pages: nothing may change them.
type hintLists struct {
	seed   maphash.Seed
	byHash map[uint64][][]graph.Hint
}

func newHintLists() *hintLists {
	return &hintLists{seed: maphash.MakeSeed(), byHash: map[uint64][][]graph.Hint{}}
}

// share returns the run's copy of hs (equal to it), keeping hs when it is the first.
func (l *hintLists) share(hs []graph.Hint) []graph.Hint {
	if len(hs) == 0 {
		return hs
	}
	var h maphash.Hash
	h.SetSeed(l.seed)
	for _, x := range hs {
		maphash.WriteComparable(&h, x)
	}
	k := h.Sum64()
	for _, c := range l.byHash[k] {
		if slices.Equal(c, hs) {
			return c
		}
	}
	if cap(hs) > len(hs)+len(hs)/4 {
		hs = slices.Clone(hs) // the list grew by appends: keep it without the slack
	}
	hs = slices.Clip(hs)
	l.byHash[k] = append(l.byHash[k], hs)
	return hs
}

// pageList is a walk's result: the pages and the walk's diagnostics.
type pageList struct {
	pages []string
	diags []Diagnostic
}

// buildRun is what every build starts from: resolved directories, the site as the
// analysis reads it (earlier hint blocks hidden) and its page list.
type buildRun struct {
	t     *targets
	sfs   *strippedFS
	aopts Options
	pages []string
	diags []Diagnostic
}

// prepare resolves a build's directories, removes the temporary files a killed run left
// (when clean is set and the build writes) and lists the pages, unless known gives the
// list (with its walk's diagnostics).
func prepare(o BuildOptions, clean bool, known *pageList) (*buildRun, error) {
	t, err := newTargets(o)
	if err != nil {
		return nil, err
	}
	// Removing a killed run's temporary files and listing the pages are two walks of the
	// tree; they run side by side (neither looks at what the other touches: temporary
	// names never end in .html) and both end before anything is written.
	cleaned := make(chan error, 1)
	if clean && !o.Check {
		go func() {
			_, err := atomicfile.Clean(t.root)
			if errors.Is(err, os.ErrNotExist) {
				err = nil
			}
			cleaned <- err
		}()
	} else {
		cleaned <- nil
	}
	r := &buildRun{t: t, sfs: newStrippedDir(t.site), aopts: o.Options}
	r.aopts.Source.FS = r.sfs
	if t.skip != "" {
		r.aopts.Source.Skip = append(append([]string(nil), r.aopts.Source.Skip...), t.skip)
	}
	if known != nil {
		r.pages, r.diags = known.pages, known.diags
	} else {
		r.pages, r.diags, err = Pages(r.sfs, r.aopts.Source.Skip)
	}
	// A leftover temporary file that cannot be removed is reported and the build goes on:
	// the pages around it can still be written, and a later run removes it.
	if cerr := <-cleaned; cerr != nil {
		for _, e := range unjoin(cerr) {
			d := warn("", "an earlier run's temporary file could not be removed: %w", e)
			var pe *fs.PathError
			if errors.As(e, &pe) {
				if rel, rerr := filepath.Rel(t.root, pe.Path); rerr == nil {
					d = warn(filepath.ToSlash(rel), "an earlier run's temporary file could not be removed: %w", pe.Err)
				}
			}
			r.diags = append(r.diags, d)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("walking %s: %w", o.Source.Dir, err)
	}
	return r, nil
}

// copyOut fills the -out tree with the site's assets (pages are written by the build).
func copyOut(ctx context.Context, o BuildOptions, t *targets, pages []string) ([]Diagnostic, error) {
	if !t.out || o.Check {
		return nil, nil
	}
	isPage := make(map[string]bool, len(pages))
	for _, p := range pages {
		isPage[p] = true
	}
	failed, err := copySite(ctx, t, isPage, o.Private)
	if err != nil {
		return nil, fmt.Errorf("copying %s to %s: %w", o.Source.Dir, o.Out, err)
	}
	return failed, nil
}

// writeConfigs writes the server configs for pages into the result. all are the site's
// pages: those pages lacks (not analysed) get no hints.
func writeConfigs(ctx context.Context, o BuildOptions, t *targets, pages []*graph.Page, all []string, res *BuildResult) {
	var spec *emit.SpeculationConfig
	if s := res.Speculation; s != nil && s.Via == "header" {
		spec = &emit.SpeculationConfig{File: s.URL, Except: append(append([]string(nil), s.OwnRules...), s.Routed...)}
	}
	cres, err := emit.WriteConfigs(ctx, emit.ConfigOptions{
		Dir: o.ConfigDir, SiteDir: t.root, FilesDir: t.site, Formats: o.Emit, BasePath: o.Source.BasePath,
		Pages: pages, Others: all, Check: o.Check, Speculation: spec,
	})
	if err != nil {
		res.Failed = append(res.Failed, failure("", fmt.Errorf("server configs: %w", err)))
		return
	}
	res.Configs = cres
	for _, w := range cres.Warnings {
		res.Diagnostics = append(res.Diagnostics, warn("", "%s", w))
	}
}

// targets are the directories a build reads and writes, resolved once.
type targets struct {
	site     string // the site, absolute
	root     string // where pages go: site, or out
	realRoot string // root with symlinks resolved
	out      bool
	skip     string // site path of out when it lies inside the site
}

func newTargets(o BuildOptions) (*targets, error) {
	if o.Source.Dir == "" {
		return nil, fmt.Errorf("%w: no site directory given", ErrBadOptions)
	}
	if o.Source.FS != nil {
		return nil, fmt.Errorf("%w: a build reads and writes a directory: Source.FS is not supported", ErrBadOptions)
	}
	site, err := filepath.Abs(o.Source.Dir)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(site)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", o.Source.Dir)
	}
	t := &targets{site: site, root: site}
	realSite, err := filepath.EvalSymlinks(site)
	if err != nil {
		return nil, err
	}
	if o.Out != "" {
		out, err := filepath.Abs(o.Out)
		if err != nil {
			return nil, err
		}
		realOut := resolveExisting(out)
		switch {
		case realOut == realSite:
			return nil, fmt.Errorf("%w: -out %s is the site directory", ErrBadOptions, o.Out)
		case within(realOut, realSite):
			return nil, fmt.Errorf("%w: the site %s lies inside -out %s", ErrBadOptions, o.Source.Dir, o.Out)
		case within(realSite, realOut):
			rel, _ := filepath.Rel(realSite, realOut)
			t.skip = "/" + filepath.ToSlash(rel)
		}
		t.root, t.out = out, true
		if !o.Check {
			if err := os.MkdirAll(out, st.Mode().Perm()|0o700); err != nil {
				return nil, err
			}
		}
	}
	if o.ConfigDir != "" {
		cd, err := filepath.Abs(o.ConfigDir)
		if err != nil {
			return nil, err
		}
		rc := resolveExisting(cd)
		for _, served := range []string{realSite, resolveExisting(t.root)} {
			if rc == served || within(served, rc) {
				return nil, fmt.Errorf("%w: -config-dir %s lies inside the served tree %s (it would be deployed)", ErrBadOptions, o.ConfigDir, served)
			}
		}
	}
	t.realRoot = resolveExisting(t.root)
	return t, nil
}

// resolveExisting resolves symlinks in the longest existing prefix of p.
func resolveExisting(p string) string {
	p = filepath.Clean(p)
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	parent := filepath.Dir(p)
	if parent == p {
		return p
	}
	return filepath.Join(resolveExisting(parent), filepath.Base(p))
}

// within reports whether p lies strictly inside dir (both clean, absolute).
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// pageWriter writes a build's pages as the analysis hands them on.
type pageWriter struct {
	t     *targets
	fs    *strippedFS
	check bool

	// batch stages page writes and makes them durable together (one filesystem sync per
	// few hundred pages instead of an fsync each); failed renames land in failed.
	batch atomicfile.Batch

	mu     sync.Mutex
	done   map[string]PageBuild
	failed map[string]error // by page site path
	retry  map[string]bool  // pages another program changed or holds: not replaced
	inside map[string]bool  // directories this run found to resolve inside the root

	fix func(*Page) ([]PageFix, error) // BuildOptions.Fix, bound to the build's context

	spec        *speculate.Plan // nil: no speculation rules
	specPages   int             // pages given inline rules
	specSkipped []Diagnostic    // pages whose rules could not be written
	specRouter  string          // a client-side router a page loads (its pages get no rules)

	// reuse says that onPage's caller keeps neither the bytes it returns nor the page's
	// (Page.HTML, which onPage sets to nil): each page rewritten is then written from a
	// buffer of outs, given back once written, and with -out the page's bytes as read go
	// back to the reader (strippedFS.reuse). The pages written and read were a sixth of
	// what a build of the Python docs allocated.
	reuse bool
	outs  sync.Pool // of *[]byte
}

// newPageWriter returns a build's page writer. hold, when set, says which files (absolute
// paths) another program holds open for writing; they are never replaced.
func newPageWriter(t *targets, sfs *strippedFS, check bool, hold func(string) bool) *pageWriter {
	w := &pageWriter{t: t, fs: sfs, check: check, done: map[string]PageBuild{}, failed: map[string]error{}, retry: map[string]bool{}, inside: map[string]bool{}}
	w.batch.OnError = w.renameFailed
	w.batch.Hold = hold
	return w
}

// flush makes the staged pages durable and renames them into place; a page whose rename
// failed is moved from the changed pages to ares.Failed.
func (w *pageWriter) flush(ares *Result) error {
	if err := w.batch.Flush(); err != nil {
		return fmt.Errorf("writing pages: %w", err)
	}
	if ares == nil {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range ares.Pages {
		if w.retry[p.Path] {
			pb := w.done[p.Path]
			pb.Changed, pb.Rewritten = false, false
			w.done[p.Path] = pb
		} else if ferr := w.failed[p.Path]; ferr != nil {
			pb := w.done[p.Path]
			pb.Changed, pb.Rewritten = false, false
			w.done[p.Path] = pb
			ares.Failed = append(ares.Failed, failure(strings.TrimPrefix(p.Path, "/"), notWritten(ferr)))
		}
	}
	return nil
}

// result reports the analysed pages as the writer handled them.
func (w *pageWriter) result(ares *Result, copyFailed []Diagnostic, scanned int) *BuildResult {
	res := &BuildResult{Analysis: ares, Diagnostics: ares.Diagnostics, Failed: append(copyFailed, ares.Failed...), Scanned: scanned}
	for p := range w.retry {
		res.Retry = append(res.Retry, p)
	}
	sort.Strings(res.Retry)
	sort.SliceStable(res.Failed, func(i, j int) bool { return res.Failed[i].File < res.Failed[j].File })
	for _, p := range ares.Pages {
		pb, ok := w.done[p.Path]
		if !ok {
			pb = PageBuild{Page: p.Path, Hints: p.Hints}
		}
		res.Pages = append(res.Pages, pb)
		if pb.Changed {
			res.Changed++
			res.HintsAdded += pb.Added
			res.SavedRTT += pb.SavedRTT
		}
		if pb.Rewritten {
			res.Rewritten++
		} else if ok {
			res.Kept++
		}
		if ok {
			res.PageHints += pb.Added
		}
		n := 0
		for _, h := range p.Hints {
			if h.Header {
				n++
			}
		}
		res.HeaderHints += n
		if n > 0 {
			res.HeaderPages++
		}
	}
	sort.Slice(res.Pages, func(i, j int) bool { return res.Pages[i].Page < res.Pages[j].Page })
	return res
}

func (w *pageWriter) renameFailed(name string, err error) {
	rel, rerr := filepath.Rel(w.t.root, name)
	if rerr != nil {
		return
	}
	w.mu.Lock()
	if errors.Is(err, atomicfile.ErrChanged) || errors.Is(err, atomicfile.ErrHeld) {
		w.retry["/"+filepath.ToSlash(rel)] = true
	} else {
		w.failed["/"+filepath.ToSlash(rel)] = err
	}
	w.mu.Unlock()
}

// onPage rewrites one page and stages the write (flush makes it happen). It returns the
// bytes staged, nil when the page is left as it is.
func (w *pageWriter) onPage(p *Page) ([]byte, error) {
	name := strings.TrimPrefix(p.Path, "/")
	orig := w.fs.original(name, p.HTML)
	was, stamped := w.fs.stamp(name) // taken here whatever comes, or a run would keep them all
	fixed, err := w.repair(p)
	if err != nil {
		return nil, err
	}
	var spec emit.Speculation
	if w.spec != nil {
		pr := w.spec.Inline(p.Path)
		spec = emit.Speculation{Rules: pr.Script, Nonce: pr.Nonce}
		w.mu.Lock()
		if pr.Router != "" {
			w.specRouter = pr.Router // reported once for the site (writeSpeculation)
		} else if pr.Skipped != "" {
			w.specSkipped = append(w.specSkipped, warn(name, "no speculation rules: %s", pr.Skipped))
		} else if pr.Script != "" {
			w.specPages++
		}
		w.mu.Unlock()
	}
	var out, buf []byte
	var added int
	if w.reuse {
		if b, _ := w.outs.Get().(*[]byte); b != nil {
			buf = *b
		}
		defer func() {
			// out is new memory (buf's, or made by the rewrite) unless it is the page as
			// read.
			if len(out) > 0 && !sameStart(out, p.HTML) {
				buf = out
			}
			if cap(buf) > 0 && cap(buf) <= maxReused {
				w.outs.Put(&buf)
			}
			// The page as read (not a repair's) goes back to the reader, with -out: a page
			// replaced in place keeps the bytes it was read as until its rename, to
			// compare (atomicfile.Batch.StageIf).
			if w.t.out && stamped && was.isStripped(p.HTML) {
				if cap(p.HTML) <= maxReused {
					w.fs.reuse(p.HTML)
				}
				p.HTML = nil
			}
		}()
	}
	if stamped && was.isStripped(p.HTML) {
		out, added = emit.RewriteStrippedInto(buf, p.HTML, p.Hints, spec) // read through the build: no block left
	} else {
		out, added = emit.RewriteWith(p.HTML, p.Hints, spec)
	}
	pb := PageBuild{Page: p.Path, Hints: p.Hints, Added: added, Fixed: fixed, Rewritten: !bytesEqual(out, orig)}
	if added > 0 {
		pb.SavedRTT = p.SavedRTT
		pb.Saving = p.Saving
	}
	if w.t.out {
		pb.Changed, err = w.writeOut(name, out, was, stamped, !pb.Rewritten)
	} else if !bytesEqual(out, orig) {
		pb.Changed = true
		if !w.check {
			if !stamped {
				return nil, fmt.Errorf("not written: %s was not read through the build", name) // cannot happen
			}
			err = w.write(name, out, 0, &was.Stamp, orig)
		}
	}
	if err != nil {
		pb.Changed, pb.Rewritten = false, false
	}
	w.mu.Lock()
	w.done[p.Path] = pb
	w.mu.Unlock()
	if err != nil || !pb.Changed || w.check || w.reuse {
		return nil, err
	}
	return out, nil
}

// writeOut puts a page into the output tree unless it already holds these bytes. read is
// the site's page as the analysis read it (ok false: unknown), whose mode the copy gets.
// kept says data are the site's page as it was read: a page new to the tree is then
// linked to it (linkKept) rather than written.
func (w *pageWriter) writeOut(name string, data []byte, read readStamp, ok, kept bool) (bool, error) {
	dst := filepath.Join(w.t.root, filepath.FromSlash(name))
	// A fresh -out holds no page yet: one lstat says so, and write need not ask again.
	st, err := os.Lstat(dst)
	absent := errors.Is(err, fs.ErrNotExist)
	if err == nil && (!st.Mode().IsRegular() || st.Size() == int64(len(data))) {
		if cur, err := os.ReadFile(dst); err == nil && bytesEqual(cur, data) {
			return false, nil
		}
	}
	if w.check {
		return true, nil
	}
	perm := read.perm
	if !ok {
		st, err := os.Stat(filepath.Join(w.t.site, filepath.FromSlash(name)))
		if err != nil {
			return false, notWritten(err)
		}
		perm = st.Mode().Perm()
	}
	if absent {
		var link *readStamp
		if kept && ok {
			link = &read
		}
		return true, w.writeNew(name, data, perm, link)
	}
	return true, w.write(name, data, perm, nil, nil)
}

// write replaces the page name (a slash path relative to the root) with data, refusing
// anything that is not a regular file inside the root. perm 0 keeps the current mode. was,
// when set, is the page's stamp when it was read, and orig its bytes: the page is then
// replaced only if it is still that version.
func (w *pageWriter) write(name string, data []byte, perm os.FileMode, was *atomicfile.Stamp, orig []byte) error {
	dst, err := w.dest(name)
	if err != nil {
		return err
	}
	st, err := os.Lstat(dst)
	switch {
	case err == nil && !st.Mode().IsRegular():
		return errors.New("not written: not a regular file (symlink?)")
	case err == nil && perm == 0:
		perm = st.Mode().Perm()
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return notWritten(err)
	case perm == 0:
		perm = 0o644
	}
	return w.stage(dst, data, perm, was, orig)
}

// writeNew is write for a page the output tree was just seen not to hold. link, when
// set, is the stamp of the site's page, whose bytes data are: the page is then linked to
// it when it can be (linkKept).
func (w *pageWriter) writeNew(name string, data []byte, perm os.FileMode, link *readStamp) error {
	dst, err := w.dest(name)
	if err != nil {
		return err
	}
	if link != nil && w.linkKept(name, dst, *link) {
		return nil
	}
	return w.stage(dst, data, perm, nil, nil)
}

// linkKept makes dst, a name the output tree does not hold, a hard link to the site's page
// name, as the copy does for the site's other files: a page the build leaves as it was
// (rustdoc's pages get header hints only) then costs no new file and no bytes written. The
// link is kept only if it is still the file the analysis read (its size, mtime and inode;
// link(2) changes the ctime). A page written within the last second, whose mtime may not
// have ticked, is not linked, nor is one on another filesystem: the caller writes them.
func (w *pageWriter) linkKept(name, dst string, read readStamp) bool {
	if read.Ino == 0 || time.Since(read.ModTime) < time.Second {
		return false
	}
	if os.Link(filepath.Join(w.t.site, filepath.FromSlash(name)), dst) != nil {
		return false
	}
	st, err := os.Lstat(dst)
	if err == nil && st.Mode().IsRegular() {
		s := atomicfile.StampOf(st)
		if s.Size == read.Size && s.ModTime.Equal(read.ModTime) && s.Ino == read.Ino {
			return true
		}
	}
	os.Remove(dst) // made just now, and not the page that was read: write the bytes instead
	return false
}

// dest returns where the page name (a slash path relative to the root) is written,
// refusing a name outside the site and a directory that leads outside the root
// (checkInside).
func (w *pageWriter) dest(name string) (string, error) {
	if !validRel(name) {
		return "", fmt.Errorf("not written: %q is not a path inside the site", name)
	}
	dst := filepath.Join(w.t.root, filepath.FromSlash(name))
	return dst, w.checkInside(filepath.Dir(dst))
}

func (w *pageWriter) stage(dst string, data []byte, perm os.FileMode, was *atomicfile.Stamp, orig []byte) error {
	var err error
	if was != nil {
		err = w.batch.StageIf(dst, data, perm, *was, orig)
	} else {
		err = w.batch.Stage(dst, data, perm)
	}
	if err != nil {
		return notWritten(err)
	}
	return nil
}

// checkInside refuses a directory that resolves (through symlinks) outside the root. A
// directory found inside is remembered for the rest of the run: resolving it lstats every
// component of its path, which for 32,000 pages was most of a build's stat calls. A
// directory whose parent was found inside and which is itself a directory, not a symlink,
// lies inside too: one lstat says so (see isInside).
func (w *pageWriter) checkInside(dir string) error {
	w.mu.Lock()
	ok := w.inside[dir]
	w.mu.Unlock()
	if ok {
		return nil
	}
	if w.t.out && !w.check {
		if err := w.t.copyDir(dir); err != nil {
			return notWritten(err)
		}
	}
	if w.isInside(dir) {
		return nil
	}
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return notWritten(err)
	}
	if realDir != w.t.realRoot && !within(w.t.realRoot, realDir) {
		return fmt.Errorf("not written: its directory resolves to %s, outside %s", realDir, w.t.root)
	}
	w.mu.Lock()
	w.inside[dir] = true
	w.mu.Unlock()
	return nil
}

// isInside reports whether dir, a directory below the root (by its name), is known to lie
// inside it: the root itself, or a real directory (lstat: not a symlink) whose parent is
// inside, asked the same way up to a directory found before. It remembers each directory
// it finds inside. false means only "not known": checkInside then resolves dir in full.
func (w *pageWriter) isInside(dir string) bool {
	w.mu.Lock()
	ok := w.inside[dir]
	w.mu.Unlock()
	if ok {
		return true
	}
	if dir != w.t.root {
		parent := filepath.Dir(dir)
		if parent == dir || !within(w.t.root, dir) || !w.isInside(parent) {
			return false
		}
		if st, err := os.Lstat(dir); err != nil || !st.IsDir() {
			return false
		}
	} else if !w.rootInside() {
		return false
	}
	w.mu.Lock()
	w.inside[dir] = true
	w.mu.Unlock()
	return true
}

// rootInside reports whether the root, as named, resolves to the root the run resolved
// at its start (a symlink swapped in since fails).
func (w *pageWriter) rootInside() bool {
	real, err := filepath.EvalSymlinks(w.t.root)
	return err == nil && real == w.t.realRoot
}

// unjoin returns the errors an errors.Join holds, or err itself.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// notWritten names the cause of a failed write without repeating the file name, which the
// report prints in front.
func notWritten(err error) error {
	cause := err
	var pe *os.PathError
	var le *os.LinkError
	if errors.As(err, &pe) {
		cause = pe.Err
	} else if errors.As(err, &le) {
		cause = le.Err
	}
	return fmt.Errorf("not written: %w", cause)
}

func validRel(name string) bool {
	return name != "" && !path.IsAbs(name) && path.Clean(name) == name && name != ".." && !strings.HasPrefix(name, "../")
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }

// maxReused bounds the buffers a build reuses (pageWriter.reuse): a buffer held for
// reuse is live memory, which the collector's pacing (GOGC 400: collect when the heap
// has grown fivefold) multiplies, and the few pages larger than that are better read
// and written anew. Buffers of the largest pages held for reuse raised the peak RSS of
// a build of the Python docs from 150 MB to 190 MB.
const maxReused = 1 << 20

// sameStart reports whether a and b start at the same byte of memory (both not empty).
func sameStart(a, b []byte) bool { return len(a) > 0 && len(b) > 0 && &a[0] == &b[0] }
