package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/treecopy"
)

// Integration tests: a real copy of a fixture site in a temp dir, real inotify, real builds.
// Waiting is polling with deadlines; no sleep stands for an assertion of speed.

// The deadline only bounds how long a failing test waits: CI runs every package at once on
// two cores, where a first build of 1,000 pages can take many seconds.
const deadline = 60 * time.Second

type harness struct {
	t    *testing.T
	site string
	cfg  string

	mu      sync.Mutex
	reports []Report
	errs    []error

	cancel context.CancelFunc
	done   chan error
}

// start copies the blog fixture (prepared by prep, if set) and watches it.
func start(t *testing.T, prep func(site string)) *harness {
	t.Helper()
	return startWith(t, prep, nil)
}

// startWith is start with the watch options adjusted by opt, when set.
func startWith(t *testing.T, prep func(site string), opt func(*Options)) *harness {
	t.Helper()
	root := t.TempDir()
	h := &harness{t: t, site: filepath.Join(root, "public"), cfg: filepath.Join(root, "preloadgen-config"), done: make(chan error, 1)}
	treecopy.Copy(t, filepath.Join("..", "fixtures", "blog"), h.site)
	if prep != nil {
		prep(h.site)
	}
	o := Options{
		// A large yield budget: every used font gets a hint whatever its size, so the
		// tests can watch font hints come and go.
		Build: preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: h.site}, Policy: graph.Policy{YieldBytes: 1 << 20}}, ConfigDir: h.cfg},
	}
	if opt != nil {
		opt(&o)
	}
	runHarness(t, h, o)
	return h
}

// runHarness runs watch with o for h (its reports and errors go to h) until the test ends,
// and waits for the first build.
func runHarness(t *testing.T, h *harness, o Options) {
	t.Helper()
	o.OnRebuild = func(r Report) { h.mu.Lock(); h.reports = append(h.reports, r); h.mu.Unlock() }
	o.OnError = func(err error) { h.mu.Lock(); h.errs = append(h.errs, err); h.mu.Unlock() }
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- Run(ctx, o) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-h.done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(deadline):
			t.Errorf("Run did not return after cancel")
		}
	})
	h.waitReports(1)
}

func (h *harness) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.reports)
}

func (h *harness) report(i int) Report {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.reports[i]
}

// waitReports waits until at least n reports arrived.
func (h *harness) waitReports(n int) {
	h.t.Helper()
	h.eventually(fmt.Sprintf("%d build reports", n), func() bool { return h.count() >= n })
}

// eventually polls cond until it holds or the deadline passes.
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		select {
		case err := <-h.done:
			h.t.Fatalf("Run returned while waiting for %s: %v", what, err)
		default:
		}
		if time.Now().After(end) {
			h.mu.Lock()
			var lines []string
			for _, r := range h.reports {
				lines = append(lines, r.String())
			}
			h.mu.Unlock()
			h.t.Fatalf("timed out waiting for %s; reports:\n%s", what, strings.Join(lines, "\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settle waits for a quiet second (no new report) and returns the number of reports.
func (h *harness) settle() int {
	h.t.Helper()
	n := h.count()
	for {
		time.Sleep(time.Second)
		m := h.count()
		if m == n {
			return n
		}
		n = m
	}
}

func (h *harness) path(sitePath string) string {
	return filepath.Join(h.site, filepath.FromSlash(strings.TrimPrefix(sitePath, "/")))
}

func (h *harness) read(sitePath string) string {
	b, _ := os.ReadFile(h.path(sitePath))
	return string(b)
}

// block returns the page's hint block ("" when it has none).
func block(page string) string {
	i := strings.Index(page, emit.BlockStart)
	j := strings.Index(page, emit.BlockEnd)
	if i < 0 || j < i {
		return ""
	}
	return page[i:j]
}

func (h *harness) write(sitePath, data string) {
	h.t.Helper()
	p := h.path(sitePath)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// generated returns a page as the generator writes it: without a hint block.
func (h *harness) generated(sitePath string) string {
	b, err := os.ReadFile(filepath.Join("..", "fixtures", "blog", filepath.FromSlash(strings.TrimPrefix(sitePath, "/"))))
	if err != nil {
		h.t.Fatal(err)
	}
	return string(emit.Strip(b))
}

func TestInitialBuildThenQuiet(t *testing.T) {
	h := start(t, nil)
	r := h.report(0)
	if !r.Initial || r.Err != nil || r.Analysed != 7 || len(r.Rewritten) != 7 {
		t.Fatalf("first report = %+v, want the initial build of 7 pages", r)
	}
	if block(h.read("/about/index.html")) == "" {
		t.Fatal("about/index.html has no hint block after the first build")
	}
	if _, err := os.Stat(filepath.Join(h.cfg, "preloadgen-manifest.json")); err != nil {
		t.Fatal(err)
	}
	// The build wrote 7 pages and _headers inside the watched tree: none of it may start
	// another build.
	if n := h.settle(); n != 1 {
		t.Fatalf("%d builds after a quiet second, want 1 (own writes must not trigger builds): %v", n, h.report(n-1))
	}
}

func TestCSSChangeAddsFontHint(t *testing.T) {
	h := start(t, func(site string) {
		// Small enough for the Early Hints window (graph.Policy.EarlyThink and friends), so
		// the header hints, and with them the manifest, carry it too.
		if err := os.WriteFile(filepath.Join(site, "fonts", "watch-sans.woff2"), bytes.Repeat([]byte{7}, 4000), 0o644); err != nil {
			t.Fatal(err)
		}
	})
	if strings.Contains(h.read("/about/index.html"), "watch-sans") {
		t.Fatal("hint present before the change")
	}
	h.write("/css/fonts.css", h.read("/css/fonts.css")+`
@font-face { font-family: "Watch Sans"; font-weight: 400; font-display: swap; src: url("/fonts/watch-sans.woff2") format("woff2"); }
`)
	h.write("/css/main.css", h.read("/css/main.css")+"\n.site-title { font-family: \"Watch Sans\", sans-serif; font-weight: 400; }\n")
	for _, p := range []string{"/about/index.html", "/index.html", "/posts/index.html"} {
		h.eventually(p+" hinting the new font", func() bool {
			return strings.Contains(block(h.read(p)), `href="/fonts/watch-sans.woff2" as="font"`)
		})
	}
	h.eventually("the manifest naming the new font", func() bool {
		b, _ := os.ReadFile(filepath.Join(h.cfg, "preloadgen-manifest.json"))
		return strings.Contains(string(b), "watch-sans.woff2")
	})
	n := h.settle()
	last := h.report(n - 1)
	if last.Err != nil || last.Full {
		t.Fatalf("last report %v: want an incremental rebuild", last)
	}
	if n > 3 {
		t.Errorf("%d builds for two CSS writes, want at most 3", n)
	}
}

func TestNewPageGetsHints(t *testing.T) {
	h := start(t, nil)
	// A new directory and its page in one go: the page may land before the watch does.
	h.write("/posts/fresh/index.html", h.generated("/posts/typography/index.html"))
	h.eventually("the new page's hint block", func() bool {
		return strings.Contains(block(h.read("/posts/fresh/index.html")), "lora-latin-700-normal.woff2")
	})
	n := h.settle()
	r := h.report(n - 1)
	if r.Analysed != 1 || len(r.Rewritten) != 1 || r.Rewritten[0] != "/posts/fresh/index.html" {
		t.Fatalf("last report %v: want only the new page analysed and rewritten", r)
	}
}

func TestDeletedAssetLosesHints(t *testing.T) {
	h := start(t, nil)
	const font = "/fonts/inter-latin-700-normal.woff2"
	if !strings.Contains(block(h.read("/about/index.html")), font) {
		t.Fatal("fixture: about/index.html does not hint", font)
	}
	if err := os.Remove(h.path(font)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/about/index.html", "/index.html", "/404.html"} {
		h.eventually(p+" without the deleted font", func() bool {
			b := block(h.read(p))
			return b != "" && !strings.Contains(b, font)
		})
	}
	h.eventually("the manifest without the deleted font", func() bool {
		b, _ := os.ReadFile(filepath.Join(h.cfg, "preloadgen-manifest.json"))
		return len(b) > 0 && !strings.Contains(string(b), font)
	})
	// And back: the pages that referenced the missing file get it again.
	if err := os.WriteFile(h.path(font), bytes.Repeat([]byte{1}, 24000), 0o644); err != nil {
		t.Fatal(err)
	}
	h.eventually("about/index.html hinting the restored font", func() bool {
		return strings.Contains(block(h.read("/about/index.html")), font)
	})
}

func TestEditorSavePatterns(t *testing.T) {
	h := start(t, nil)
	// Write a temp file and rename it over the page, as many editors do; the new content
	// has no hint block (as a generator would write it).
	page := "/about/index.html"
	fresh := strings.Replace(h.generated(page), "</main>", "<p>edited</p></main>", 1)
	tmp := h.path("/about/.index.html.swx")
	if err := os.WriteFile(tmp, []byte(fresh), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, h.path(page)); err != nil {
		t.Fatal(err)
	}
	h.eventually("the renamed-over page with the edit and its block back", func() bool {
		s := h.read(page)
		return strings.Contains(s, "edited") && block(s) != ""
	})
	// Delete, then create.
	page = "/posts/index.html"
	fresh = strings.Replace(h.generated(page), "</main>", "<p>recreated</p></main>", 1)
	if err := os.Remove(h.path(page)); err != nil {
		t.Fatal(err)
	}
	h.write(page, fresh)
	h.eventually("the deleted-then-created page with its block back", func() bool {
		s := h.read(page)
		return strings.Contains(s, "recreated") && block(s) != ""
	})
	n := h.settle()
	if h.report(n-1).Err != nil {
		t.Fatal(h.report(n - 1))
	}
}

func TestBurstOfWrites(t *testing.T) {
	h := start(t, nil)
	pages := []string{"/index.html", "/404.html", "/about/index.html", "/posts/index.html",
		"/posts/slow-networks/index.html", "/posts/typography/index.html", "/posts/russian-notes/index.html"}
	gen := map[string]string{}
	for _, p := range pages {
		gen[p] = h.generated(p)
	}
	css := h.read("/css/base.css")
	before := h.count()
	// pauses counts the writer's own pauses long enough to end a burst: each may start a
	// build of its own, which is right.
	pauses, last := 0, time.Now()
	for i := 0; i < 1000; i++ {
		if now := time.Now(); now.Sub(last) > longestQuiet(DefaultDebounceCloseWrite) {
			pauses++
		}
		if i%8 == 7 {
			h.write("/css/base.css", fmt.Sprintf("%s\n/* %d */\n", css, i))
		} else {
			p := pages[i%len(pages)]
			h.write(p, gen[p]) // the generator writes each page again and again, without hints
		}
		last = time.Now()
	}
	h.eventually("every page with its block back", func() bool {
		for _, p := range pages {
			if block(h.read(p)) == "" {
				return false
			}
		}
		return true
	})
	n := h.settle()
	// A burst is gathered into a handful of builds, not one per write: the debounce grows
	// with the burst. A starved writer (CI runs every package at once on two cores) can
	// still pause longer than the longest debounce mid-burst, and each such pause may end
	// the burst: those are allowed for.
	if got := n - before; got < 1 || got > 5+pauses {
		var lines []string
		for i := before; i < n; i++ {
			lines = append(lines, h.report(i).String())
		}
		t.Fatalf("%d rebuilds for a burst of 1000 writes with %d pauses of the writer over %v, want 1 to %d:\n%s", got, pauses, longestQuiet(DefaultDebounceCloseWrite), 5+pauses, strings.Join(lines, "\n"))
	}
}

func TestNoLoopAfterRebuild(t *testing.T) {
	h := start(t, nil)
	before := h.count()
	h.write("/about/index.html", h.generated("/about/index.html"))
	// A build may read the page while the write is still on its way (the events of the
	// first build's own renames can start one): that one analyses an empty page and
	// writes nothing, and the write's close brings the rebuild that rewrites it.
	at := -1
	h.eventually("about/index.html rewritten", func() bool {
		for i := before; i < h.count(); i++ {
			if r := h.report(i); len(r.Rewritten) == 1 && r.Rewritten[0] == "/about/index.html" {
				at = i
				return true
			}
		}
		return false
	})
	if n := h.settle(); n != at+1 {
		t.Fatalf("%d builds after the rebuild's quiet second, want none: %v", n-at-1, h.report(n-1))
	}
}

func TestSiteDeletedAndRecreated(t *testing.T) {
	h := start(t, nil)
	// The first build's own renames may start a second one; the generator's clean comes
	// after that, as a generator's next run comes after watch has settled. (Under load, a
	// build still staging its files made RemoveAll fail with "directory not empty".)
	h.settle()
	before := h.count()
	if err := os.RemoveAll(h.site); err != nil {
		filepath.WalkDir(h.site, func(p string, d os.DirEntry, err error) error { t.Log("left in the site:", p); return nil })
		t.Fatal(err)
	}
	// The generator writes everything anew, without hints.
	treecopy.Copy(t, filepath.Join("..", "fixtures", "blog"), h.site)
	for _, p := range []string{"/index.html", "/about/index.html", "/posts/typography/index.html"} {
		h.write(p, h.generated(p))
	}
	for _, p := range []string{"/index.html", "/about/index.html", "/posts/typography/index.html"} {
		h.eventually(p+" with its block back", func() bool { return block(h.read(p)) != "" })
	}
	h.settle()
	// The new tree is watched: a later change is seen.
	n := h.count()
	h.write("/about/index.html", h.generated("/about/index.html"))
	h.eventually("about/index.html rebuilt in the recreated tree", func() bool {
		return h.count() > n && block(h.read("/about/index.html")) != ""
	})
	if h.count() <= before {
		t.Fatal("no build after the site was recreated")
	}
}

func TestBrokenFilesKeepWatching(t *testing.T) {
	h := start(t, nil)
	before := h.count()
	h.write("/css/base.css", "@import \"fonts.css\";\nbody { font-family: \"Inter\"; {{{ broken")
	h.write("/about/index.html", "<html><head><title>x</title><link rel=stylesheet href=/css/main.css><body><p>\x00\xff</p>")
	h.eventually("a rebuild over broken files", func() bool { return h.count() > before })
	for i := before; i < h.count(); i++ {
		if h.report(i).Err != nil {
			t.Fatalf("rebuild failed as a whole: %v", h.report(i))
		}
	}
	// Still watching.
	n := h.settle()
	h.write("/posts/index.html", h.generated("/posts/index.html"))
	h.eventually("a later rebuild", func() bool { return h.count() > n && block(h.read("/posts/index.html")) != "" })
}

func TestLimitErrorNamesSysctl(t *testing.T) {
	err := limitError("/site/a", fmt.Errorf("add: %w", syscall.ENOSPC))
	if !strings.Contains(err.Error(), "fs.inotify.max_user_watches") || !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "/site/a") {
		t.Fatalf("limitError(ENOSPC) = %v", err)
	}
	err = limitError("/site", syscall.EMFILE)
	if !strings.Contains(err.Error(), "fs.inotify.max_user_instances") {
		t.Fatalf("limitError(EMFILE) = %v", err)
	}
}

func TestIgnored(t *testing.T) {
	site := t.TempDir()
	tr := newTree(site, nil, []string{filepath.Join(site, "out")})
	os.MkdirAll(filepath.Join(site, ".git"), 0o755)
	for p, want := range map[string]bool{
		"index.html":                         false,
		".well-known.css":                    false, // a file may start with a dot
		".git/HEAD":                          true,
		"node_modules/x/index.html":          true,
		"out/index.html":                     true,
		"a/.index.html.123.preloadgen-tmp":   true,
		"._headers.123.preloadgen-tmp":       true,  // the config writer uses the same temp names
		"posts/.index.html.swp":              false, // an editor's file: harmless, affects no page
		"posts/index.html":                   false,
		"outside-but-similar/out/index.html": false,
	} {
		if got := tr.ignored(filepath.Join(site, filepath.FromSlash(p))); got != want {
			t.Errorf("ignored(%s) = %v, want %v", p, got, want)
		}
	}
}

func TestOutDir(t *testing.T) {
	root := t.TempDir()
	site, out := filepath.Join(root, "public"), filepath.Join(root, "optimised")
	treecopy.Copy(t, filepath.Join("..", "fixtures", "blog"), site)
	h := &harness{t: t, site: out, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	o := Options{
		Build:     preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}, Out: out, ConfigDir: filepath.Join(root, "cfg")},
		OnRebuild: func(r Report) { h.mu.Lock(); h.reports = append(h.reports, r); h.mu.Unlock() },
	}
	go func() { h.done <- Run(ctx, o) }()
	defer func() {
		cancel()
		if err := <-h.done; err != nil {
			t.Error(err)
		}
	}()
	h.waitReports(1)
	orig, _ := os.ReadFile(filepath.Join(site, "about", "index.html"))
	if block(string(orig)) != "" || block(h.read("/about/index.html")) == "" {
		t.Fatal("want the hints in -out only")
	}
	// A new asset reaches the output tree, a deleted one leaves it, and pages follow.
	const font = "fonts/inter-latin-700-normal.woff2"
	if err := os.Remove(filepath.Join(site, filepath.FromSlash(font))); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(site, "robots2.txt"), []byte("x"), 0o644)
	h.eventually("the deleted font gone from -out and its hint from the page", func() bool {
		_, err := os.Stat(filepath.Join(out, filepath.FromSlash(font)))
		b := block(h.read("/about/index.html"))
		return errors.Is(err, fs.ErrNotExist) && b != "" && !strings.Contains(b, font)
	})
	h.eventually("the new file copied", func() bool { return h.read("/robots2.txt") == "x" })
	if b, _ := os.ReadFile(filepath.Join(site, "about", "index.html")); !bytes.Equal(b, orig) {
		t.Fatal("the site's own page was modified")
	}
}
