package parse

import (
	"reflect"
	"testing"
)

// TestGeneratorConventions documents how markup that static-site generators emit is read:
// what becomes a reference, with which attributes.
func TestGeneratorConventions(t *testing.T) {
	type ref struct {
		Kind                   RefKind
		URL, Srcset, Sizes     string
		CrossOrigin, Integrity string
		Nonce, Text            string
		InHead, NoModule       bool
	}
	tests := []struct {
		name, head, body string
		base             string
		want             []ref
	}{
		{"noscript fallbacks are not loaded", `<noscript><link rel="stylesheet" href="/ns.css"></noscript>`,
			`<noscript><img src="/ns.jpg"><link rel="stylesheet" href="/ns2.css"></noscript>`, "", nil},
		{"stylesheet in body", ``, `<p>x</p><link rel="stylesheet" href="/late.css">`, "",
			[]ref{{Kind: RefStylesheet, URL: "/late.css"}}},
		{"style block", `<style>@import url(/i.css);.a{color:red}</style>`, ``, "",
			[]ref{{Kind: RefInlineStyle, Text: "@import url(/i.css);.a{color:red}", InHead: true}}},
		{"style block in body", ``, `<style>.hero{background:url(/h.jpg)}</style>`, "",
			[]ref{{Kind: RefInlineStyle, Text: ".hero{background:url(/h.jpg)}"}}},
		{"inline style background", ``, `<div class="hero" style="background-image: url('/bg.jpg')">x</div>`, "",
			[]ref{{Kind: RefStyleAttr, Text: "background-image: url('/bg.jpg')"}}},
		{"inline style without url", ``, `<div style="color:red">x</div>`, "", nil},
		{"relative URLs and base", `<base href="/docs/"><link rel="stylesheet" href="assets/style.css">`, `<img src="../img/a.png" width="800">`, "/docs/",
			[]ref{{Kind: RefStylesheet, URL: "assets/style.css", InHead: true}, {Kind: RefImage, URL: "../img/a.png"}}},
		{"only the first base counts", `<base href="/a/"><base href="/b/">`, ``, "/a/", nil},
		{"crossorigin integrity nonce on a stylesheet", `<link rel="stylesheet" href="/assets/index-D4hR7c1E.css" crossorigin integrity="sha384-abc" nonce="r4nd">`, ``, "",
			[]ref{{Kind: RefStylesheet, URL: "/assets/index-D4hR7c1E.css", CrossOrigin: "anonymous", Integrity: "sha384-abc", Nonce: "r4nd", InHead: true}}},
		{"crossorigin integrity nonce on scripts", `<script type="module" crossorigin src="/assets/index-BfX2k9aQ.js" integrity="sha384-m" nonce="r4nd"></script><script src="/legacy.js" crossorigin="use-credentials" integrity="sha384-l"></script>`, ``, "",
			[]ref{{Kind: RefModuleScript, URL: "/assets/index-BfX2k9aQ.js", CrossOrigin: "anonymous", Integrity: "sha384-m", Nonce: "r4nd", InHead: true},
				{Kind: RefScript, URL: "/legacy.js", CrossOrigin: "use-credentials", Integrity: "sha384-l", InHead: true}}},
		{"nomodule fallback scripts are marked", `<script src="/polyfills.js" noModule=""></script><script type="module" src="/app.js"></script>`, ``, "",
			[]ref{{Kind: RefScript, URL: "/polyfills.js", InHead: true, NoModule: true}, {Kind: RefModuleScript, URL: "/app.js", InHead: true}}},
		{"srcset with x descriptors", ``, `<img src="/a.jpg" srcset="/a.jpg 1x, /a@2x.jpg 2x" decoding="async">`, "",
			[]ref{{Kind: RefImage, URL: "/a.jpg", Srcset: "/a.jpg 1x, /a@2x.jpg 2x"}}},
		{"srcset with w descriptors, no src", ``, `<img srcset="/a-640.jpg 640w, /a-1280.jpg 1280w" sizes="(max-width: 700px) 100vw, 700px">`, "",
			[]ref{{Kind: RefImage, Srcset: "/a-640.jpg 640w, /a-1280.jpg 1280w", Sizes: "(max-width: 700px) 100vw, 700px"}}},
		{"hashed names and base path", `<link rel="modulepreload" href="/docs/assets/chunk-Ab12_-Cd.js">`, `<img src="/docs/_astro/hero.B3xk_9Q1.webp">`, "",
			[]ref{{Kind: RefModulePreload, URL: "/docs/assets/chunk-Ab12_-Cd.js", InHead: true}, {Kind: RefImage, URL: "/docs/_astro/hero.B3xk_9Q1.webp"}}},
		{"template content is inert", ``, `<template><img src="/t.jpg"></template>`, "", nil},
		{"data URLs stay references", ``, `<img src="data:image/gif;base64,R0lGOD" width="1">`, "",
			[]ref{{Kind: RefImage, URL: "data:image/gif;base64,R0lGOD"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseHTML([]byte("<!doctype html><html><head>" + tt.head + "</head><body>" + tt.body + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			var got []ref
			for _, r := range d.Refs {
				got = append(got, ref{r.Kind, r.URL, r.Srcset, r.Sizes, r.CrossOrigin, r.Integrity, r.Nonce, r.Text, r.InHead, r.NoModule})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("refs:\n got %+v\nwant %+v", got, tt.want)
			}
			if d.BaseURL != tt.base {
				t.Errorf("base = %q, want %q", d.BaseURL, tt.base)
			}
		})
	}
}
