// Package sitegen writes synthetic built sites for benchmarks and scale tests: N pages of
// realistic size (20-100 KB of HTML with navigation, article text and images) in three
// sections that share a realistic set of CSS, JS, font and image assets but differ in what
// their pages need (hero image, text headline in a display font, module app), so pages do
// not all get the same hints. Output is deterministic for a given seed.
package sitegen

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

// Options shape a generated site.
type Options struct {
	Pages int   // number of HTML pages
	Seed  int64 // variation; same seed, same bytes
	// MinKB and MaxKB bound the page size (defaults 20 and 100).
	MinKB, MaxKB int
}

// Generate writes a site into dir (which must exist) and returns the pages' site paths.
func Generate(dir string, o Options) ([]string, error) {
	if o.MinKB <= 0 {
		o.MinKB = 20
	}
	if o.MaxKB < o.MinKB {
		o.MaxKB = max(100, o.MinKB)
	}
	rng := rand.New(rand.NewSource(o.Seed))
	for name, body := range assets() {
		if err := write(dir, name, body); err != nil {
			return nil, err
		}
	}
	var pages []string
	for i := 0; i < o.Pages; i++ {
		section := []string{"blog", "docs", "app"}[i%3]
		p := fmt.Sprintf("/%s/%04d/%s/index.html", section, i/100, slug(rng, i))
		size := (o.MinKB + rng.Intn(o.MaxKB-o.MinKB+1)) << 10
		if err := write(dir, p, []byte(page(rng, section, i, size))); err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	if err := write(dir, "/index.html", []byte(page(rng, "blog", 0, o.MinKB<<10))); err != nil {
		return nil, err
	}
	return append(pages, "/index.html"), nil
}

func write(dir, p string, b []byte) error {
	full := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "/")))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	return os.WriteFile(full, b, 0o644)
}

var words = strings.Fields(`the a browser network request font image page render paint
latency bandwidth cache server hint preload module style sheet layout text first
largest content round trip header early link priority queue stream window frame
data byte packet site build deploy static asset hash chunk import export route`)

func slug(rng *rand.Rand, i int) string {
	return fmt.Sprintf("%s-%s-%d", words[rng.Intn(len(words))], words[rng.Intn(len(words))], i)
}

func sentence(rng *rand.Rand) string {
	n := 8 + rng.Intn(14)
	var b strings.Builder
	for j := 0; j < n; j++ {
		w := words[rng.Intn(len(words))]
		if j == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
		if j < n-1 {
			b.WriteByte(' ')
		}
	}
	b.WriteString(". ")
	return b.String()
}

func page(rng *rand.Rand, section string, i, size int) string {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<title>%s page %d</title>\n", section, i)
	b.WriteString("<link rel=\"stylesheet\" href=\"/css/main.css\">\n")
	b.WriteString("<link rel=\"stylesheet\" href=\"/css/print.css\" media=\"print\">\n")
	switch section {
	case "docs":
		b.WriteString("<link rel=\"stylesheet\" href=\"/css/docs.css\">\n")
	case "app":
		b.WriteString("<script type=\"module\" crossorigin src=\"/assets/entry.js\"></script>\n")
	}
	b.WriteString("<script defer src=\"/js/site.js\"></script>\n</head>\n<body>\n")
	b.WriteString("<header class=\"site\"><nav><a href=\"/\">Home</a> <a href=\"/blog/\">Blog</a> <a href=\"/docs/\">Docs</a> <a href=\"/app/\">App</a></nav></header>\n<main>\n")
	switch section {
	case "blog":
		fmt.Fprintf(&b, "<img class=\"hero\" src=\"/img/hero-%d-1600.jpg\" srcset=\"/img/hero-%d-800.jpg 800w, /img/hero-%d-1600.jpg 1600w\" sizes=\"100vw\" width=\"1600\" height=\"900\" alt=\"\">\n", i%5, i%5, i%5)
		fmt.Fprintf(&b, "<h1>%s</h1>\n", sentence(rng))
	case "docs":
		fmt.Fprintf(&b, "<h1 class=\"display\">%s%s</h1>\n", sentence(rng), sentence(rng))
	case "app":
		fmt.Fprintf(&b, "<h1 class=\"app-title\">%s</h1>\n<div id=\"app\"></div>\n", sentence(rng))
	}
	for k := 0; b.Len() < size-200; k++ {
		b.WriteString("<p>")
		for s := 0; s < 4; s++ {
			b.WriteString(sentence(rng))
		}
		b.WriteString("</p>\n")
		if k%6 == 5 {
			fmt.Fprintf(&b, "<img src=\"/img/figure-%d.jpg\" loading=\"lazy\" width=\"800\" height=\"450\" alt=\"\">\n", k%7)
		}
		if k%9 == 8 {
			fmt.Fprintf(&b, "<blockquote>%s</blockquote>\n<pre><code>const x = %d;</code></pre>\n", sentence(rng), k)
		}
	}
	b.WriteString("</main>\n<footer><p>Generated site.</p></footer>\n</body>\n</html>\n")
	return b.String()
}

func assets() map[string][]byte {
	font := func(n int) []byte { return []byte(strings.Repeat("F", n)) }
	img := func(n int) []byte { return []byte(strings.Repeat("J", n)) }
	a := map[string][]byte{
		"/css/main.css": []byte(`@import url("base.css");
body { margin: 0 auto; max-width: 46rem; color: #222 }
header.site { padding: 1rem } .hero { width: 100%; height: auto }
`),
		"/css/base.css": []byte(`@import "fonts.css";
body { font-family: "Inter", system-ui, sans-serif; font-size: 1.0625rem; line-height: 1.6 }
h1, h2, strong { font-weight: 700 } h1 { font-size: 2.25rem }
blockquote { font-family: "Lora", Georgia, serif; font-style: italic }
code, pre { font-family: ui-monospace, monospace }
`),
		"/css/fonts.css": []byte(`@font-face { font-family: "Inter"; font-weight: 400; font-display: swap;
  src: url(/fonts/inter-latin-400.woff2) format("woff2"); unicode-range: U+0000-00FF, U+2000-206F; }
@font-face { font-family: "Inter"; font-weight: 400; font-display: swap;
  src: url(/fonts/inter-cyrillic-400.woff2) format("woff2"); unicode-range: U+0400-045F; }
@font-face { font-family: "Inter"; font-weight: 700; font-display: swap;
  src: url(/fonts/inter-latin-700.woff2) format("woff2"); unicode-range: U+0000-00FF, U+2000-206F; }
@font-face { font-family: "Lora"; font-style: italic; font-display: swap;
  src: url(/fonts/lora-italic.woff2) format("woff2"); unicode-range: U+0000-00FF; }
@font-face { font-family: "Display"; font-weight: 800; font-display: block;
  src: url(/fonts/display-800.woff2) format("woff2"); }
`),
		"/css/docs.css":  []byte(`.display { font-family: "Display", serif; font-weight: 800; font-size: clamp(2.5rem, 5vw, 3.5rem) }`),
		"/css/print.css": []byte(`nav, footer { display: none }`),
		"/js/site.js":    []byte(`document.documentElement.classList.add("js");`),
		"/assets/entry.js": []byte(`import { mount } from "./vendor.js";
mount(document.getElementById("app"));
document.querySelector("h1").addEventListener("click", () => import("./route.js"));
`),
		"/assets/vendor.js":               []byte(`import { h } from "./runtime.js"; export function mount(el) { if (el) el.append(h("p")); }`),
		"/assets/runtime.js":              []byte(`export function h(tag) { return document.createElement(tag); }`),
		"/assets/route.js":                []byte(`export default function route() {}`),
		"/fonts/inter-latin-400.woff2":    font(23000),
		"/fonts/inter-cyrillic-400.woff2": font(7500),
		"/fonts/inter-latin-700.woff2":    font(23800),
		"/fonts/lora-italic.woff2":        font(22000),
		"/fonts/display-800.woff2":        font(20000),
	}
	for i := 0; i < 5; i++ {
		a[fmt.Sprintf("/img/hero-%d-1600.jpg", i)] = img(90000)
		a[fmt.Sprintf("/img/hero-%d-800.jpg", i)] = img(25000)
	}
	for i := 0; i < 7; i++ {
		a[fmt.Sprintf("/img/figure-%d.jpg", i)] = img(30000)
	}
	return a
}
