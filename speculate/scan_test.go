package speculate

import (
	"reflect"
	"testing"
)

func TestScan(t *testing.T) {
	f := Scan([]byte(`<!doctype html><html><head>
<base href="/docs/">
<base href="/ignored/">
<meta http-equiv="Content-Security-Policy" content="script-src 'nonce-n1'">
<script nonce="n1" src="/app.js"></script>
<script type="speculationrules">{"prefetch":[]}</script>
<script type="SpeculationRules" src="/rules.json"></script>
</head><body>
<a href="/a/" rel="nofollow">a</a><a>no href</a><a href="b.pdf" download>b</a>
<map><area href="/c/"></map>
<script>var a = '<a href="/not-a-link/">';</script>
</body></html>`))
	want := Facts{
		Links:    []Link{{Href: "/a/", Rel: "nofollow"}, {Href: "b.pdf", Download: true}, {Href: "/c/"}},
		Rules:    []string{`{"prefetch":[]}`, ""},
		RulesSrc: true,
		CSP:      []string{"script-src 'nonce-n1'"},
		Base:     "/docs/",
		Scripts:  []string{"/app.js"},
		Nonces:   []string{"n1"},
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("got  %+v\nwant %+v", f, want)
	}
}

func TestScanRouter(t *testing.T) {
	for src, want := range map[string]string{
		`<meta name=generator content="Docusaurus v3.10.2">`:                      "Docusaurus",
		`<meta name="generator" content="VitePress v1.6.4">`:                      "VitePress",
		`<meta name="astro-view-transitions-enabled" content="true">`:             "Astro view transitions",
		`<script src="/_next/static/chunks/main.js" async></script>`:              "Next.js",
		`<link rel="modulepreload" href="/_nuxt/entry.js">`:                       "Nuxt",
		`<body data-sveltekit-preload-data="hover">`:                              "SvelteKit",
		`<meta name="generator" content="Hugo 0.131.0"><script src="/js/app.js">`: "",
		`<p>Docusaurus and /_next/static/ in text</p>`:                            "",
	} {
		if got := Scan([]byte(src)).Router; got != want {
			t.Errorf("%s: router %q, want %q", src, got, want)
		}
	}
}

func FuzzScan(f *testing.F) {
	f.Add([]byte(`<a href="/a/"><script type=speculationrules>{}</script>`))
	f.Fuzz(func(t *testing.T, src []byte) {
		Scan(src) // must not panic
	})
}
