package audit

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/sitefs"
)

// auditPage audits one page of a small site and repairs it.
func auditPage(t *testing.T, page string, files map[string]string) ([]Finding, *Repair) {
	t.Helper()
	site := fstest.MapFS{"index.html": {Data: []byte(page)}}
	for name, data := range files {
		site[name] = &fstest.MapFile{Data: []byte(data)}
	}
	a, err := New(Options{FS: site})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p, err := graph.Analyze(ctx, sitefs.New(site, nil), "/index.html", []byte(page), graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := a.Page(ctx, p, []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.Fix(ctx, p, []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	return fs, r
}

// manySheets links 30 stylesheets whose Link values together pass 2,000 bytes, as a
// WordPress page with its plugins does.
var manySheets = func() string {
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, `<link rel="stylesheet" href="/css/plugin-stylesheet-with-a-long-hashed-name-%02d.css">`, i)
	}
	return b.String()
}()

const fontCSS = `@font-face{font-family:S;src:url(/s.woff2) format("woff2")} h1{font-family:S}`

func TestRuleCases(t *testing.T) {
	hero := `<img class="hero" src="/hero.jpg" width="1600" height="900" loading="lazy" fetchpriority="low" alt="">`
	tests := []struct {
		name  string
		page  string
		rules []string // rule:severity of the findings, in order
		fixed string   // a substring of the repaired page ("" when nothing is repaired)
	}{
		{"use-credentials font", `<html><head><link rel="stylesheet" href="/s.css"><link rel="preload" href="/s.woff2" as="font" type="font/woff2" crossorigin="use-credentials"></head><body><h1>Hi</h1></body></html>`,
			[]string{"font-preload-cors:error"}, `as="font" type="font/woff2" crossorigin>`},
		{"xhtml font", `<html xmlns="http://www.w3.org/1999/xhtml"><head><link rel="stylesheet" href="/s.css" /><link rel="preload" href="/s.woff2" as="font" /></head><body><h1>Hi</h1></body></html>`,
			[]string{"font-preload-cors:error"}, `as="font" crossorigin="anonymous" type="font/woff2" />`},
		{"lazy hero with fetchpriority=low", `<html><head><link rel="stylesheet" href="/s.css"></head><body>` + hero + `<h1>Hi</h1></body></html>`,
			[]string{"lcp-lazy:error"}, `height="900" fetchpriority="high" alt="">`},
		{"stylesheet after a preload", `<html><head><link rel="preload" href="/s.woff2" as="font" type="font/woff2" crossorigin><link rel="stylesheet" href="/s.css"></head><body><h1>Hi</h1></body></html>`,
			[]string{"capo-order:warning"}, ""},
		{"loadCSS is a stylesheet, not a hint", `<html><head><link rel="preload" href="/s.css" as="style" onload="this.onload=null;this.rel='stylesheet'"></head><body><h1>Hi</h1></body></html>`,
			nil, ""},
		{"unused preload on a page with scripts", `<html><head><link rel="preload" href="/x.js" as="script"><script src="/s.js" defer></script></head><body><h1>Hi</h1></body></html>`,
			[]string{"unused-preload:warning"}, ""},
		{"a Link header too long for _headers", `<html><head>` + manySheets + `</head><body><h1>Hi</h1></body></html>`,
			[]string{"link-too-long:warning"}, ""},
		// The tokenizer drops a tag cut off by the end of the file, as browsers do.
		{"tag cut off at the end", `<html><head><link rel="stylesheet" href="/s.css"></head><body><h1>Hi</h1><link rel="preload" href="/s.woff2" as="font"`,
			nil, ""},
	}
	files := map[string]string{"s.css": fontCSS, "s.woff2": strings.Repeat("w", 20000), "hero.jpg": "jpg", "x.js": "", "s.js": ""}
	for i := range 30 {
		files[fmt.Sprintf("css/plugin-stylesheet-with-a-long-hashed-name-%02d.css", i)] = "p{}"
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs, r := auditPage(t, tc.page, files)
			var got []string
			for _, f := range fs {
				got = append(got, f.Rule+":"+f.Severity.String())
			}
			if strings.Join(got, " ") != strings.Join(tc.rules, " ") {
				t.Errorf("findings %v, want %v", got, tc.rules)
			}
			switch {
			case tc.fixed == "" && string(r.Src) != tc.page:
				t.Errorf("repaired, want no change:\n%s", r.Src)
			case tc.fixed != "" && !strings.Contains(string(r.Src), tc.fixed):
				t.Errorf("repaired page lacks %q:\n%s", tc.fixed, r.Src)
			}
		})
	}
}
