// Package watch keeps a built site's hints current while a static site generator rewrites
// it: it builds once, then watches every directory of the site and, after each burst of
// changes, rebuilds only the pages the change can reach (preloadgen.Incremental).
//
// The shape follows the habits of esbuild's and minify's watchers and the fsnotify README:
//   - inotify is not recursive, so every directory gets its own watch, added as it appears
//     (its files are then taken as changed, since they may predate the watch) and dropped as
//     it goes; the site's parent is watched too, so a generator that deletes and recreates
//     the whole output directory is followed.
//   - Events are collected by one goroutine (it never blocks on a build, so a burst cannot
//     overflow the kernel queue while a build runs) and handed to a build goroutine after
//     Debounce of quiet: one build per burst. The quiet time grows with a long burst, to
//     five times Debounce, and a removal asks for that much at once: it is most often a
//     generator's clean, and a build then would write into a tree being removed.
//   - No byte a generator writes is lost. A file being written (see writers.go) is left
//     out of every batch until it is finished, and is never replaced while open; a page
//     that changed after the build read it is left as it is (compare and swap, see
//     atomicfile.StageIf) and queued again.
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

	"github.com/preloadgen/preloadgen"
)

// DefaultDebounce is the quiet time after the last event before a rebuild starts, where
// the platform tells when a file is finished being written (close-write events: Linux) and
// where it does not. With close-write events the pause only gathers a burst into one
// build; without them it is also how a finished file is told from a paused writer.
const (
	DefaultDebounce           = 100 * time.Millisecond
	DefaultDebounceCloseWrite = 20 * time.Millisecond
)

// Options configure Run.
type Options struct {
	// Build is what each run does; Build.Dir is the site to watch.
	Build preloadgen.BuildOptions
	// Debounce is the quiet time before a rebuild; zero means DefaultDebounceCloseWrite
	// where close-write events exist, else DefaultDebounce.
	Debounce time.Duration
	// Portable, when set, watches through fsnotify without close-write events even where
	// the platform has them (the way watch works on macOS and Windows).
	Portable bool
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
	Retry     []string      // pages left as they are: another program was writing them (queued again)
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
	if len(r.Retry) > 0 {
		fmt.Fprintf(&b, ", %d left while being written (%s)", len(r.Retry), list(r.Retry, 3))
	}
	if len(r.Configs) > 0 {
		fmt.Fprintf(&b, ", %d configs written", len(r.Configs))
	}
	if res := r.Result; res != nil {
		cerr := res.ConfigFailure()
		if n := len(res.Failed); n > 0 && (cerr == nil || n > 1) {
			if cerr != nil {
				n--
			}
			fmt.Fprintf(&b, ", %d failed", n)
		}
		if cerr != nil {
			fmt.Fprintf(&b, ", configs not written: %v", errors.Unwrap(cerr))
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
	site, err := filepath.Abs(o.Build.Source.Dir)
	if err != nil {
		return err
	}
	if st, err := os.Stat(site); err != nil {
		return err
	} else if !st.IsDir() {
		return fmt.Errorf("%s: not a directory", o.Build.Source.Dir)
	}
	newN := newNotifier
	if o.Portable {
		newN = newFSNotifier
	}
	fsw, err := newN()
	if err != nil {
		return limitError(site, err)
	}
	defer fsw.Close()
	if o.Debounce <= 0 {
		o.Debounce = DefaultDebounce
		if fsw.CloseWrite() {
			o.Debounce = DefaultDebounceCloseWrite
		}
	}
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
	o       Options
	site    string
	fsw     notifier
	tree    *tree
	self    *selfWrites
	writers *writers
	inc     *preloadgen.Incremental
	pend    map[string]bool
	full    bool
}

func newWatcher(o Options, site string, fsw notifier) *watcher {
	self := newSelfWrites()
	wr := newWriters(fsw.CloseWrite())
	inc := preloadgen.NewIncremental(o.Build)
	inc.OnWrite = self.record
	inc.Hold = wr.busy
	return &watcher{
		o: o, site: site, fsw: fsw, self: self, writers: wr, inc: inc,
		tree: newTree(site, fsw, skipDirs(o.Build, site)),
		pend: map[string]bool{},
	}
}

// built is what the build goroutine hands back.
type built struct {
	err   error
	retry []string // absolute paths of pages to build again
}

// loop is the collecting goroutine: it owns the watches and the pending set.
func (w *watcher) loop(ctx context.Context) error {
	jobs := make(chan batch)
	done := make(chan built, 1)
	go func() {
		for b := range jobs {
			done <- w.build(ctx, b)
		}
	}()
	defer close(jobs)

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	busy, quiet := true, false
	var burst, last time.Time // the first and the last event of the current burst
	jobs <- batch{full: true, initial: true}
	touch := func() {
		now := time.Now()
		if now.Sub(last) > longestQuiet(w.o.Debounce) {
			burst = now // a long pause ends a burst; a build in between does not
		}
		last = now
		quiet = false
		timer.Reset(debounce(w.o.Debounce, now.Sub(burst)))
	}
	dispatch := func() {
		if busy || !quiet || w.tree.gone {
			return
		}
		b := batch{full: w.full}
		for p := range w.pend {
			if w.writers.busy(p) {
				continue // not finished: it waits for its close (or for the stability check)
			}
			b.paths = append(b.paths, p)
			delete(w.pend, p)
		}
		if len(b.paths) == 0 && !b.full {
			return
		}
		sort.Strings(b.paths)
		w.full = false
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
		case r := <-done:
			busy = false
			if r.err != nil {
				return r.err
			}
			if len(r.retry) > 0 {
				for _, p := range r.retry {
					w.pend[p] = true
				}
				touch()
			}
			dispatch()
		case ev, ok := <-w.fsw.Events():
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
			switch {
			case relevant && ev.op.has(opMovedIn) && w.self.wrote(filepath.Clean(ev.name)):
				// Most likely the tool's own rename (the build sorts it out by content): it
				// waits for a quiet period but does not make a burst last longer.
				quiet = false
				timer.Reset(w.o.Debounce)
			case relevant && ev.op.has(opRemove):
				// A removal is most often a generator's clean, the new files still to come:
				// the burst's longest quiet time, so no build writes into a tree being removed
				// (an rm -rf of the site failed with "directory not empty" when one did).
				touch()
				timer.Reset(longestQuiet(w.o.Debounce))
			case relevant:
				touch()
			}
		case err, ok := <-w.fsw.Errors():
			if !ok {
				return errors.New("file watcher closed")
			}
			if errors.Is(err, errOverflow) {
				// Events were lost: only a full build is sure to be right. The files known
				// to be open stay held; others are protected by the compare and swap.
				w.full = true
				touch()
				err = fmt.Errorf("%s: too many changes at once, events were lost; rebuilding everything (raise fs.inotify.max_queued_events to avoid this): %w", w.site, err)
			}
			if w.o.OnError != nil {
				w.o.OnError(err)
			}
		case <-timer.C:
			quiet = true
			for _, p := range w.writers.settle(time.Now(), w.o.Debounce) {
				w.pend[p] = true
			}
			dispatch()
			if w.writers.count() > 0 {
				// Look again later: without close-write events a file is finished when it
				// stops changing; with them, a missing close is given up on eventually.
				timer.Reset(w.recheck())
			}
		}
	}
}

// debounce is the quiet time that ends a burst which has lasted for so far: base for a
// single change, so one edited page is rebuilt at once, growing with the burst up to five
// times base, so a generator that rewrites the site in a long burst, with the odd pause
// between files, gets one build at the end rather than one per pause.
func debounce(base, so time.Duration) time.Duration {
	return min(max(base, so/4), longestQuiet(base))
}

// longestQuiet is the longest quiet time a burst waits for (debounce's bound), and the
// pause that ends a burst.
func longestQuiet(base time.Duration) time.Duration { return 5 * base }

// recheck is how often files still being written are looked at while all is quiet.
func (w *watcher) recheck() time.Duration {
	if w.fsw.CloseWrite() {
		return stuckAfter / 4
	}
	return max(w.o.Debounce, stableFor/4)
}

// handle takes one event into the pending set; relevant reports whether it counts as
// activity (it restarts the quiet period).
func (w *watcher) handle(ev event) (relevant bool, err error) {
	name := filepath.Clean(ev.name)
	if ev.op == 0 {
		return false, nil
	}
	if name == w.site {
		switch {
		case ev.op.has(opCreate):
			// The site directory was (re)created: watch it anew and build it all.
			w.tree.reset()
			if err := w.tree.add(w.site, nil); err != nil {
				return false, err
			}
			w.full = true
			return true, nil
		case ev.op.has(opRemove) || ev.op.has(opRename):
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
	now := time.Now()
	if ev.op.has(opRemove) || ev.op.has(opRename) {
		w.tree.drop(name)
		w.writers.done(name)
	}
	if ev.op.has(opCreate) {
		st, err := os.Lstat(name)
		switch {
		case err != nil:
		case st.IsDir():
			// Files may have landed in it before the watch did: take them all as changed.
			if err := w.tree.add(name, func(f string) { w.pend[f] = true }); err != nil {
				return false, err
			}
		case ev.op.has(opMovedIn) || !st.Mode().IsRegular() || hardLinked(st):
			w.writers.done(name) // arrived whole: by rename, as a link
		default:
			w.writers.writing(name, now) // created by open(): its close-write follows
		}
	}
	if ev.op.has(opWrite) {
		w.writers.writing(name, now)
	}
	if ev.op.has(opCloseWrite) {
		w.writers.done(name)
	}
	w.pend[name] = true
	return true, nil
}

// build runs one batch on the build goroutine. It returns an error only when watching
// must stop.
func (w *watcher) build(ctx context.Context, b batch) built {
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
		return built{}
	}
	var res *preloadgen.BuildResult
	var err error
	if b.full {
		res, err = w.inc.Build(ctx)
	} else {
		res, err = w.inc.Update(ctx, changed)
	}
	if ctx.Err() != nil {
		return built{}
	}
	r := Report{Initial: b.initial, Full: b.full, Changed: changed, Duration: time.Since(start), Result: res, Err: err}
	if err != nil && b.initial {
		return built{err: err}
	}
	var out built
	if res != nil {
		r.Retry = res.Retry
		for _, p := range res.Retry {
			out.retry = append(out.retry, filepath.Join(w.site, filepath.FromSlash(strings.TrimPrefix(p, "/"))))
		}
		r.Analysed = res.Scanned
		for _, p := range res.Pages {
			if p.Changed {
				r.Rewritten = append(r.Rewritten, p.Page)
			}
		}
		if res.Configs != nil {
			r.Configs = res.Configs.Written
		}
		if !b.full && err == nil && r.Analysed == 0 && len(r.Configs) == 0 && len(res.Failed) == 0 {
			return out // nothing reaches the change: not a rebuild
		}
	}
	if w.o.OnRebuild != nil {
		w.o.OnRebuild(r)
	}
	return out
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
	for _, s := range o.Source.Skip {
		skip = append(skip, filepath.Join(site, filepath.FromSlash(strings.TrimPrefix(s, "/"))))
	}
	return skip
}
