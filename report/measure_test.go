package report

import (
	"bytes"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/measure"
)

// A measurement report from a made-up run: the picture's parts are there, on one time
// scale, and what came from the site is escaped.
func TestWriteMeasure(t *testing.T) {
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, image.NewGray(image.Rect(0, 0, 8, 5)), nil); err != nil {
		t.Fatal(err)
	}
	evil := `/<script>x</script>/index.html`
	run := func(lcp float64) measure.Metrics {
		return measure.Metrics{FCP: 300, LCP: lcp, Load: 700, Requests: 3, Bytes: 5000, LCPURL: "https://127.0.0.1:1/hero.jpg",
			Trace: &measure.Trace{
				LCPElement: "div.hero > img#h<i>", LCPDetail: "/hero.jpg",
				Fetches: []measure.Fetch{
					{URL: "https://127.0.0.1:1" + evil, Type: "Document", Start: 0, FirstByte: 90, End: 120, Status: 200},
					{URL: "https://127.0.0.1:1/app.css", Type: "Stylesheet", Start: 20, FirstByte: 100, End: 150, Status: 200, Early: true, Preloaded: true},
					{URL: "https://127.0.0.1:1/hero.jpg", Type: "Image", Start: 130, FirstByte: 220, End: lcp - 10, Status: 200, Preloaded: true},
				},
				Frames: []measure.Frame{{At: 310, JPEG: jb.Bytes()}, {At: lcp, JPEG: jb.Bytes()}},
			}}
	}
	p := &measure.PageReport{Page: evil, RunsA: []measure.Metrics{run(900), run(1000), run(1100)}, RunsB: []measure.Metrics{run(600), run(2400), run(650)}}
	p.A = measure.Summary{LCP: 1000, FCP: 300, Runs: 3}
	p.B = measure.Summary{LCP: 650, FCP: 300, Runs: 3}
	p.Ratio.LCP = 0.65
	p.CI90.LCP = measure.Interval{Lo: 0.55, Hi: 0.8}
	r := &measure.Report{Model: "real TCP", Runs: 3, A: "/site", B: "/tmp/b", Pages: []*measure.PageReport{p}}
	dir := t.TempDir()
	if err := WriteMeasure(MeasureOptions{Dir: dir}, r); err != nil {
		t.Fatal(err)
	}
	idx, err := os.ReadFile(filepath.Join(dir, IndexFile))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, PageFile(evil)))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{
		`href="` + PageFile(evil) + `"`, `class="num better">x0.65 <span class="ci">(0.55–0.80)</span>`,
	} {
		if !strings.Contains(string(idx), want) {
			t.Errorf("index lacks %q", want)
		}
	}
	for _, want := range []string{
		`class="waterfall"`, `src="data:image/jpeg;base64,`, "LCP 1000", "LCP 650", // each side's median run
		"div.hero &gt; img#h&lt;i&gt;: /hero.jpg", "103 preload", "run 2 of 3", "run 3 of 3",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Count(page, "<svg") != 2 || strings.Count(page, "<img") != 4 {
		t.Errorf("want two waterfalls and two frames a side: %d svg, %d img", strings.Count(page, "<svg"), strings.Count(page, "<img"))
	}
	for _, f := range []string{string(idx), page} {
		if strings.Contains(f, "<script") || strings.Contains(f, "<i>") || strings.Contains(f, "ZgotmplZ") {
			t.Errorf("unescaped or refused content in the report:\n%.3000s", f)
		}
	}
}

func TestScaleEnd(t *testing.T) {
	for _, tt := range []struct{ in, end, step float64 }{{1, 50, 50}, {420, 500, 100}, {900, 1000, 200}, {3100, 3500, 500}, {14000, 14000, 2000}} {
		if e, s := scaleEnd(tt.in); e != tt.end || s != tt.step {
			t.Errorf("scaleEnd(%g) = %g, %g; want %g, %g", tt.in, e, s, tt.end, tt.step)
		}
	}
}
