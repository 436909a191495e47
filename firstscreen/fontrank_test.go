package firstscreen

import (
	"testing"

	"github.com/preloadgen/preloadgen/parse"
)

// TestLCPFontWeight: the font chosen for the LCP text follows the LCP element's computed
// weight and style, with unicode-range matched against the element's own text (a Cyrillic
// headline in Inter 700 needs the 700 cyrillic file, not the body's 400).
func TestLCPFontWeight(t *testing.T) {
	const faces = `
@font-face{font-family:Inter;font-weight:400;font-display:swap;src:url(/f/inter-latin-400.woff2) format("woff2");unicode-range:U+0000-00FF,U+2000-206F}
@font-face{font-family:Inter;font-weight:400;font-display:swap;src:url(/f/inter-cyrillic-400.woff2) format("woff2");unicode-range:U+0400-045F,U+0490-0491}
@font-face{font-family:Inter;font-weight:700;font-display:swap;src:url(/f/inter-latin-700.woff2) format("woff2");unicode-range:U+0000-00FF,U+2000-206F}
@font-face{font-family:Inter;font-weight:700;font-display:swap;src:url(/f/inter-cyrillic-700.woff2) format("woff2");unicode-range:U+0400-045F,U+0490-0491}
@font-face{font-family:Inter;font-weight:400;font-style:italic;font-display:swap;src:url(/f/inter-cyrillic-400i.woff2) format("woff2");unicode-range:U+0400-045F}
body{font-family:Inter,sans-serif;font-weight:400}
`
	tests := []struct {
		name, css, body string
		want            string
	}{
		{"h1 700", `h1{font-weight:700;font-size:3rem}`,
			`<h1>Заголовок статьи о медленных сетях</h1><p>Текст.</p>`, "/f/inter-cyrillic-700.woff2"},
		{"h1 ua bold", `h1{font-size:3rem}`,
			`<h1>Заголовок статьи о медленных сетях</h1><p>Текст.</p>`, "/f/inter-cyrillic-700.woff2"},
		{"h1 bold keyword", `.t{font-weight:bold;font-size:3rem}`,
			`<p class="t">Заголовок статьи о медленных сетях</p><p>Текст.</p>`, "/f/inter-cyrillic-700.woff2"},
		{"h1 font shorthand", `h1{font:700 3rem/1.1 Inter,sans-serif}`,
			`<h1>Заголовок статьи о медленных сетях</h1><p>Текст.</p>`, "/f/inter-cyrillic-700.woff2"},
		{"h1 normal weight", `h1{font-weight:normal;font-size:3rem}`,
			`<h1>Заголовок статьи о медленных сетях</h1><p>Текст.</p>`, "/f/inter-cyrillic-400.woff2"},
		{"h1 italic", `h1{font-weight:400;font-style:italic;font-size:3rem}`,
			`<h1>Заголовок статьи о медленных сетях</h1><p>Текст.</p>`, "/f/inter-cyrillic-400i.woff2"},
		{"h1 weight inherited", `header{font-weight:700} h1{font-weight:inherit;font-size:3rem}`,
			`<header><h1>Заголовок статьи о медленных сетях</h1></header><p>Текст.</p>`, "/f/inter-cyrillic-700.woff2"},
		{"h1 bolder", `h1{font-weight:bolder;font-size:3rem}`,
			`<h1>Заголовок статьи о медленных сетях</h1><p>Текст.</p>`, "/f/inter-cyrillic-700.woff2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := memSite{
				"/index.html": []byte(`<!doctype html><html lang="ru"><head><link rel="stylesheet" href="/a.css"></head><body>` + tt.body + `</body></html>`),
				"/a.css":      []byte(faces + tt.css),
			}
			page := testPage(t, site, "/index.html")
			g := Estimate(page).Guess
			var fonts []string
			for _, i := range g.Fonts {
				fonts = append(fonts, page.Faces[i].URL)
			}
			if g.Kind != KindText || len(fonts) != 1 || fonts[0] != tt.want {
				t.Fatalf("guess %v %s in %v, want text in %s", g.Kind, parse.Describe(g.Node), fonts, tt.want)
			}
		})
	}
}
