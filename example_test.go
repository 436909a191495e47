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
