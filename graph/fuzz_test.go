package graph

import (
	"bytes"
	"context"
	"testing"

	"github.com/preloadgen/preloadgen/firstscreen"
	"github.com/preloadgen/preloadgen/parse"
)

// memSite is a Site over a map of files, parsing on each call.
type memSite map[string][]byte

func (m memSite) Stat(p string) (int64, bool) {
	b, ok := m[p]
	return int64(len(b)), ok
}

func (m memSite) Stylesheet(p string) (*parse.Stylesheet, error) { return parse.ParseCSS(m[p]), nil }
func (m memSite) Module(p string) (*parse.Module, error)         { return parse.ParseJS(m[p], p), nil }

// FuzzAnalyze feeds arbitrary pages and stylesheets through the whole per-page analysis:
// it must not panic, and every hint must name an existing same-site file, at most once.
func FuzzAnalyze(f *testing.F) {
	f.Add([]byte(`<link rel=stylesheet href=/a.css><img src=/h.jpg width=900><h1 class=t>Hi</h1>`), []byte(`@import "b.css"; .t{font-family:F;font-size:clamp(1rem,5vw,3rem)} @font-face{font-family:F;src:url(/f.woff2)}`))
	f.Add([]byte(`<base href="../x/"><style>@import "/a.css";</style><div class=hero style="background:url(/h.jpg)">x</div>`), []byte(`.hero{background:url(/h.jpg);min-height:80vh}`))
	f.Add([]byte(`<picture><source srcset="/h.jpg 1x" type=image/avif><img src=/h.jpg></picture><script type=module>import "/m.js"</script>`), []byte(`p{font:italic 700 12px/1 F}`))
	f.Add([]byte(`<link rel=stylesheet href=/a.css><div class=t><h1>Title</h1><p>Text</p></div>`), []byte(`:root{--s:2rem} .t{--s:var(--s)} h1{font-size:var(--s, 3rem)} @media (max-width:600px){:root{--s:calc(var(--s) * 2)}} p{font-size:var(--nope)}`))
	f.Fuzz(func(t *testing.T, page, css []byte) {
		site := memSite{"/a.css": css, "/b.css": []byte(`p{}`), "/f.woff2": []byte("x"), "/h.jpg": []byte("x"), "/m.js": []byte(`import "./a.css"`)}
		p, err := Analyze(context.Background(), site, "/d/index.html", page, Options{})
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, h := range p.Hints {
			if _, ok := site[h.URL]; !ok {
				t.Fatalf("hint for a file that does not exist: %+v", h)
			}
			if seen[h.URL] {
				t.Fatalf("duplicate hint for %s", h.URL)
			}
			seen[h.URL] = true
			if h.HTML && h.Depth < 2 && h.FetchPriority != "high" && !(h.As == "image" && p.LCP != nil && p.LCP.Lazy) {
				t.Fatalf("depth-1 HTML hint that is not the LCP image: %+v", h)
			}
		}
	})
}

func (m memSite) ImageSize(p string) (int, int, bool) {
	b, ok := m[p]
	if !ok {
		return 0, 0, false
	}
	return firstscreen.DecodeImageSize(bytes.NewReader(b))
}
