package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/preloadgen/preloadgen/internal/chromeflags"
	"github.com/preloadgen/preloadgen/internal/testenv"
	"github.com/preloadgen/preloadgen/measure"
	"github.com/preloadgen/preloadgen/report"
)

// measure -report on one page of the gallery, one run a side; then the report is opened
// from disk in headless Chromium: no console error, nothing fetched but its own files, the
// page's file linked from the index, two waterfalls with bars and paint lines, filmstrip
// frames that decode, and the LCP element named.
func TestMeasureReportInChromium(t *testing.T) {
	chrome, err := measure.FindChrome("")
	if err != nil {
		testenv.Missing(t, "%v", err)
	}
	dir := t.TempDir()
	site := filepath.Join("..", "..", "fixtures", "gallery")
	code, out, errOut := runCLI(t, "measure", "-report", dir, "-runs", "1", "-profile", "fast", "-pages", "/photo/", site)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	if !strings.Contains(out, "/photo/index.html") {
		t.Errorf("the text table is still printed: %s", out)
	}
	pageFile := report.PageFile("/photo/index.html")
	for _, f := range []string{report.IndexFile, pageFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}

	opts := chromeflags.Options(chrome, t.TempDir())
	actx, acancel := chromedp.NewExecAllocator(context.Background(), append(opts, chromedp.WindowSize(1400, 1000))...)
	defer acancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	defer tcancel()
	var mu sync.Mutex
	var problems, fetched []string
	ctx, cancel = chromedp.NewContext(ctx, chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				problems = append(problems, "console "+string(e.Type))
			}
		case *log.EventEntryAdded:
			if e.Entry != nil && (e.Entry.Level == log.EntryLevelError || e.Entry.Level == log.EntryLevelWarning) {
				problems = append(problems, "log: "+e.Entry.Text)
			}
		case *network.EventRequestWillBeSent:
			fetched = append(fetched, e.Request.URL)
		}
	}))
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, log.Enable, struct{}{}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, runtime.Enable, struct{}{})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	type shape struct {
		Links      []string `json:"links"`
		Waterfalls int      `json:"waterfalls"`
		Bars       []int    `json:"bars"`
		Frames     int      `json:"frames"`
		Decoded    int      `json:"decoded"`
		Sides      []string `json:"sides"`
		Texts      []string `json:"texts"`
		SideFrames []int    `json:"sideFrames"`
		SideLines  []int    `json:"sideLines"`
	}
	const shapeJS = `(async () => {
	  const imgs = [...document.querySelectorAll('.film img')];
	  await Promise.all(imgs.map(i => i.decode().catch(() => {})));
	  return {
	    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
	    waterfalls: document.querySelectorAll('svg.waterfall').length,
	    bars: [...document.querySelectorAll('svg.waterfall')].map(s => s.querySelectorAll('g rect').length),
	    frames: imgs.length,
	    decoded: imgs.filter(i => i.complete && i.naturalWidth > 0 && i.src.startsWith('data:image/jpeg')).length,
	    sides: [...document.querySelectorAll('.side h2')].map(h => h.textContent),
	    texts: [...document.querySelectorAll('.side')].map(s => s.textContent.replace(/\s+/g, ' ')),
	    sideFrames: [...document.querySelectorAll('.side')].map(s => s.querySelectorAll('.film img').length),
	    sideLines: [...document.querySelectorAll('.side')].map(s => [...s.querySelectorAll('svg.waterfall text')].filter(t => /^(FCP|LCP) \d+$/.test(t.textContent)).length),
	  };
	})()`
	load := func(name string) shape {
		t.Helper()
		u := "file://" + filepath.Join(dir, name)
		if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s, err := chromedp.Run(ctx, chromedp.Evaluate[shape](shapeJS, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	idx := load(report.IndexFile)
	if !slices.Contains(idx.Links, pageFile) {
		t.Errorf("the index links %q, not the page's file %s", idx.Links, pageFile)
	}
	pg := load(pageFile)
	if pg.Waterfalls != 2 || len(pg.Bars) != 2 || pg.Bars[0] < 4 || pg.Bars[1] < 4 {
		t.Errorf("want two waterfalls with a bar per request: %d waterfalls, rects %v", pg.Waterfalls, pg.Bars)
	}
	// Each side: the paint lines, a frame and the LCP element, unless the run's page
	// reported no paint at all (a starved machine can leave a run without one).
	for i, side := range pg.Sides {
		if i >= len(pg.Texts) {
			break
		}
		if strings.Contains(pg.Texts[i], "LCP 0 ms") {
			t.Logf("side %s: its run reported no paint", side)
			continue
		}
		if pg.SideLines[i] != 2 {
			t.Errorf("side %s: %d paint lines in its waterfall, want FCP and LCP", side, pg.SideLines[i])
		}
		for _, want := range []string{"LCP element: picture > img"} {
			if !strings.Contains(pg.Texts[i], want) {
				t.Errorf("side %s lacks %q:\n%s", side, want, pg.Texts[i])
			}
		}
		if pg.SideFrames[i] < 1 {
			t.Errorf("side %s: no filmstrip frame", side)
		}
	}
	if pg.Decoded != pg.Frames {
		t.Errorf("filmstrip: %d frames, %d decoded as JPEG data", pg.Frames, pg.Decoded)
	}
	if len(pg.Sides) != 2 || !strings.HasPrefix(pg.Sides[0], "A") || !strings.HasPrefix(pg.Sides[1], "B") {
		t.Errorf("sides %q, want A then B", pg.Sides)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("console problems opening the report: %q", problems)
	}
	for _, u := range fetched {
		if !strings.HasPrefix(u, "file://"+dir+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the report fetched %s: it must need nothing outside its directory", u)
		}
	}
}
