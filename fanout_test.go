package preloadgen

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

// slowFS holds the read of one page (its opening: the analysis opens a page, stats the
// open file and reads it) until release is closed.
type slowFS struct {
	fstest.MapFS
	slow    string
	release chan struct{}
}

func (s slowFS) Open(name string) (fs.File, error) {
	if name == s.slow {
		<-s.release
	}
	return s.MapFS.Open(name)
}

func (s slowFS) ReadFile(name string) ([]byte, error) {
	if name == s.slow {
		<-s.release
	}
	return s.MapFS.ReadFile(name)
}

// fanOutHolding runs a build's fan-out (Workers 2) over site with the read of page slow
// held until after pages have been handed to do, or 20 s have passed (so that a test
// whose pages wait for it ends, and fails); it returns the analysis and the order in
// which do saw the pages.
func fanOutHolding(t *testing.T, site fstest.MapFS, slow string, after int, each func(int, *Page)) (*Analysis, []string) {
	t.Helper()
	release := make(chan struct{})
	fsys := slowFS{MapFS: site, slow: slow, release: release}
	a, err := NewAnalysis(Options{Source: Source{Dir: "site", FS: fsys}, Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		order []string
		once  sync.Once
	)
	let := func() { once.Do(func() { close(release) }) }
	go func() {
		time.Sleep(20 * time.Second)
		let()
	}()
	do := func(p *Page) {
		mu.Lock()
		defer mu.Unlock()
		order = append(order, p.Path)
		if len(order) == after {
			let()
		}
	}
	failed := func(p *Page, err error) { t.Errorf("%s: %v", p.Path, err) }
	if err := a.fanOut(context.Background(), 2, each, do, failed); err != nil {
		t.Fatal(err)
	}
	return a, order
}

// TestFanOutDoesNotWaitForASlowPage: a build hands pages on as they are done, so one page
// that takes long (a 10 MB source view) holds up no other. The first page is held until
// more pages than the analysis may run ahead of its consumer in path order (4 per worker)
// have been handled; in path order they never would be, and the page is let go after a
// while so that the test ends and fails.
func TestFanOutDoesNotWaitForASlowPage(t *testing.T) {
	site := fstest.MapFS{}
	const n = 40
	for i := range n {
		site[fmt.Sprintf("p%02d.html", i)] = &fstest.MapFile{Data: []byte("<!doctype html><title>x</title><p>page")}
	}
	indexOf := map[string]int{}
	each := func(i int, p *Page) { indexOf[p.Path] = i }
	a, order := fanOutHolding(t, site, "p00.html", n-1, each)
	if len(order) != n || order[n-1] != "/p00.html" {
		t.Fatalf("the slow page held the others up: order %v", order)
	}
	for p, i := range indexOf {
		if a.Paths()[i] != p {
			t.Errorf("%s handed on with index %d, which is %s", p, i, a.Paths()[i])
		}
	}
}

// TestFanOutGoesOnBesideBigPages: pages of bigPageBytes or more are analysed one at a
// time, but the workers go on with the small pages meanwhile. The first big page is held
// until every small page has been handled; a worker that took the second big page and
// waited for the first would leave none for the small ones (with Workers 2), and the page
// is let go after a while so that the test ends and fails.
func TestFanOutGoesOnBesideBigPages(t *testing.T) {
	site := fstest.MapFS{}
	big := append([]byte("<!doctype html><title>x</title><pre>"), bytes.Repeat([]byte("x"), bigPageBytes)...)
	site["a0.html"] = &fstest.MapFile{Data: big}
	site["a1.html"] = &fstest.MapFile{Data: big}
	const small = 20
	for i := range small {
		site[fmt.Sprintf("p%02d.html", i)] = &fstest.MapFile{Data: []byte("<!doctype html><title>x</title><p>page")}
	}
	_, order := fanOutHolding(t, site, "a0.html", small, nil)
	// The big pages come last, in either order: a0's read is held until the small pages
	// are done, so a1 may reach the big pages' goroutine first.
	if len(order) != small+2 || !strings.HasPrefix(order[small-1], "/p") ||
		!(order[small] == "/a0.html" && order[small+1] == "/a1.html" || order[small] == "/a1.html" && order[small+1] == "/a0.html") {
		t.Fatalf("the big pages held the small ones up: order %v", order)
	}
}

// countFS records how many page reads are under way at once; each takes a little while,
// so that analyses that may overlap do.
type countFS struct {
	fstest.MapFS
	mu       sync.Mutex
	now, max int
}

func (c *countFS) ReadFile(name string) ([]byte, error) {
	c.mu.Lock()
	c.now++
	c.max = max(c.max, c.now)
	c.mu.Unlock()
	time.Sleep(10 * time.Millisecond)
	c.mu.Lock()
	c.now--
	c.mu.Unlock()
	return c.MapFS.ReadFile(name)
}

// TestFanOutBigPagesTakeAWorkersTurn: the goroutine of the big pages analyses beside the
// workers, not in addition to them: never more than Workers pages at once.
func TestFanOutBigPagesTakeAWorkersTurn(t *testing.T) {
	site := fstest.MapFS{}
	big := append([]byte("<!doctype html><title>x</title><pre>"), bytes.Repeat([]byte("x"), bigPageBytes)...)
	for i := range 4 {
		site[fmt.Sprintf("b%d.html", i)] = &fstest.MapFile{Data: big}
	}
	for i := range 30 {
		site[fmt.Sprintf("p%02d.html", i)] = &fstest.MapFile{Data: []byte("<!doctype html><title>x</title><p>page")}
	}
	fsys := &countFS{MapFS: site}
	a, err := NewAnalysis(Options{Source: Source{Dir: "site", FS: fsys}, Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int32
	if err := a.fanOut(context.Background(), 2, nil, func(*Page) { n.Add(1) }, func(p *Page, err error) { t.Errorf("%s: %v", p.Path, err) }); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 34 {
		t.Errorf("%d pages handled, want 34", n.Load())
	}
	if fsys.max > 2 {
		t.Errorf("%d pages read at once with 2 workers", fsys.max)
	}
}
