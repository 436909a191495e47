package graph

import (
	"strings"
	"testing"
)

// TestLCPFontFirst: with swap faces, of which one fits the yield budget, the face of the
// LCP text (a Cyrillic headline in Inter 700) is the one hinted: it goes before the other
// used faces, whatever their order of discovery.
func TestLCPFontFirst(t *testing.T) {
	const want = "/f/inter-cyrillic-700.woff2"
	files := map[string]string{
		"/index.html": `<!doctype html><html lang="ru"><head><link rel="stylesheet" href="/a.css"></head><body><h1>Заголовок статьи о медленных сетях</h1><p>Текст.</p></body></html>`,
		"/a.css": `
@font-face{font-family:Inter;font-weight:400;font-display:swap;src:url(/f/inter-latin-400.woff2) format("woff2");unicode-range:U+0000-00FF,U+2000-206F}
@font-face{font-family:Inter;font-weight:400;font-display:swap;src:url(/f/inter-cyrillic-400.woff2) format("woff2");unicode-range:U+0400-045F,U+0490-0491}
@font-face{font-family:Inter;font-weight:700;font-display:swap;src:url(/f/inter-cyrillic-700.woff2) format("woff2");unicode-range:U+0400-045F,U+0490-0491}
body{font-family:Inter,sans-serif;font-weight:400} h1{font-weight:700;font-size:3rem}`,
	}
	for _, f := range []string{"latin-400", "cyrillic-400", "cyrillic-700"} {
		files["/f/inter-"+f+".woff2"] = strings.Repeat("w", 7700) // one fits the yield budget
	}
	p := analyzeFiles(t, files, Options{})
	if p.LCP == nil || p.LCP.Kind != LCPText || p.LCP.Font != want {
		t.Fatalf("LCP = %+v, want text in %s", p.LCP, want)
	}
	if h := findHint(p, want); h == nil || !h.HTML {
		t.Errorf("no HTML preload for %s: %+v", want, p.Hints)
	}
	for _, h := range p.Hints {
		if h.HTML && h.As == "font" && h.URL != want {
			t.Errorf("HTML preload for %s, a face the LCP text does not use, within the yield budget: %+v", h.URL, p.Hints)
		}
	}
}
