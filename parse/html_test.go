package parse

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseHTMLRefs(t *testing.T) {
	src := `<!doctype html><HTML lang=en><head>
<meta charset=utf-8><base href="/sub/">
<meta http-equiv="Content-Security-Policy" content="script-src 'nonce-abc'">
<link rel="stylesheet" href="/a.css" media="screen" crossorigin integrity="sha384-x" nonce="n1">
<link rel="alternate stylesheet" href="/alt.css">
<link rel=preload href=/f.woff2 as=font type=font/woff2 crossorigin>
<link rel="modulepreload" href="/m.js">
<link rel="icon" href="/favicon.ico"><link rel="preconnect" href="https://cdn.example">
<script src="/sync.js"></script><script defer src="/d.js"></script><script async src=/as.js></script>
<script type="module" src="/entry.js" crossorigin="use-credentials"></script>
<script type="module">import "/x.js";</script>
<script type="application/ld+json">{"a":1}</script>
<style>@import "i.css";</style>
<noscript><link rel="stylesheet" href="/noscript.css"></noscript>
<template><img src="/tpl.jpg"></template>
</head><body>
<div style="background-image: url('/bg.jpg')">x</div>
<img src="/hero.jpg" srcset="/h-1.jpg 1x, /h-2.jpg 2x" sizes="100vw" width="1600" height="900" fetchpriority="high">
<picture><source type="image/avif" srcset="/p.avif"><img src="/p.jpg" loading="lazy"></picture>
<video poster="/poster.jpg"></video>
<svg><image href="/svg.png"/></svg>
</body></html>`
	d, err := ParseHTML([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if d.BaseURL != "/sub/" || !strings.Contains(d.CSP, "nonce-abc") || d.Lang != "en" {
		t.Errorf("base=%q csp=%q lang=%q", d.BaseURL, d.CSP, d.Lang)
	}
	type r struct {
		kind RefKind
		url  string
	}
	var got []r
	for _, ref := range d.Refs {
		got = append(got, r{ref.Kind, ref.URL})
	}
	want := []r{
		{RefStylesheet, "/a.css"}, {RefPreload, "/f.woff2"}, {RefModulePreload, "/m.js"},
		{RefIcon, "/favicon.ico"}, {RefPreconnect, "https://cdn.example"},
		{RefScript, "/sync.js"}, {RefScript, "/d.js"}, {RefScript, "/as.js"},
		{RefModuleScript, "/entry.js"}, {RefInlineModule, ""}, {RefInlineStyle, ""},
		{RefStyleAttr, ""}, {RefImage, "/hero.jpg"}, {RefPictureSource, ""}, {RefImage, "/p.jpg"},
		{RefVideoPoster, "/poster.jpg"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("refs:\n got %v\nwant %v", got, want)
	}
	css := d.Refs[0]
	if css.Media != "screen" || css.CrossOrigin != "anonymous" || css.Integrity != "sha384-x" || css.Nonce != "n1" || !css.InHead {
		t.Errorf("stylesheet attributes: %+v", css)
	}
	if d.Refs[1].As != "font" || d.Refs[1].CrossOrigin != "anonymous" {
		t.Errorf("preload attributes: %+v", d.Refs[1])
	}
	if !d.Refs[6].Defer || !d.Refs[7].Async || d.Refs[5].Defer {
		t.Errorf("script flags wrong")
	}
	if d.Refs[8].CrossOrigin != "use-credentials" {
		t.Errorf("module crossorigin = %q", d.Refs[8].CrossOrigin)
	}
	if d.Refs[9].Text != `import "/x.js";` {
		t.Errorf("inline module text = %q", d.Refs[9].Text)
	}
	img := d.Refs[12]
	if img.Width != 1600 || img.Height != 900 || img.Sizes != "100vw" || img.FetchPriority != "high" || img.InHead {
		t.Errorf("img attributes: %+v", img)
	}
	if d.Refs[13].Picture == nil || d.Refs[14].Picture != d.Refs[13].Picture || d.Refs[14].Loading != "lazy" {
		t.Errorf("picture links wrong")
	}
}

func TestParseHTMLMalformed(t *testing.T) {
	// Unclosed tags and a stylesheet after </head>: the tree a browser builds.
	d, err := ParseHTML([]byte("<title>x<link rel=stylesheet href=a.css><p>text <img src=b.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, r := range d.Refs {
		urls = append(urls, r.URL)
	}
	// <title> is RCDATA: the link inside it is text, not an element.
	if !reflect.DeepEqual(urls, []string(nil)) {
		t.Errorf("urls = %v", urls)
	}
	d, _ = ParseHTML([]byte("<p>a</head><link rel=stylesheet href=late.css>\xff\xfe<img src=\"b.jpg\""))
	if len(d.Refs) != 1 || d.Refs[0].URL != "late.css" {
		t.Errorf("refs = %+v", d.Refs)
	}
}

func TestParseSrcset(t *testing.T) {
	tests := []struct {
		in   string
		want []Candidate
	}{
		{"a.jpg 1x, b.jpg 2x", []Candidate{{URL: "a.jpg", Density: 1}, {URL: "b.jpg", Density: 2}}},
		{"/s-640.jpg 640w,/s-1200.jpg 1200w", []Candidate{{URL: "/s-640.jpg", Width: 640}, {URL: "/s-1200.jpg", Width: 1200}}},
		{"  single.jpg  ", []Candidate{{URL: "single.jpg"}}},
		{"a,b.jpg 100w, c.jpg 200w", []Candidate{{URL: "a,b.jpg", Width: 100}, {URL: "c.jpg", Width: 200}}},
		{"a.jpg, b.jpg 2x", []Candidate{{URL: "a.jpg"}, {URL: "b.jpg", Density: 2}}},
		{"a.jpg 10q", []Candidate{{URL: "a.jpg", BadSyntax: true}}},
		{"a.jpg 100w 200w", []Candidate{{URL: "a.jpg", Width: 100, BadSyntax: true}}}, // a value after an error is not kept
		{"a.jpg -1x", []Candidate{{URL: "a.jpg", BadSyntax: true}}},
		{"a.jpg 0w", []Candidate{{URL: "a.jpg", BadSyntax: true}}},
		{"", nil},
		{",,,", nil},
	}
	for _, tt := range tests {
		if got := ParseSrcset(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseSrcset(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	d, _ := ParseHTML([]byte("<title>T</title><body><h1>Hi <em>there</em></h1><script>var x</script><template>no</template>"))
	if got := strings.TrimSpace(Text(d.Root)); got != "Hi there" {
		t.Errorf("Text = %q", got)
	}
}

func FuzzParseHTML(f *testing.F) {
	for _, s := range []string{
		`<link rel=stylesheet href=a.css><script type=module>import "x"</script>`,
		`<picture><source srcset="a.avif 1x" type=image/avif><img src=a.jpg></picture>`,
		`<base href="../"><img srcset="a.jpg 1x, b.jpg 2x" width=800>`,
		`<style>@import "a.css";</style><div style="background:url(x.png)">`,
		"<html><head><meta charset=\xff>", `<template><link rel=stylesheet href=x></template>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := ParseHTML(src)
		if err != nil {
			return
		}
		for _, r := range d.Refs {
			if r.Node == nil {
				t.Fatalf("ref without element: %+v", r)
			}
			if r.Kind == 0 {
				t.Fatalf("ref without kind: %+v", r)
			}
		}
	})
}

func FuzzParseSrcset(f *testing.F) {
	for _, s := range []string{"a.jpg 1x, b.jpg 2x", "a,b.jpg 100w", "x (a, b) 1x", " , ", "a.jpg 1.5x 100w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range ParseSrcset(s) {
			if c.URL == "" || strings.ContainsAny(c.URL, " \t\n\r\f") {
				t.Fatalf("bad candidate URL %q from %q", c.URL, s)
			}
			if c.Width < 0 || c.Density < 0 {
				t.Fatalf("negative descriptor from %q: %+v", s, c)
			}
		}
	})
}
