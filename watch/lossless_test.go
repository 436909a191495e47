package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/internal/sitegen"
)

// No byte a generator writes may be lost. Each test below plays a generator that writes
// pages the way real ones do, while watch runs, and then checks that every page holds
// exactly the bytes the generator wrote (apart from the hint block) and has its hints.
// The slow writers are what used to lose data: watch rewrote a half-written page and
// renamed its copy over the file the writer still had open, whose remaining writes then
// went to an inode nobody could see.

// bigPage returns a page of about 68 KB built from the blog's page, unique per tag, so a
// stale or mixed version cannot pass for the right one.
func (h *harness) bigPage(sitePath, tag string) string {
	h.t.Helper()
	src := h.generated(sitePath)
	i := strings.LastIndex(src, "</body>")
	if i < 0 {
		h.t.Fatalf("%s has no </body>", sitePath)
	}
	var b strings.Builder
	b.WriteString(src[:i])
	for n := 0; b.Len() < 68<<10; n++ {
		fmt.Fprintf(&b, "<p>%s paragraph %d: the generator's own words, every one of which must survive.</p>\n", tag, n)
	}
	b.WriteString(src[i:])
	return b.String()
}

// slowWrite writes data over p in place, as fs.writeFile does on a slow disk: open with
// O_TRUNC, then chunks of 4 KB with a pause after each.
func slowWrite(t *testing.T, p, data string, pause time.Duration) {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		t.Error(err)
		return
	}
	for i := 0; i < len(data); i += 4096 {
		if _, err := f.WriteString(data[i:min(i+4096, len(data))]); err != nil {
			t.Error(err)
		}
		time.Sleep(pause)
	}
	if err := f.Close(); err != nil {
		t.Error(err)
	}
}

// intact waits until page holds want plus its hint block, then for a quiet second, and
// checks again: the page must keep every byte and have its hints.
func (h *harness) intact(sitePath, want string) {
	h.t.Helper()
	ok := func() bool {
		got := h.read(sitePath)
		return block(got) != "" && string(emit.Strip([]byte(got))) == want
	}
	h.eventually(sitePath+" rewritten with every byte the generator wrote", ok)
	h.settle()
	if !ok() {
		got := string(emit.Strip([]byte(h.read(sitePath))))
		h.t.Fatalf("%s lost bytes: %d of %d bytes are the generator's\n%s", sitePath, commonPrefix(got, want), len(want), h.reportLines())
	}
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func (h *harness) reportLines() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var lines []string
	for _, r := range h.reports {
		lines = append(lines, r.String())
	}
	return strings.Join(lines, "\n")
}

// notifiers runs a test with the platform's event source and with the portable one
// (fsnotify, no close-write events).
func notifiers(t *testing.T, f func(t *testing.T, opt func(*Options))) {
	t.Run("native", func(t *testing.T) { t.Parallel(); f(t, nil) })
	t.Run("portable", func(t *testing.T) { t.Parallel(); f(t, func(o *Options) { o.Portable = true }) })
}

func TestSlowInPlaceWriterLosesNothing(t *testing.T) {
	// Pauses between 4 KB chunks, shorter and longer than the debounce (20 ms with
	// close-write events, 100 ms without).
	for _, pause := range []time.Duration{0, 5 * time.Millisecond, 60 * time.Millisecond, 250 * time.Millisecond} {
		t.Run(pause.String(), func(t *testing.T) {
			t.Parallel()
			notifiers(t, func(t *testing.T, opt func(*Options)) {
				h := startWith(t, nil, opt)
				page := "/posts/typography/index.html"
				want := h.bigPage(page, "v2")
				slowWrite(t, h.path(page), want, pause)
				h.intact(page, want)
			})
		})
	}
}

// Two generators write two pages at once, slowly, and a stylesheet both pages use changes
// in the middle: the rebuild the stylesheet causes reaches both half-written pages, and
// must leave them alone until they are finished.
func TestTwoWritersAndASharedChange(t *testing.T) {
	notifiers(t, func(t *testing.T, opt func(*Options)) {
		h := startWith(t, nil, opt)
		a, b := "/posts/typography/index.html", "/posts/slow-networks/index.html"
		wa, wb := h.bigPage(a, "a2"), h.bigPage(b, "b2")
		css := h.read("/css/base.css")
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); slowWrite(t, h.path(a), wa, 120*time.Millisecond) }()
		go func() { defer wg.Done(); slowWrite(t, h.path(b), wb, 90*time.Millisecond) }()
		time.Sleep(400 * time.Millisecond)
		h.write("/css/base.css", css+"\n/* changed */\n")
		wg.Wait()
		h.intact(a, wa)
		h.intact(b, wb)
	})
}

func TestDeleteThenRecreate(t *testing.T) {
	notifiers(t, func(t *testing.T, opt func(*Options)) {
		h := startWith(t, nil, opt)
		page := "/about/index.html"
		want := h.bigPage(page, "new")
		if err := os.Remove(h.path(page)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(150 * time.Millisecond) // a rebuild for the removal may run meanwhile
		slowWrite(t, h.path(page), want, 150*time.Millisecond)
		h.intact(page, want)
	})
}

// Editors and Hugo write a temporary file and rename it over the page: the page is then
// complete the moment it appears.
func TestWriteTempThenRename(t *testing.T) {
	notifiers(t, func(t *testing.T, opt func(*Options)) {
		h := startWith(t, nil, opt)
		for i, tmpName := range []string{"index.html.tmp", ".index.html.swp", "4913", "index.html~"} {
			page := "/posts/index.html"
			want := h.bigPage(page, fmt.Sprintf("edit%d", i))
			tmp := filepath.Join(filepath.Dir(h.path(page)), tmpName)
			slowWrite(t, tmp, want, 40*time.Millisecond)
			if err := os.Rename(tmp, h.path(page)); err != nil {
				t.Fatal(err)
			}
			h.intact(page, want)
		}
	})
}

// A generator rewrites a 1,000-page site in one burst, each page in place (fs.writeFile),
// while watch runs: afterwards every page holds the generator's bytes and its hints.
func TestBurstOf1000Pages(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 1,000-page site")
	}
	site := t.TempDir()
	pages, err := sitegen.Generate(site, sitegen.Options{Pages: 1000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, site: site, done: make(chan error, 1)}
	runHarness(t, h, Options{Build: preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}, ConfigDir: filepath.Join(t.TempDir(), "cfg")}})
	want, hinted := map[string]string{}, map[string]bool{}
	for i, p := range pages {
		cur := h.read(p)
		hinted[p] = block(cur) != ""
		want[p] = strings.Replace(string(emit.Strip([]byte(cur))), "</body>", fmt.Sprintf("<p>burst %d</p></body>", i), 1)
	}
	if len(hinted) == 0 {
		t.Fatal("no page of the generated site has hints: the test proves nothing")
	}
	for _, p := range pages {
		if err := os.WriteFile(h.path(p), []byte(want[p]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check := func() (lost, unhinted []string) {
		for _, p := range pages {
			got := h.read(p)
			if string(emit.Strip([]byte(got))) != want[p] {
				lost = append(lost, p)
			} else if hinted[p] && block(got) == "" {
				unhinted = append(unhinted, p)
			}
		}
		return lost, unhinted
	}
	h.eventually("every page rewritten", func() bool { l, u := check(); return len(l) == 0 && len(u) == 0 })
	h.settle()
	if lost, unhinted := check(); len(lost)+len(unhinted) > 0 {
		t.Fatalf("after the burst: %d pages lost bytes (%v), %d without hints (%v)", len(lost), list(lost, 5), len(unhinted), list(unhinted, 5))
	}
}
