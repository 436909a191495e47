package firstscreen

import "testing"

// TestFontPropertiesFromCustomProperties: font-family, font-weight and font-style given by
// var() are read once the element's custom properties are substituted (VitePress:
// font-family: var(--vp-font-family-base)), so the faces they name are used; a var()
// that does not substitute leaves the inherited value.
func TestFontPropertiesFromCustomProperties(t *testing.T) {
	faces := `@font-face{font-family:Inter;font-weight:400;src:url(/f/inter.woff2) format("woff2")}
@font-face{font-family:Inter;font-weight:700;src:url(/f/inter-bold.woff2) format("woff2")}
@font-face{font-family:Inter;font-style:italic;src:url(/f/inter-italic.woff2) format("woff2")}
@font-face{font-family:Serif;src:url(/f/serif.woff2) format("woff2")}
`
	for _, tt := range []struct {
		name, css string
		used      []string // faces used; the others are not
	}{
		{"family from a root property", `:root{--base:"Inter",ui-sans-serif,sans-serif} body{font-family:var(--base)}`,
			[]string{"/f/inter.woff2"}},
		{"family from a property set on the element", `p{--base:Inter;font-family:var(--base)} body{font-family:Serif}`,
			[]string{"/f/inter.woff2"}},
		{"fallback", `body{font-family:var(--missing, Inter)}`, []string{"/f/inter.woff2"}},
		{"unset property: inherited family", `body{font-family:Serif} p{font-family:var(--missing)}`,
			[]string{"/f/serif.woff2"}},
		{"more specific wins", `:root{--base:Serif} .x{--base:Inter} body{font-family:var(--base)}`,
			[]string{"/f/inter.woff2"}},
		{"weight", `:root{--w:700} body{font-family:Inter;font-weight:var(--w)}`, []string{"/f/inter-bold.woff2"}},
		{"style", `:root{--s:italic} body{font-family:Inter;font-style:var(--s)}`, []string{"/f/inter-italic.woff2"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"/index.html":    `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body class="x"><p>Some words</p></body></html>`,
				"/s.css":         faces + tt.css,
				"/f/inter.woff2": "x", "/f/inter-bold.woff2": "x", "/f/inter-italic.woff2": "x", "/f/serif.woff2": "x",
			}
			site := memSite{}
			for p, b := range files {
				site[p] = []byte(b)
			}
			page := testPage(t, site, "/index.html")
			res := Estimate(page)
			if len(page.Faces) != 4 {
				t.Fatalf("faces = %+v, want 4", page.Faces)
			}
			for i, f := range page.Faces {
				want := false
				for _, w := range tt.used {
					want = want || w == f.URL
				}
				if res.Used[i] != want {
					t.Errorf("%s: used = %v, want %v", f.URL, res.Used[i], want)
				}
			}
		})
	}
}
