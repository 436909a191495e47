package verify

import (
	"testing"

	"github.com/preloadgen/preloadgen/graph"
)

func TestJudge(t *testing.T) {
	img := func(url, path string) *Element {
		return &Element{Kind: "image", URL: url, Element: "img", Tag: "img", Path: path, parentPath: parentOf(path)}
	}
	text := func(el, path, s string) *Element {
		return &Element{Kind: "text", Element: el, Path: path, parentPath: parentOf(path), fullText: s}
	}
	page := &graph.Page{Path: "/blog/a/index.html", Resources: []*graph.Resource{
		{URL: "/img/hero-1200.jpg", Edge: graph.EdgeImage, LCP: true, Srcset: "../../img/hero-640.jpg 640w, /img/hero-1200.jpg 1200w"},
	}}
	for _, tc := range []struct {
		name       string
		browser    *Element
		guess      *graph.LCP
		verdict    Verdict
		imageRight bool
	}{
		{"no entry", nil, &graph.LCP{Kind: "text"}, NoLCP, false},
		{"no guess", text("p", "html>body>p:nth-of-type(1)", "x"), nil, DifferentKind, false},
		{"same src", img("/img/hero-1200.jpg", "html>body>img:nth-of-type(1)"),
			&graph.LCP{Kind: "image", URL: "/img/hero-1200.jpg", Element: "img", Path: "html>body>img:nth-of-type(1)"}, SameElement, true},
		{"a relative srcset candidate", img("/img/hero-640.jpg", "html>body>img:nth-of-type(1)"),
			&graph.LCP{Kind: "image", URL: "/img/hero-1200.jpg", Element: "img", Path: "html>body>img:nth-of-type(1)"}, SameElement, true},
		{"another image", img("/img/thumb.jpg", "html>body>ul:nth-of-type(1)>li:nth-of-type(1)>img:nth-of-type(1)"),
			&graph.LCP{Kind: "image", URL: "/img/hero-1200.jpg", Element: "img", Path: "html>body>img:nth-of-type(1)"}, SameKind, false},
		{"picture and its img", img("/img/x.avif", "html>body>picture:nth-of-type(1)>img:nth-of-type(1)"),
			&graph.LCP{Kind: "image", Element: "picture", Path: "html>body>picture:nth-of-type(1)"}, Ancestor, false},
		{"text guessed for an image", img("/img/hero-1200.jpg", "html>body>img:nth-of-type(1)"),
			&graph.LCP{Kind: "text", Element: "h1", Path: "html>body>h1:nth-of-type(1)"}, DifferentKind, false},
		{"the same text block", text("h1", "html>body>h1:nth-of-type(1)", "Title"),
			&graph.LCP{Kind: "text", Element: "h1", Path: "html>body>h1:nth-of-type(1)", Text: "Title"}, SameElement, false},
		{"the guess is the parent", text("a", "html>body>p:nth-of-type(1)>a:nth-of-type(1)", "link"),
			&graph.LCP{Kind: "text", Element: "p", Path: "html>body>p:nth-of-type(1)", Text: "A link"}, Ancestor, false},
		{"the guess is a child", text("main#content", "html>body>main:nth-of-type(1)", "Posts Post 3"),
			&graph.LCP{Kind: "text", Element: "h2", Path: "html>body>main:nth-of-type(1)>h2:nth-of-type(1)", Text: "Post 3"}, Ancestor, false},
		{"the guessed text starts the element's", text("div.intro", "html>body>div:nth-of-type(1)", "Field notes is a blog about the web"),
			&graph.LCP{Kind: "text", Element: "p", Path: "html>body>section:nth-of-type(1)>p:nth-of-type(1)", Text: "Field notes is a..."}, SameElement, false},
		{"a bare tag is not enough", text("p", "html>body>p:nth-of-type(2)", "Second"),
			&graph.LCP{Kind: "text", Element: "p", Path: "html>body>p:nth-of-type(1)", Text: "First"}, SameKind, false},
		{"same id and class", text("h1#t.big", "html>body>div:nth-of-type(1)>h1:nth-of-type(1)", "Second"),
			&graph.LCP{Kind: "text", Element: "h1#t.big", Path: "html>body>h1:nth-of-type(1)", Text: "First"}, SameElement, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Check{Browser: tc.browser, Guess: tc.guess}
			judge(&c, page)
			if c.Verdict != tc.verdict || c.ImageRight != tc.imageRight {
				t.Errorf("verdict %q image right %v, want %q %v", c.Verdict, c.ImageRight, tc.verdict, tc.imageRight)
			}
		})
	}
}

func TestSitePath(t *testing.T) {
	for _, tc := range []struct{ origin, raw, want string }{
		{"http://127.0.0.1:5", "http://127.0.0.1:5/img/a%20b.jpg?v=2", "/img/a b.jpg"},
		{"http://127.0.0.1:5/docs", "http://127.0.0.1:5/docs/img/a.jpg", "/img/a.jpg"},
		{"http://127.0.0.1:5", "https://cdn.example/a.jpg", "https://cdn.example/a.jpg"},
		{"http://127.0.0.1:5", "data:image/png;base64,xx", "data:image/png;base64,xx"},
	} {
		if got := sitePath(tc.origin, tc.raw); got != tc.want {
			t.Errorf("sitePath(%q, %q) = %q, want %q", tc.origin, tc.raw, got, tc.want)
		}
	}
}
