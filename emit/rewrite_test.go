package emit

import (
	"bytes"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/graph"
)

var (
	fontHint = graph.Hint{URL: "/fonts/a.woff2", Href: "/fonts/a.woff2", Rel: "preload", As: "font", Type: "font/woff2", CrossOrigin: "anonymous", HTML: true}
	cssHint  = graph.Hint{URL: "/css/b.css", Href: "/css/b.css", Rel: "preload", As: "style", HTML: true}
	modHint  = graph.Hint{URL: "/js/m.js", Href: "./js/m.js", Rel: "modulepreload", CrossOrigin: "use-credentials", HTML: true}
)

// rewriteCases are the tricky page shapes; they also seed FuzzRewrite.
var rewriteCases = []struct {
	name  string
	in    string
	hints []graph.Hint
	want  string
}{
	{
		name:  "after stylesheets, before deferred script",
		in:    "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>T</title>\n<link rel=\"stylesheet\" href=\"/a.css\">\n<script defer src=\"/x.js\"></script>\n</head>\n<body><p>x</p></body></html>\n",
		hints: []graph.Hint{cssHint, fontHint},
		want:  "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>T</title>\n<link rel=\"stylesheet\" href=\"/a.css\">\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<link rel=\"preload\" href=\"/fonts/a.woff2\" as=\"font\" type=\"font/woff2\" crossorigin>\n<!-- /preloadgen -->\n<script defer src=\"/x.js\"></script>\n</head>\n<body><p>x</p></body></html>\n",
	},
	{
		name:  "indentation and CRLF",
		in:    "<html>\r\n  <head>\r\n    <meta charset=utf-8>\r\n    <meta name=viewport content=\"width=device-width\">\r\n    <link rel=icon href=/i.png>\r\n  </head>\r\n</html>\r\n",
		hints: []graph.Hint{fontHint},
		want:  "<html>\r\n  <head>\r\n    <meta charset=utf-8>\r\n    <meta name=viewport content=\"width=device-width\">\r\n    <!-- preloadgen -->\r\n    <link rel=\"preload\" href=\"/fonts/a.woff2\" as=\"font\" type=\"font/woff2\" crossorigin>\r\n    <!-- /preloadgen -->\r\n    <link rel=icon href=/i.png>\r\n  </head>\r\n</html>\r\n",
	},
	{
		name:  "no head: after html tag",
		in:    "<!doctype html><html lang=en><p>hello</p>",
		hints: []graph.Hint{modHint},
		want:  "<!doctype html><html lang=en>\n<!-- preloadgen -->\n<link rel=\"modulepreload\" href=\"./js/m.js\" crossorigin=\"use-credentials\">\n<!-- /preloadgen --><p>hello</p>",
	},
	{
		name:  "no html: after doctype",
		in:    "<!DOCTYPE html>\n<p>hello",
		hints: []graph.Hint{cssHint},
		want:  "<!DOCTYPE html>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen -->\n<p>hello",
	},
	{
		name:  "bare fragment with BOM: at the top",
		in:    "\ufeff<p>hello</p>\n",
		hints: []graph.Hint{cssHint},
		want:  "\ufeff<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen -->\n<p>hello</p>\n",
	},
	{
		name:  "implied head with metas and a stylesheet",
		in:    "<meta charset=utf-8><title>x</title><link rel=stylesheet href=a.css><img src=a.png>",
		hints: []graph.Hint{cssHint},
		want:  "<meta charset=utf-8><title>x</title><link rel=stylesheet href=a.css>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen --><img src=a.png>",
	},
	{
		name:  "uppercase tags, sync script, module script after",
		in:    "<HTML><HEAD><META CHARSET=utf-8><LINK REL=STYLESHEET HREF=a.css><SCRIPT SRC=s.js></SCRIPT><SCRIPT TYPE=module SRC=m.js></SCRIPT></HEAD><BODY></BODY></HTML>",
		hints: []graph.Hint{cssHint},
		want:  "<HTML><HEAD><META CHARSET=utf-8><LINK REL=STYLESHEET HREF=a.css><SCRIPT SRC=s.js></SCRIPT>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen --><SCRIPT TYPE=module SRC=m.js></SCRIPT></HEAD><BODY></BODY></HTML>",
	},
	{
		name:  "noscript and template in head are not entered",
		in:    "<head>\n<noscript><link rel=stylesheet href=ns.css></noscript>\n<template><link rel=stylesheet href=t.css><title>x</title></template>\n<link rel=stylesheet href=a.css>\n<!-- a comment -->\n</head>",
		hints: []graph.Hint{cssHint},
		want:  "<head>\n<noscript><link rel=stylesheet href=ns.css></noscript>\n<template><link rel=stylesheet href=t.css><title>x</title></template>\n<link rel=stylesheet href=a.css>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen -->\n<!-- a comment -->\n</head>",
	},
	{
		name:  "xhtml void tags",
		in:    "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\"/>\n<link rel=\"stylesheet\" href=\"a.css\"/>\n</head>\n<body/>\n</html>",
		hints: []graph.Hint{fontHint},
		want:  "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\"/>\n<link rel=\"stylesheet\" href=\"a.css\"/>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/fonts/a.woff2\" as=\"font\" type=\"font/woff2\" crossorigin=\"anonymous\" />\n<!-- /preloadgen -->\n</head>\n<body/>\n</html>",
	},
	{
		name:  "HTML with self-closed void tags keeps the style, bare crossorigin",
		in:    "<!doctype html>\n<html>\n  <head>\n    <meta charset=\"UTF-8\" />\n    <link rel=\"stylesheet\" href=\"/a.css\">\n  </head>\n</html>\n",
		hints: []graph.Hint{fontHint},
		want:  "<!doctype html>\n<html>\n  <head>\n    <meta charset=\"UTF-8\" />\n    <link rel=\"stylesheet\" href=\"/a.css\">\n    <!-- preloadgen -->\n    <link rel=\"preload\" href=\"/fonts/a.woff2\" as=\"font\" type=\"font/woff2\" crossorigin />\n    <!-- /preloadgen -->\n  </head>\n</html>\n",
	},
	{
		name:  "never before base and CSP; text in head ends it",
		in:    "<head><base href=/x/><meta http-equiv=Content-Security-Policy content=\"default-src 'self'\">oops<link rel=stylesheet href=late.css>",
		hints: []graph.Hint{cssHint},
		want:  "<head><base href=/x/><meta http-equiv=Content-Security-Policy content=\"default-src 'self'\">\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen -->oops<link rel=stylesheet href=late.css>",
	},
	{
		name:  "existing block replaced",
		in:    "<head>\n<link rel=stylesheet href=a.css>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/old.css\" as=\"style\">\n<!-- /preloadgen -->\n</head>",
		hints: []graph.Hint{cssHint},
		want:  "<head>\n<link rel=stylesheet href=a.css>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen -->\n</head>",
	},
	{
		name: "existing block removed when no hints",
		in:   "<head>\n<link rel=stylesheet href=a.css>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/old.css\" as=\"style\">\n<!-- /preloadgen -->\n</head>",
		want: "<head>\n<link rel=stylesheet href=a.css>\n</head>",
	},
	{
		name:  "author's preload not repeated; escaping",
		in:    "<head><link rel=preload href=/css/b.css as=style></head>",
		hints: []graph.Hint{cssHint, {URL: "/a\"b.css", Href: "/a\"b.css?x=1&y=<2>", Rel: "preload", As: "style", Media: "(min-width: 1px)", Nonce: "n\"", HTML: true}, {URL: "/hdr.css", Href: "/hdr.css", Rel: "preload", As: "style", Header: true}},
		want:  "<head>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/a&#34;b.css?x=1&amp;y=&lt;2&gt;\" as=\"style\" media=\"(min-width: 1px)\" nonce=\"n&#34;\">\n<!-- /preloadgen --><link rel=preload href=/css/b.css as=style></head>",
	},
	{
		name:  "responsive image preload with priority",
		in:    "<head><meta charset=utf-8></head>",
		hints: []graph.Hint{{URL: "/h.jpg", Href: "/h.jpg", Rel: "preload", As: "image", ImageSrcset: "/h-800.jpg 800w, /h.jpg 1600w", ImageSizes: "100vw", FetchPriority: "high", Integrity: "sha384-x", HTML: true}},
		want:  "<head><meta charset=utf-8>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/h.jpg\" as=\"image\" imagesrcset=\"/h-800.jpg 800w, /h.jpg 1600w\" imagesizes=\"100vw\" integrity=\"sha384-x\" fetchpriority=\"high\">\n<!-- /preloadgen --></head>",
	},
	{
		name:  "inline classic script blocks, importmap precedes modulepreload",
		in:    "<head><script>var a=1</script><script type=importmap>{}</script><script async src=a.js></script></head>",
		hints: []graph.Hint{modHint},
		want:  "<head><script>var a=1</script><script type=importmap>{}</script>\n<!-- preloadgen -->\n<link rel=\"modulepreload\" href=\"./js/m.js\" crossorigin=\"use-credentials\">\n<!-- /preloadgen --><script async src=a.js></script></head>",
	},
	{
		name:  "markers inside raw text are not a block",
		in:    "<head><title><!-- preloadgen --><link><!-- /preloadgen --></title></head>",
		hints: []graph.Hint{cssHint},
		want:  "<head><title><!-- preloadgen --><link><!-- /preloadgen --></title>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen --></head>",
	},
	{
		name:  "BOM: the doctype stays first",
		in:    "\xef\xbb\xbf<!doctype html>\n<html><head><meta charset=utf-8></head><body>x</body></html>",
		hints: []graph.Hint{cssHint},
		want:  "\xef\xbb\xbf<!doctype html>\n<html><head><meta charset=utf-8>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen --></head><body>x</body></html>",
	},
	{
		name:  "BOM and CRLF",
		in:    "\xef\xbb\xbf\r\n<!DOCTYPE html>\r\n<html>\r\n<head>\r\n  <title>t</title>\r\n</head>\r\n<body>x</body></html>",
		hints: []graph.Hint{cssHint},
		want:  "\xef\xbb\xbf\r\n<!DOCTYPE html>\r\n<html>\r\n<head>\r\n  <title>t</title>\r\n  <!-- preloadgen -->\r\n  <link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\r\n  <!-- /preloadgen -->\r\n</head>\r\n<body>x</body></html>",
	},
	{
		name:  "BOM, no head: after the doctype",
		in:    "\xef\xbb\xbf<!doctype html><p>x",
		hints: []graph.Hint{cssHint},
		want:  "\xef\xbb\xbf<!doctype html>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen --><p>x",
	},
	{
		name:  "leading comment before the doctype",
		in:    "<!-- generated by X -->\n<!doctype html><p>x",
		hints: []graph.Hint{cssHint},
		want:  "<!-- generated by X -->\n<!doctype html>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen --><p>x",
	},
	{
		name:  "leading whitespace before the doctype",
		in:    "\n\n  <!doctype html><p>x",
		hints: []graph.Hint{cssHint},
		want:  "\n\n  <!doctype html>\n<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen --><p>x",
	},
	{
		name:  "BOM only",
		in:    "\xef\xbb\xbf",
		hints: []graph.Hint{cssHint},
		want:  "\xef\xbb\xbf<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen -->\n",
	},
	{
		name: "zero hints: untouched",
		in:   "<!DOCTYPE html><head><meta charset=utf-8></head><body>x</body>",
		want: "<!DOCTYPE html><head><meta charset=utf-8></head><body>x</body>",
	},
	{
		name:  "empty file",
		in:    "",
		hints: []graph.Hint{cssHint},
		want:  "<!-- preloadgen -->\n<link rel=\"preload\" href=\"/css/b.css\" as=\"style\">\n<!-- /preloadgen -->\n",
	},
}

func TestRewrite(t *testing.T) {
	for _, tc := range rewriteCases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := Rewrite([]byte(tc.in), tc.hints)
			if string(got) != tc.want {
				t.Fatalf("Rewrite:\n got %q\nwant %q", got, tc.want)
			}
			checkRewriteProperties(t, []byte(tc.in), tc.hints, Speculation{})
			checkRewriteProperties(t, []byte(tc.in), tc.hints, fuzzSpeculation)
		})
	}
}

func TestRewriteZeroHintsIdentical(t *testing.T) {
	for _, tc := range rewriteCases {
		if strings.Contains(tc.in, BlockStart) {
			continue
		}
		in := []byte(tc.in)
		got, n := Rewrite(in, nil)
		if n != 0 || !bytes.Equal(got, in) {
			t.Errorf("%s: zero hints changed the page: %q", tc.name, got)
		}
	}
}

func TestRewriteCountsAdded(t *testing.T) {
	_, n := Rewrite([]byte("<head></head>"), []graph.Hint{cssHint, cssHint, fontHint, {URL: "/x", Href: "/x", Rel: "preload", Header: true}})
	if n != 2 {
		t.Fatalf("added = %d, want 2 (duplicates and header-only hints left out)", n)
	}
}

func TestMarkerAndLinkSearch(t *testing.T) {
	for _, src := range []string{
		"", "!", "<!", "<!-- preloadgen -->", "x<!-- preloadgen --", "<!--x--><!-- /preloadgen -->!",
		"!!<!<!-- preloadgen -->", "k", "<link", "<LINK", "<LiNk rel=x><p>k K</p><linK", "lin<link",
		"<lin", "<linkk<link", "<!-- <link --><p>kkk", "\xef\xbb\xbf<link>",
	} {
		b := []byte(src)
		for _, m := range []string{BlockStart, BlockEnd} {
			if got, want := indexMarker(b, m), bytes.Index(b, []byte(m)); got != want {
				t.Errorf("indexMarker(%q, %q) = %d, want %d", src, m, got, want)
			}
		}
		if got, want := lastLinkTag(b), lastLinkTagPlain(b); got != want {
			t.Errorf("lastLinkTag(%q) = %d, want %d", src, got, want)
		}
	}
}

func TestRewriteStripped(t *testing.T) {
	for _, tc := range rewriteCases {
		for _, src := range []string{tc.in, tc.want} {
			want, wantN := RewriteWith([]byte(src), tc.hints, Speculation{})
			got, n := RewriteStripped(Strip([]byte(src)), tc.hints, Speculation{})
			if string(got) != string(want) || n != wantN {
				t.Errorf("%s: RewriteStripped(Strip(x)) = %q (%d), RewriteWith(x) = %q (%d)", tc.name, got, n, want, wantN)
			}
		}
	}
}
