// Package watch keeps a built site's hints current while a static site generator rewrites
// it: it builds once, then watches every directory of the site and, after each burst of
// changes, rebuilds only the pages the change can reach (preloadgen.Incremental).
//
// The shape follows the habits of esbuild's and minify's watchers and the fsnotify README:
//   - fsnotify is not recursive, so every directory gets its own watch, added as it appears
//     (its files are then taken as changed, since they may predate the watch) and dropped as
//     it goes; the site's parent is watched too, so a generator that deletes and recreates
//     the whole output directory is followed.
//   - Events are collected by one goroutine (it never blocks on a build, so a burst cannot
//     overflow the kernel queue while a build runs) and handed to a build goroutine after
//     Debounce of quiet: one build per burst.
//   - The tool's own writes end in events too. It remembers the hash of every file it wrote
//     and drops events whose file still holds exactly those bytes; the temp files of its
//     atomic writes are ignored by name, and the config dir lies outside the watched tree.
//     A batch that is left empty builds nothing, so there are no loops by construction.
package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/preloadgen/preloadgen"
)

// DefaultDebounce is the quiet time after the last event before a rebuild starts.
const DefaultDebounce = 100 * time.Millisecond

// Options configure Run.
type Options struct {
	// Build is what each run does; Build.Dir is the site to watch.
	Build preloadgen.BuildOptions
	// Debounce is the quiet time before a rebuild; zero means DefaultDebounce.
	Debounce time.Duration
	// OnRebuild, when set, receives a report after the first build and after every
	// rebuild that had something to do (a batch made only of the tool's own writes, or of
	// files no page reaches, builds nothing and is not reported). It is called from the
	// build goroutine; the next build waits for it to return.
	OnRebuild func(Report)
	// OnError, when set, receives problems that do not stop watching (a lost event queue,
	// a directory that could not be watched).
	OnError func(error)
}

// Report describes one build.
type Report struct {
	Initial   bool          // the first, full build
	Full      bool          // a full build (the first, or after the site was recreated or events were lost)
	Changed   []string      // site paths that changed, sorted (files or directories)
	Analysed  int           // pages analysed
	Rewritten []string      // pages written, sorted
	Configs   []string      // config files written
	Duration  time.Duration // from the start of the build to the end of the last write
	Result    *preloadgen.BuildResult
	Err       error // the build failed as a whole; the watch goes on
}

// String is the one-line summary watch prints per build.
func (r Report) String() string {
	var b strings.Builder
	verb := "rebuilt"
	if r.Full {
		verb = "built"
	}
	if r.Err != nil {
		verb += " with an error"
	}
	fmt.Fprintf(&b, "%s in %s", verb, r.Duration.Round(100*time.Microsecond))
	if len(r.Changed) > 0 {
		fmt.Fprintf(&b, ": %d changed (%s)", len(r.Changed), list(r.Changed, 3))
	}
	if r.Err != nil {
		fmt.Fprintf(&b, ": %v", r.Err)
		return b.String()
	}
	fmt.Fprintf(&b, "; %d pages analysed, %d rewritten", r.Analysed, len(r.Rewritten))
	if len(r.Rewritten) > 0 && !r.Full {
		fmt.Fprintf(&b, " (%s)", list(r.Rewritten, 3))
	}
	if len(r.Configs) > 0 {
		fmt.Fprintf(&b, ", %d configs written", len(r.Configs))
	}
	if res := r.Result; res != nil {
		if len(res.Failed) > 0 {
			fmt.Fprintf(&b, ", %d failed", len(res.Failed))
		}
		if res.ConfigError != "" {
			fmt.Fprintf(&b, ", configs not written: %s", res.ConfigError)
		}
	}
	return b.String()
}

func list(s []string, n int) string {
	if len(s) <= n {
		return strings.Join(s, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(s[:n], ", "), len(s)-n)
}

// Run builds the site, then watches it and rebuilds what each burst of changes affects,
// until ctx is done (it then returns nil). It returns an error when watching cannot start
// or cannot go on (the first build fails as a whole, or the inotify limits are reached).
func Run(ctx context.Context, o Options) error {
	if o.Debounce <= 0 {
		o.Debounce = DefaultDebounce
	}
	site, err := filepath.Abs(o.Build.Dir)
	if err != nil {
		return err
	}
	if st, err := os.Stat(site); err != nil {
		return err
	} else if !st.IsDir() {
		return fmt.Errorf("%s: not a directory", o.Build.Dir)
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return limitError(site, err)
	}
	defer fsw.Close()
	w := newWatcher(o, site, fsw)
	if err := w.tree.watchParent(); err != nil && o.OnError != nil {
		o.OnError(err)
	}
	if err := w.tree.add(site, nil); err != nil {
		return err
	}
	return w.loop(ctx)
}

// batch is the work handed to the build goroutine.
type batch struct {
	paths   []string // absolute
	full    bool
	initial bool
}

type watcher struct {
	o     Options
	site  string
	fsw   *fsnotify.Watcher
	tree  *tree
	self  *selfWrites
	inc   *preloadgen.Incremental
	pend  map[string]bool
	full  bool
	fatal chan error
}

func newWatcher(o Options, site string, fsw *fsnotify.Watcher) *watcher {
	self := newSelfWrites()
	inc := preloadgen.NewIncremental(o.Build)
	inc.OnWrite = self.record
	return &watcher{
		o: o, site: site, fsw: fsw, self: self, inc: inc,
		tree: newTree(site, fsw, skipDirs(o.Build, site)),
		pend: map[string]bool{},
	}
}

// loop is the collecting goroutine: it owns the watches and the pending set.
func (w *watcher) loop(ctx context.Context) error {
	jobs := make(chan batch)
	done := make(chan error, 1)
	go func() {
		for b := range jobs {
			done <- w.build(ctx, b)
		}
	}()
	defer close(jobs)

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	busy, quiet := true, false
	jobs <- batch{full: true, initial: true}
	touch := func() {
		quiet = false
		timer.Reset(w.o.Debounce)
	}
	dispatch := func() {
		if busy || !quiet || (len(w.pend) == 0 && !w.full) || w.tree.gone {
			return
		}
		b := batch{full: w.full}
		for p := range w.pend {
			b.paths = append(b.paths, p)
		}
		sort.Strings(b.paths)
		w.pend, w.full = map[string]bool{}, false
		busy = true
		jobs <- b
	}
	for {
		select {
		case <-ctx.Done():
			if busy {
				<-done
			}
			return nil
		case err := <-done:
			busy = false
			if err != nil {
				return err
			}
			dispatch()
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return errors.New("file watcher closed")
			}
			relevant, err := w.handle(ev)
			if err != nil {
				if busy {
					<-done
				}
				return err
			}
			if relevant {
				touch()
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return errors.New("file watcher closed")
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: only a full build is sure to be right.
				w.full = true
				touch()
				err = fmt.Errorf("%s: too many changes at once, events were lost; rebuilding everything (raise fs.inotify.max_queued_events to avoid this): %w", w.site, err)
			}
			if w.o.OnError != nil {
				w.o.OnError(err)
			}
		case <-timer.C:
			quiet = true
			dispatch()
		}
	}
}

// handle takes one event into the pending set; relevant reports whether it counts as
// activity (it restarts the quiet period).
func (w *watcher) handle(ev fsnotify.Event) (relevant bool, err error) {
	name := filepath.Clean(ev.Name)
	if ev.Op == fsnotify.Chmod || ev.Op == 0 {
		return false, nil
	}
	if name == w.site {
		switch {
		case ev.Has(fsnotify.Create):
			// The site directory was (re)created: watch it anew and build it all.
			w.tree.reset()
			if err := w.tree.add(w.site, nil); err != nil {
				return false, err
			}
			w.full = true
			return true, nil
		case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
			w.tree.reset()
			w.tree.gone = true
			w.pend = map[string]bool{}
			return true, nil
		}
		return false, nil
	}
	if !w.tree.inside(name) || w.tree.ignored(name) {
		return false, nil
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.tree.drop(name)
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(name); err == nil && st.IsDir() {
			// Files may have landed in it before the watch did: take them all as changed.
			if err := w.tree.add(name, func(f string) { w.pend[f] = true }); err != nil {
				return false, err
			}
		}
	}
	w.pend[name] = true
	return true, nil
}

// build runs one batch on the build goroutine. It returns an error only when watching
// must stop.
func (w *watcher) build(ctx context.Context, b batch) error {
	start := time.Now()
	var changed []string
	for _, p := range w.self.filter(b.paths) {
		rel, err := filepath.Rel(w.site, p)
		if err != nil {
			continue
		}
		changed = append(changed, "/"+filepath.ToSlash(rel))
	}
	if len(changed) == 0 && !b.full {
		return nil
	}
	var res *preloadgen.BuildResult
	var err error
	if b.full {
		res, err = w.inc.Build(ctx)
	} else {
		res, err = w.inc.Update(ctx, changed)
	}
	if ctx.Err() != nil {
		return nil
	}
	r := Report{Initial: b.initial, Full: b.full, Changed: changed, Duration: time.Since(start), Result: res, Err: err}
	if err != nil && b.initial {
		return err
	}
	if res != nil {
		r.Analysed = res.Scanned
		for _, p := range res.Pages {
			if p.Changed {
				r.Rewritten = append(r.Rewritten, p.Page)
			}
		}
		if res.Configs != nil {
			r.Configs = res.Configs.Written
		}
		if !b.full && err == nil && r.Analysed == 0 && len(r.Configs) == 0 && len(res.Failed) == 0 && res.ConfigError == "" {
			return nil // nothing reaches the change: not a rebuild
		}
	}
	if w.o.OnRebuild != nil {
		w.o.OnRebuild(r)
	}
	return nil
}

// skipDirs lists the absolute directories not to watch: the -out tree when it lies inside
// the site, and the configured skips.
func skipDirs(o preloadgen.BuildOptions, site string) []string {
	var skip []string
	if o.Out != "" {
		if out, err := filepath.Abs(o.Out); err == nil {
			skip = append(skip, out)
		}
	}
	for _, s := range o.Skip {
		skip = append(skip, filepath.Join(site, filepath.FromSlash(strings.TrimPrefix(s, "/"))))
	}
	return skip
}
