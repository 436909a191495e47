package graph

import (
	"strings"
	"testing"
)

// TestLCPFontWeight: the font chosen for the LCP text follows the LCP element's computed
// weight and style, with unicode-range matched against the element's own text (a Cyrillic
// headline in Inter 700 needs the 700 cyrillic file, not the body's 400). With swap faces,
// of which one fits the yield budget, that file is the one hinted: it goes before the
// other used faces, whatever their order of discovery.
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
			files := map[string]string{
				"/index.html": `<!doctype html><html lang="ru"><head><link rel="stylesheet" href="/a.css"></head><body>` + tt.body + `</body></html>`,
				"/a.css":      faces + tt.css,
			}
			for _, f := range []string{"latin-400", "cyrillic-400", "latin-700", "cyrillic-700", "cyrillic-400i"} {
				files["/f/inter-"+f+".woff2"] = strings.Repeat("w", 7700) // one fits the yield budget
			}
			p := analyzeFiles(t, files, Options{})
			if p.LCP == nil || p.LCP.Kind != "text" || p.LCP.Font != tt.want {
				t.Fatalf("LCP = %+v, want text in %s", p.LCP, tt.want)
			}
			if h := findHint(p, tt.want); h == nil || !h.HTML {
				t.Errorf("no HTML preload for %s: %+v", tt.want, p.Hints)
			}
		})
	}
}
