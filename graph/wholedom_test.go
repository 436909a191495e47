package graph

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/style"
)

// TestWholeDOMExpected: once a run's pages have needed their whole DOM (selectors that
// look at siblings or attributes), the next long pages are read whole at once; a page
// that turns out not to need it is analysed again from its parts. Either way each page's
// analysis is the one it gets alone.
func TestWholeDOMExpected(t *testing.T) {
	long := strings.Repeat(`<p>A paragraph of the page's long body, read in two parts when it can be.</p>`, 600)
	page := func(sheet string) string {
		return `<!doctype html><html><head><link rel="stylesheet" href="` + sheet + `"></head><body><h1>Title</h1>` + long + `</body></html>`
	}
	site := memSite{
		"/sib.css":  []byte(`@font-face{font-family:A;src:url(/a.woff2)} p + p{font-family:A} h1{font-size:40px}`),
		"/path.css": []byte(`@font-face{font-family:A;src:url(/a.woff2)} body p{font-family:A} h1{font-size:40px}`),
		"/a.woff2":  []byte("x"),
	}
	var order []string
	for i := range 6 {
		p := "/sib" + string(rune('a'+i)) + ".html"
		site[p] = []byte(page("/sib.css"))
		order = append(order, p)
	}
	for i := range 2 {
		p := "/path" + string(rune('a'+i)) + ".html"
		site[p] = []byte(page("/path.css"))
		order = append(order, p)
	}
	analyze := func(cache *style.Cache, p string) string {
		t.Helper()
		pg, err := Analyze(context.Background(), site, p, site[p], Options{Styles: cache})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(pg)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	cache := style.NewCache()
	for i, p := range order {
		expected := cache.ExpectsWholeDOM()
		if want := i >= 4 && i < 7; expected != want {
			t.Errorf("%s: whole DOM expected %v, want %v", p, expected, want)
		}
		if got, alone := analyze(cache, p), analyze(nil, p); got != alone {
			t.Errorf("%s: analysis differs from the page's alone:\n%s\n%s", p, got, alone)
		}
	}
}
