package firstscreen

import (
	"bytes"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/parse"
)

// TestVisuallyHiddenTextNotLCP: text that paints nothing (the visually-hidden pattern of
// clip and clip-path, display:none, visibility:hidden, the hidden attribute) is never
// the LCP guess; the computed style decides, the usual class names only when no rule does.
func TestVisuallyHiddenTextNotLCP(t *testing.T) {
	const eleventyCSS = `.visually-hidden:not(:focus):not(:active) { clip: rect(0 0 0 0); clip-path: inset(50%); height: 1px; overflow: hidden; position: absolute; white-space: nowrap; width: 1px; }`
	const heading = "Top level navigation menu of this site"
	tests := []struct {
		name, css, attrs string
		hidden           bool // the heading is hidden: the paragraph is the guess
	}{
		{"eleventy visually-hidden", eleventyCSS, `class="visually-hidden"`, true},
		{"eleventy rule, own class name", strings.ReplaceAll(eleventyCSS, "visually-hidden", "nav-label"), `class="nav-label"`, true},
		{"clip only, own class name", `.a11y{position:absolute;clip:rect(1px,1px,1px,1px);width:1px;height:1px}`, `class="a11y"`, true},
		{"clip-path only", `.offscreen{position:absolute;clip-path:inset(50%)}`, `class="offscreen"`, true},
		{"display none", `.menu-title{display:none}`, `class="menu-title"`, true},
		{"display none on an ancestor", `nav{display:none}`, `class="t"`, true},
		{"visibility hidden", `.t{visibility:hidden}`, `class="t"`, true},
		{"hidden attribute", ``, `hidden`, true},
		{"inline display none", ``, `style="display: none"`, true},
		{"sr-only without its rule", ``, `class="sr-only"`, true},
		{"screen-reader-text without its rule", ``, `class="screen-reader-text"`, true},
		{"visuallyhidden without its rule", ``, `class="visuallyhidden"`, true},
		{"class named sr-only shown by the cascade", `.sr-only{display:block;clip:auto}`, `class="sr-only"`, false},
		{"clip that keeps the box", `.t{position:absolute;clip:rect(0 400px 80px 0)}`, `class="t"`, false},
		{"visible", `.t{color:red}`, `class="t"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` +
				`<header><nav><h2 ` + tt.attrs + `>` + heading + `</h2></nav></header>` +
				`<main><p>Short words.</p></main></body></html>`
			g := estimateFiles(t, map[string]string{"/index.html": page, "/s.css": tt.css}).Guess
			if g.Kind == KindNone {
				t.Fatal("no LCP guess")
			}
			gotHidden := !strings.HasPrefix(parse.Text(g.Node), "Top level")
			if gotHidden != tt.hidden {
				t.Errorf("LCP guess %s %q; want the heading hidden=%v", parse.Describe(g.Node), parse.Text(g.Node), tt.hidden)
			}
		})
	}
}

func encodeImage(t *testing.T, format string, w, h int) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	var b bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&b, img)
	case "jpeg":
		err = jpeg.Encode(&b, img, nil)
	case "gif":
		err = gif.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestImageSizeFromFile: an <img> in the first screen without width and height (Sphinx
// writes none) is sized from its file's header, capped at the viewport's width; a large
// one is the LCP guess, unsure since its size came from the file.
func TestImageSizeFromFile(t *testing.T) {
	tests := []struct {
		name, format string
		w, h         int
		attrs        string
		lcp          bool // the image is the guess
		unsure       bool
	}{
		{"jpeg hero 1920 wide", "jpeg", 1920, 1080, ``, true, true},
		{"png 1200x800", "png", 1200, 800, ``, true, true},
		{"gif 800x600", "gif", 800, 600, ``, true, true},
		{"small png", "png", 120, 80, ``, false, false},
		// Capped at the viewport's width (1366 x 51), it is not a hero, but it paints more
		// than the text: the guess, unsure.
		{"wide thin banner capped by the viewport", "png", 4000, 150, ``, true, true},
		// A flat image of fewer than 0.05 bits per displayed pixel is not contentful.
		{"flat banner of low entropy", "png", 2000, 200, ``, false, false},
		{"size in the markup", "png", 1920, 1080, `width="1920" height="1080"`, true, false},
		{"not decodable", "", 0, 0, ``, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := "RIFF....WEBPVP8 "
			if tt.format != "" {
				file = encodeImage(t, tt.format, tt.w, tt.h)
				if !strings.HasPrefix(tt.name, "flat") {
					file = withEntropy(file, tt.w, tt.h)
				}
			}
			page := `<!doctype html><html><body><main><h1>Photo</h1>` +
				`<img alt="A landscape" src="/_images/hero.img" ` + tt.attrs + `>` +
				`<p>A page that opens with a large photo and a paragraph of text under it, long enough to matter.</p>` +
				`</main></body></html>`
			g := estimateFiles(t, map[string]string{"/index.html": page, "/_images/hero.img": file}).Guess
			if g.Kind == KindNone {
				t.Fatal("no LCP guess")
			}
			isImg := g.Kind == KindImage && g.Image.URL == "/_images/hero.img"
			if isImg != tt.lcp {
				t.Fatalf("LCP guess %v %s; want the image=%v", g.Kind, parse.Describe(g.Node), tt.lcp)
			}
			if isImg && (g.Unsure != "") != tt.unsure {
				t.Errorf("unsure = %q; want unsure=%v", g.Unsure, tt.unsure)
			}
		})
	}
}

// TestMayNameHidden: every class attribute that names hidden text (classNamesHidden), in
// any case and among other names, passes the filter namedHidden asks first; most
// others do not.
func TestMayNameHidden(t *testing.T) {
	var named []string
	for _, c := range hiddenClasses {
		named = append(named, c, strings.ToUpper(c), "btn "+c+" x")
	}
	named = append(named, "Skip-Link", "skip_to", "SkipToContent_x", "skiplink", "a skipnav", "s\u212Aip-link")
	for _, c := range named {
		if !classNamesHidden(c) {
			t.Fatalf("%q: not taken as hidden text", c)
		}
		if !mayNameHidden(c) {
			t.Errorf("%q names hidden text, the filter lets it pass as not", c)
		}
	}
	for _, c := range []string{"", "reference internal", "highlight-python3 notranslate", "sidebar-elems", "toctree-l1"} {
		if mayNameHidden(c) {
			t.Errorf("%q: taken as possibly hidden", c)
		}
	}
}

// FuzzMayNameHidden: no class attribute that names hidden text is filtered out.
func FuzzMayNameHidden(f *testing.F) {
	for _, c := range append([]string{"skip-link", "x sr-only", "reference internal"}, hiddenClasses...) {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, class string) {
		if classNamesHidden(class) && !mayNameHidden(class) {
			t.Fatalf("%q names hidden text, filtered out", class)
		}
	})
}
