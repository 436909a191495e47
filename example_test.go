package preloadgen_test

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/preloadgen/preloadgen"
)

// A page whose stylesheet @imports another, which declares the web font its text uses:
// the imported sheet and the font are found late (waves 2 and 3), so both get hints.
func ExampleAnalyze() {
	site := fstest.MapFS{
		"index.html": {Data: []byte(`<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/css/main.css"></head>
<body><h1>Hello</h1><p>Some text in the web font.</p></body></html>`)},
		"css/main.css":      {Data: []byte(`@import "fonts.css"; body { font-family: Inter, sans-serif }`)},
		"css/fonts.css":     {Data: []byte(`@font-face { font-family: Inter; font-weight: 100 900; src: url(/fonts/inter.woff2) format("woff2") }`)},
		"fonts/inter.woff2": {Data: []byte("wOF2")},
	}
	res, err := preloadgen.Analyze(context.Background(), preloadgen.Options{Source: preloadgen.Source{FS: site, Dir: "site"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range res.Pages[0].Hints {
		fmt.Printf("%s rel=%s as=%s depth=%d html=%v header=%v\n", h.URL, h.Rel, h.As, h.Depth, h.HTML, h.Header)
	}
	// Output:
	// /css/main.css rel=preload as=style depth=1 html=false header=true
	// /css/fonts.css rel=preload as=style depth=2 html=true header=true
	// /fonts/inter.woff2 rel=preload as=font depth=3 html=true header=true
}

// An Analysis hands its pages on one at a time, in path order, each with the bytes it was
// analysed from: a large site is reported (or rewritten) page by page, with only the pages
// in flight in memory. A page that cannot be analysed comes with its Diagnostic.
func ExampleAnalysis_Pages() {
	site := fstest.MapFS{
		"index.html":       {Data: []byte(`<!doctype html><link rel="stylesheet" href="/a.css"><h1>Home</h1>`)},
		"about/index.html": {Data: []byte(`<!doctype html><link rel="stylesheet" href="/a.css"><h1>About</h1>`)},
		"a.css":            {Data: []byte(`@import "b.css";`)},
		"b.css":            {Data: []byte(`h1 { color: navy }`)},
	}
	a, err := preloadgen.NewAnalysis(preloadgen.Options{Source: preloadgen.Source{FS: site, Dir: "site"}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for p, err := range a.Pages(context.Background()) {
		if p == nil {
			fmt.Println("stopped:", err)
			return
		}
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: %d bytes, %d hints, first %s\n", p.Path, len(p.HTML), len(p.Hints), p.Hints[0].URL)
	}
	fmt.Println(len(a.Diagnostics()), "diagnostics")
	// Output:
	// /about/index.html: 66 bytes, 2 hints, first /a.css
	// /index.html: 65 bytes, 2 hints, first /a.css
	// 0 diagnostics
}
