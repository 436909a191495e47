package firstscreen

import (
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
)

// checkMarked fails t when the element the numbering found to carry Attr first is not
// the one a walk of the whole page finds.
func checkMarked(t *testing.T, page string) {
	t.Helper()
	a := newTestEstimator(t, memSite{"/index.html": []byte(page)}, "/index.html")
	if a.pos == nil {
		t.Fatal("the page was not numbered")
	}
	if got, want := a.markedElement(), firstMarked(a.doc.Root); got != want {
		t.Fatalf("%q: marked %s, the walk finds %s", page, describe(got), describe(want))
	}
}

func describe(n *html.Node) string {
	if n == nil {
		return "none"
	}
	return n.Data + " " + parse.Attr(n, "id")
}

// TestMarkedElement: the element carrying Attr is found by the numbering as by a walk of
// the page, first in document order, in and around what the numbering leaves out (the
// head, scripts, templates, noscript) and what the cascade does not style (hidden).
func TestMarkedElement(t *testing.T) {
	for _, body := range []string{
		``,
		`<p id=a data-preloadgen-lcp>x</p><p id=b data-preloadgen-lcp>y</p>`,
		`<template><p id=t data-preloadgen-lcp></p></template><p id=a data-preloadgen-lcp>x</p>`,
		`<p id=a data-preloadgen-lcp>x</p><template><p id=t data-preloadgen-lcp></p></template>`,
		`<div id=d data-preloadgen-lcp><template><p id=t data-preloadgen-lcp></p></template></div>`,
		`<div><template><p id=t data-preloadgen-lcp></p></template></div><p id=a data-preloadgen-lcp></p>`,
		`<script id=s data-preloadgen-lcp></script><p id=a data-preloadgen-lcp></p>`,
		`<div hidden><span><b id=h data-preloadgen-lcp></b></span></div><p id=a data-preloadgen-lcp></p>`,
		`<noscript><img id=n data-preloadgen-lcp src=a.png></noscript><p id=a data-preloadgen-lcp></p>`,
		`<svg><g id=g data-preloadgen-lcp></g></svg>`,
		`<template><template><i id=tt data-preloadgen-lcp></i></template></template><template><i id=t2 data-preloadgen-lcp></i></template>`,
	} {
		checkMarked(t, `<!doctype html><html><head><title>t</title></head><body>`+body+`</body></html>`)
	}
	checkMarked(t, `<!doctype html><html><head><meta id=m data-preloadgen-lcp></head><body><p id=a data-preloadgen-lcp></p></body></html>`)
	checkMarked(t, `<!doctype html><html><head><style>p{}</style><link id=l data-preloadgen-lcp></head><body><p>x</p></body></html>`)
}

// FuzzMarkedElement: on any page, the numbering finds the element carrying Attr that a
// walk of the page finds (TestMarkedElement).
func FuzzMarkedElement(f *testing.F) {
	f.Add(`<template><p data-preloadgen-lcp></p></template><p data-preloadgen-lcp>x</p>`)
	f.Add(`<div hidden><b data-preloadgen-lcp></b></div><script data-preloadgen-lcp></script>`)
	f.Fuzz(func(t *testing.T, page string) {
		checkMarked(t, page)
	})
}
