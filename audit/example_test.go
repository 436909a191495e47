package audit

import (
	"context"
	"fmt"
	"testing/fstest"

	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/sitefs"
)

// A font preload without crossorigin is fetched twice; Fix adds the attribute (and the
// type) and leaves every other byte of the page as it was.
func ExampleAuditor_Fix() {
	page := `<!doctype html>
<html><head><title>Notes</title>
<link rel="stylesheet" href="/site.css">
<link rel="preload" href="/serif.woff2" as="font">
</head><body><h1>Notes</h1></body></html>
`
	site := fstest.MapFS{
		"index.html":  {Data: []byte(page)},
		"site.css":    {Data: []byte(`@font-face{font-family:S;src:url(/serif.woff2) format("woff2")} h1{font-family:S}`)},
		"serif.woff2": {Data: make([]byte, 20000)},
	}
	a, err := New(Options{FS: site})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	p, err := graph.Analyze(ctx, sitefs.New(site, nil), "/index.html", []byte(page), graph.Options{})
	if err != nil {
		panic(err)
	}
	r, err := a.Fix(ctx, p, []byte(page))
	if err != nil {
		panic(err)
	}
	for _, c := range r.Changes {
		fmt.Println(c.Rule+":", c.Did)
	}
	fmt.Print(string(r.Src))
	// Output:
	// font-preload-cors: add crossorigin and add type="font/woff2"
	// <!doctype html>
	// <html><head><title>Notes</title>
	// <link rel="stylesheet" href="/site.css">
	// <link rel="preload" href="/serif.woff2" as="font" crossorigin type="font/woff2">
	// </head><body><h1>Notes</h1></body></html>
}
