package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// The ranking rules of rank.go (the model: docs/design.md §2), one row each. A row is a small
// site in memory and the head and body of its page /index.html; Analyze ranks the page,
// and the row lists every hint in rank order, one line each (hintLine): URL, rel, the
// attributes the tag or Link value carries, depth, where it goes (html: a tag in the
// page; header: a Link header / 103 Early Hint) and the reason. A row may also pin down
// resources left without a hint, with the reason the analysis gives (resLine).

// rankRow is one rule: a page in, its hints out.
type rankRow struct {
	name       string
	head, body string
	files      map[string]string // site path -> content
	opts       Options
	hints      []string          // hintLine of every hint, in rank order
	res        map[string]string // resLine of these resources
}

func (tt rankRow) analyze(t *testing.T) *Page {
	t.Helper()
	site := memSite{}
	for p, b := range tt.files {
		site[p] = []byte(b)
	}
	src := []byte(`<!doctype html><html><head><meta charset="utf-8"><title>t</title>` + tt.head + `</head><body>` + tt.body + `</body></html>`)
	p, err := Analyze(context.Background(), site, "/index.html", src, tt.opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// hintLine writes a hint as "URL rel [as= type= crossorigin= media= fetchpriority=]
// depth=N [html] [header] | reason".
func hintLine(h Hint) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", h.URL, h.Rel)
	for _, kv := range [][2]string{{"as", h.As}, {"type", h.Type}, {"crossorigin", h.CrossOrigin}, {"media", h.Media}, {"fetchpriority", h.FetchPriority}} {
		switch {
		case kv[1] == "":
		case kv[0] == "media":
			fmt.Fprintf(&b, " media=%q", kv[1])
		default:
			fmt.Fprintf(&b, " %s=%s", kv[0], kv[1])
		}
	}
	fmt.Fprintf(&b, " depth=%d", h.Depth)
	if h.HTML {
		b.WriteString(" html")
	}
	if h.Header {
		b.WriteString(" header")
	}
	return b.String() + " | " + h.Reason
}

// resLine writes a resource as "kind depth=N needed=B | why".
func resLine(r *Resource) string {
	return fmt.Sprintf("%s depth=%d needed=%v | %s", r.Kind, r.Depth, r.Needed, r.Why)
}

// rankFace is an @font-face rule for one woff2 file.
func rankFace(family, weight, style, display, url, unicodeRange string) string {
	s := fmt.Sprintf(`@font-face{font-family:%s;font-weight:%s;font-style:%s;font-display:%s;src:url(%s) format("woff2")`, family, weight, style, display, url)
	if unicodeRange != "" {
		s += ";unicode-range:" + unicodeRange
	}
	return s + "}\n"
}

// rankBytes is the content of a file of n bytes.
func rankBytes(n int) string { return strings.Repeat("x", n) }

const (
	// rankText is a paragraph that is the page's LCP text when nothing larger comes first.
	rankText = `<p>Some introduction text for the page, long enough to be a paragraph of its own.</p>`
	// rankRich uses three faces of a family, and a headline in a system font.
	rankRich = `<h1>The title of the page</h1><p>Some <strong>strong</strong> and <em>emphasis</em> text for the page, long enough to be a paragraph.</p>`
	// rankInterSheet declares the three faces of rankRich, font-display: swap.
	rankInterSheet = `@font-face{font-family:I;font-weight:400;font-display:swap;src:url(/f/i400.woff2) format("woff2")}
@font-face{font-family:I;font-weight:700;font-display:swap;src:url(/f/i700.woff2) format("woff2")}
@font-face{font-family:I;font-weight:400;font-style:italic;font-display:swap;src:url(/f/i400i.woff2) format("woff2")}
p{font-family:I} h1{font-family:serif;font-size:4rem}`
	// Reasons, or their tails, that many rows share.
	notFirstPaint = "; not needed for the first paint (fetchpriority=low)"
	yieldsToImage = "; yields to the LCP image (fetchpriority=low, not in Early Hints)"
	notInYield    = " (not hinted: the first paint and the LCP do not wait for it, and it does not fit the %d-byte budget for such hints)"
	lcpBlockFont  = "font of the LCP text (font-display: block hides the text until it loads)"
	notEarly      = "; not in Early Hints: %d bytes with what goes first, over the 21600-byte early window"
)

// rankInter returns the files of rankInterSheet's faces, each n bytes, and the sheet as /a.css.
func rankInter(n int) map[string]string {
	return map[string]string{"/a.css": rankInterSheet, "/f/i400.woff2": rankBytes(n), "/f/i700.woff2": rankBytes(n), "/f/i400i.woff2": rankBytes(n)}
}

// rankWith returns a copy of files with more added, as path, content pairs.
func rankWith(files map[string]string, more ...string) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	for i := 0; i+1 < len(more); i += 2 {
		out[more[i]] = more[i+1]
	}
	return out
}

var rankRows = []rankRow{
	// Depth: the wave in which the browser finds a resource. Depth 1 (named by the HTML)
	// gets a header only; from depth 2 on, a tag in the page too, and the chain is
	// hinted from its top (shallower first).
	{name: "depth/css import chain 1 2 3",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<h1>Title</h1>` + rankText,
		files: map[string]string{"/a.css": `@import "b.css"; h1{color:red}`, "/b.css": `@import "c.css";`, "/c.css": `p{margin:0}`},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/b.css preload as=style depth=2 html header | @import of a render-blocking stylesheet`,
			`/c.css preload as=style depth=3 html header | @import of a render-blocking stylesheet`,
		}},
	{name: "depth/font in a linked sheet 2, in an imported sheet 3",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<h1>Title of the page</h1>` + rankText + `<p class="note">A note.</p>`,
		files: map[string]string{
			"/a.css":     `@import "b.css";` + rankFace("A", "400", "normal", "swap", "/f/a.woff2", "") + `p{font-family:A} h1{font-family:serif;font-size:4rem}`,
			"/b.css":     rankFace("B", "400", "normal", "swap", "/f/b.woff2", "") + `.note{font-family:B}`,
			"/f/a.woff2": rankBytes(1000), "/f/b.woff2": rankBytes(1000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/b.css preload as=style depth=2 html header | @import of a render-blocking stylesheet`,
			`/f/a.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: A 400 normal` + notFirstPaint,
			`/f/b.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=3 html header | used by the page: B 400 normal` + notFirstPaint,
		}},
	{name: "depth/the shallower font first when one fits",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<h1>Title of the page</h1>` + rankText + `<p class="note">A note.</p>`, opts: Options{Policy: Policy{MaxFonts: 1}},
		files: map[string]string{
			"/a.css":     `@import "b.css";` + rankFace("A", "400", "normal", "swap", "/f/a.woff2", "") + `.note{font-family:A} h1{font-family:serif;font-size:4rem}`,
			"/b.css":     rankFace("B", "400", "normal", "swap", "/f/b.woff2", "") + `p{font-family:B}`,
			"/f/a.woff2": rankBytes(1000), "/f/b.woff2": rankBytes(1000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/b.css preload as=style depth=2 html header | @import of a render-blocking stylesheet`,
			`/f/a.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: A 400 normal` + notFirstPaint,
		},
		res: map[string]string{"/f/b.woff2": "font depth=3 needed=true | used by the page: B 400 normal (not hinted: over the font budget (1 per page))"}},
	{name: "depth/module imports 1 2 3",
		head: `<script type="module" crossorigin src="/m.js"></script>`, body: `<h1>Title</h1>` + rankText,
		files: map[string]string{"/m.js": `import "./n.js";`, "/n.js": `import "./o.js"; export const n = 1;`, "/o.js": `export const o = 1;`},
		hints: []string{
			`/m.js modulepreload crossorigin=anonymous depth=1 header | entry module script`,
			`/n.js modulepreload crossorigin=anonymous fetchpriority=low depth=2 html header | static import of an entry module` + notFirstPaint,
			`/o.js modulepreload crossorigin=anonymous fetchpriority=low depth=3 html header | static import of an entry module` + notFirstPaint,
		}},

	// MaxPreloads: hints per page and per hint set (the page's tags and the headers
	// count apart); 0 is the default, negative is none. The blocking CSS chain and what
	// the LCP needs are past it.
	{name: "budget/MaxPreloads 0 is the default 6",
		head: `<script type="module" src="/m.js"></script>`, body: `<h1>Title</h1>` + rankText,
		files: map[string]string{"/m.js": `import "./m1.js"; import "./m2.js"; import "./m3.js"; import "./m4.js"; import "./m5.js"; import "./m6.js"; import "./m7.js";`,
			"/m1.js": "", "/m2.js": "", "/m3.js": "", "/m4.js": "", "/m5.js": "", "/m6.js": "", "/m7.js": ""},
		hints: []string{
			// The entry module yields too: in the headers it takes one of the six.
			`/m.js modulepreload depth=1 header | entry module script`,
			`/m1.js modulepreload fetchpriority=low depth=2 html header | static import of an entry module` + notFirstPaint,
			`/m2.js modulepreload fetchpriority=low depth=2 html header | static import of an entry module` + notFirstPaint,
			`/m3.js modulepreload fetchpriority=low depth=2 html header | static import of an entry module` + notFirstPaint,
			`/m4.js modulepreload fetchpriority=low depth=2 html header | static import of an entry module` + notFirstPaint,
			`/m5.js modulepreload fetchpriority=low depth=2 html header | static import of an entry module` + notFirstPaint,
			`/m6.js modulepreload fetchpriority=low depth=2 html | static import of an entry module` + notFirstPaint,
		},
		res: map[string]string{"/m7.js": "module depth=2 needed=true | static import of an entry module (not hinted: over the hint budget (6 per page))"}},
	{name: "budget/MaxPreloads 2",
		head: `<script type="module" src="/m.js"></script>`, body: `<h1>Title</h1>` + rankText, opts: Options{Policy: Policy{MaxPreloads: 2}},
		files: map[string]string{"/m.js": `import "./m1.js"; import "./m2.js"; import "./m3.js";`, "/m1.js": "", "/m2.js": "", "/m3.js": ""},
		hints: []string{
			`/m.js modulepreload depth=1 header | entry module script`,
			`/m1.js modulepreload fetchpriority=low depth=2 html header | static import of an entry module` + notFirstPaint,
			`/m2.js modulepreload fetchpriority=low depth=2 html | static import of an entry module` + notFirstPaint,
		},
		res: map[string]string{"/m3.js": "module depth=2 needed=true | static import of an entry module (not hinted: over the hint budget (2 per page))"}},
	{name: "budget/MaxPreloads -1 leaves the CSS chain and the LCP font",
		head: `<link rel="stylesheet" href="/a.css"><script type="module" src="/m.js"></script>`, body: `<h1>The title of the page</h1>` + rankText, opts: Options{Policy: Policy{MaxPreloads: -1}},
		files: map[string]string{"/a.css": `@import "b.css";` + rankFace("D", "700", "normal", "block", "/f/d.woff2", "") + `h1{font-family:D;font-size:4rem}`, "/b.css": "",
			"/f/d.woff2": rankBytes(1000), "/m.js": `import "./m1.js";`, "/m1.js": ""},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/b.css preload as=style depth=2 html header | @import of a render-blocking stylesheet`,
			`/f/d.woff2 preload as=font type=font/woff2 crossorigin=anonymous depth=2 html header | ` + lcpBlockFont,
		},
		res: map[string]string{
			"/m.js":  "module depth=1 needed=true | entry module script (not hinted: over the hint budget (0 per page))",
			"/m1.js": "module depth=2 needed=true | static import of an entry module (not hinted: over the hint budget (0 per page))",
		}},

	// MaxFonts: font hints per page; 0 is the default, negative is none.
	{name: "budget/MaxFonts 0 is the default 3",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<h1>Title</h1><p>Some <strong>strong</strong> and <em>emphasis</em> and <code>code</code> text for the page, long enough.</p>`,
		files: rankWith(rankInter(1000), "/a.css", rankInterSheet+rankFace("M", "400", "normal", "swap", "/f/m.woff2", "")+`code{font-family:M}`, "/f/m.woff2", rankBytes(1000)),
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/i400.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 400 normal` + notFirstPaint,
			`/f/i700.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 700 normal` + notFirstPaint,
			`/f/i400i.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 400 italic` + notFirstPaint,
		},
		res: map[string]string{"/f/m.woff2": "font depth=2 needed=true | used by the page: M 400 normal (not hinted: over the font budget (3 per page))"}},
	{name: "budget/MaxFonts 1",
		head: `<link rel="stylesheet" href="/a.css">`, body: rankRich, opts: Options{Policy: Policy{MaxFonts: 1}}, files: rankInter(1000),
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/i400.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 400 normal` + notFirstPaint,
		},
		res: map[string]string{"/f/i700.woff2": "font depth=2 needed=true | used by the page: I 700 normal (not hinted: over the font budget (1 per page))"}},
	{name: "budget/MaxFonts -1",
		head: `<link rel="stylesheet" href="/a.css">`, body: rankRich, opts: Options{Policy: Policy{MaxFonts: -1}}, files: rankInter(1000),
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
		},
		res: map[string]string{"/f/i400.woff2": "font depth=2 needed=true | used by the page: I 400 normal (not hinted: over the font budget (0 per page))"}},

	// MaxBytes: bytes of hinted resources beyond the blocking CSS; 0 is the default,
	// negative is none. (The yield budget and the early window are opened so that the byte
	// budget decides.)
	{name: "budget/MaxBytes 0 is the default 400 KiB",
		head: `<link rel="stylesheet" href="/a.css">`, body: rankRich, opts: Options{Policy: Policy{YieldBytes: 1 << 20, EarlyThink: time.Minute}}, files: rankInter(150000),
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/i400.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 400 normal` + notFirstPaint,
			`/f/i700.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 700 normal` + notFirstPaint,
		},
		res: map[string]string{"/f/i400i.woff2": "font depth=2 needed=true | used by the page: I 400 italic (not hinted: over the byte budget (409600 bytes per page))"}},
	{name: "budget/MaxBytes 200000",
		head: `<link rel="stylesheet" href="/a.css">`, body: rankRich, opts: Options{Policy: Policy{YieldBytes: 1 << 20, MaxBytes: 200000, EarlyThink: time.Minute}}, files: rankInter(150000),
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/i400.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 400 normal` + notFirstPaint,
		},
		res: map[string]string{"/f/i700.woff2": "font depth=2 needed=true | used by the page: I 700 normal (not hinted: over the byte budget (200000 bytes per page))"}},
	{name: "budget/MaxBytes -1 leaves the CSS chain and the LCP font",
		head: `<link rel="stylesheet" href="/a.css">`, body: rankRich, opts: Options{Policy: Policy{YieldBytes: 1 << 20, MaxBytes: -1}},
		files: rankWith(rankInter(1000), "/a.css", `@import "b.css";`+rankInterSheet+rankFace("D", "700", "normal", "block", "/f/d.woff2", "")+`h1{font-family:D}`,
			"/b.css", "", "/f/d.woff2", rankBytes(1000)),
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/b.css preload as=style depth=2 html header | @import of a render-blocking stylesheet`,
			`/f/d.woff2 preload as=font type=font/woff2 crossorigin=anonymous depth=2 html header | ` + lcpBlockFont,
		},
		res: map[string]string{"/f/i400.woff2": "font depth=2 needed=true | used by the page: I 400 normal (not hinted: over the byte budget (0 bytes per page))"}},

	// YieldBytes: the bytes of hints that neither the first paint nor the LCP needs (fonts
	// the LCP text does not wait for, modules); 0 is the default, negative is none. The
	// font the LCP text waits for does not yield, whatever its size. (The early window is
	// opened so that the yield budget decides.)
	{name: "yield/YieldBytes 0 is the default 14600",
		head: `<link rel="stylesheet" href="/a.css"><script type="module" src="/m.js"></script>`, body: rankRich, opts: Options{Policy: Policy{EarlyThink: time.Minute}},
		files: rankYieldFiles,
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/d.woff2 preload as=font type=font/woff2 crossorigin=anonymous depth=2 html header | ` + lcpBlockFont,
			`/f/i400.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 400 normal` + notFirstPaint,
			`/m.js modulepreload depth=1 header | entry module script`,
		},
		res: map[string]string{"/n.js": "module depth=2 needed=true | static import of an entry module" + fmt.Sprintf(notInYield, 14600)}},
	{name: "yield/YieldBytes 30000",
		head: `<link rel="stylesheet" href="/a.css"><script type="module" src="/m.js"></script>`, body: rankRich, opts: Options{Policy: Policy{YieldBytes: 30000, EarlyThink: time.Minute}},
		files: rankYieldFiles,
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/d.woff2 preload as=font type=font/woff2 crossorigin=anonymous depth=2 html header | ` + lcpBlockFont,
			`/f/i400.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 400 normal` + notFirstPaint,
			`/m.js modulepreload depth=1 header | entry module script`,
			`/n.js modulepreload fetchpriority=low depth=2 html header | static import of an entry module` + notFirstPaint,
		}},
	{name: "yield/YieldBytes -1",
		head: `<link rel="stylesheet" href="/a.css"><script type="module" src="/m.js"></script>`, body: rankRich, opts: Options{Policy: Policy{YieldBytes: -1, EarlyThink: time.Minute}},
		files: rankYieldFiles,
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/d.woff2 preload as=font type=font/woff2 crossorigin=anonymous depth=2 html header | ` + lcpBlockFont,
		},
		res: map[string]string{
			"/f/i400.woff2": "font depth=2 needed=true | used by the page: I 400 normal" + fmt.Sprintf(notInYield, 0),
			"/m.js":         "module depth=1 needed=true | entry module script" + fmt.Sprintf(notInYield, 0),
		}},

	// LCP first: what the LCP needs takes its share of the budgets before anything else,
	// whatever the order of discovery; on an image page, fonts and modules yield to the
	// image (tags at fetchpriority=low, no headers).
	{name: "lcp-first/the LCP font takes the count before fonts found earlier",
		head: `<link rel="stylesheet" href="/a.css">`, body: rankRich, opts: Options{Policy: Policy{MaxPreloads: 2}},
		files: rankWith(rankInter(1000), "/a.css", rankInterSheet+rankFace("D", "700", "normal", "block", "/f/d.woff2", "")+`h1{font-family:D}`, "/f/d.woff2", rankBytes(1000)),
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/d.woff2 preload as=font type=font/woff2 crossorigin=anonymous depth=2 html header | ` + lcpBlockFont,
			`/f/i400.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 400 normal` + notFirstPaint,
		},
		res: map[string]string{"/f/i700.woff2": "font depth=2 needed=true | used by the page: I 700 normal (not hinted: over the hint budget (2 per page))"}},
	{name: "lcp-first/the LCP image takes the bytes first",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<img src="/hero.jpg" width="1600" height="900" alt="">` + rankRich, opts: Options{Policy: Policy{MaxBytes: 305000}},
		files: rankWith(rankInter(4000), "/hero.jpg", rankBytes(300000)),
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/hero.jpg preload as=image fetchpriority=high depth=1 html | LCP image; fetchpriority=high` + fmt.Sprintf(notEarly, 300369),
			`/f/i400.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html | used by the page: I 400 normal` + yieldsToImage,
		},
		res: map[string]string{"/f/i700.woff2": "font depth=2 needed=true | used by the page: I 700 normal (not hinted: over the byte budget (305000 bytes per page))"}},
	{name: "lcp-first/the LCP background before the fonts",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<section class="promo"><h2>Promo</h2></section>` + rankText,
		files: map[string]string{"/a.css": rankFace("I", "400", "normal", "swap", "/f/i.woff2", "") + `body{font-family:I} .promo{background-image:url(/img/bg.jpg);min-height:70vh}`,
			"/f/i.woff2": rankBytes(1000), "/img/bg.jpg": rankBytes(60000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/img/bg.jpg preload as=image fetchpriority=high depth=2 html | CSS background of the LCP element section.promo; fetchpriority=high` + fmt.Sprintf(notEarly, 60191),
			`/f/i.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html | used by the page: I 400 normal` + yieldsToImage,
		}},

	// Fonts: a face is hinted when the page's text uses it: its family, the weight and
	// style that CSS font matching picks, a unicode-range that covers the text, and the
	// first src format in the list.
	{name: "fonts/an English page takes the latin subset only",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<h1>Title</h1>` + rankText, files: rankSubsetFiles,
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/latin.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | font of the LCP text (font-display: swap)` + notFirstPaint,
		},
		res: map[string]string{
			"/f/cyrillic.woff2": "font depth=2 needed=false | not used by the page's text: I 400 normal (unicode-range U+0400-045F)",
			"/f/greek.woff2":    "font depth=2 needed=false | not used by the page's text: I 400 normal (unicode-range U+0370-03FF)",
		}},
	{name: "fonts/a Russian page takes cyrillic and latin (punctuation)",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<h1>Заголовок</h1><p>Текст страницы, достаточно длинный для абзаца.</p>`, files: rankSubsetFiles,
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/latin.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | font of the LCP text (font-display: swap)` + notFirstPaint,
			`/f/cyrillic.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | font of the LCP text (font-display: swap)` + notFirstPaint,
		},
		res: map[string]string{"/f/greek.woff2": "font depth=2 needed=false | not used by the page's text: I 400 normal (unicode-range U+0370-03FF)"}},
	{name: "fonts/weight 600 takes 700, weight 350 takes 300",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<h1>Title</h1><p class="semi">Semibold text.</p><p class="light">Light text.</p>` + rankText,
		files: map[string]string{"/a.css": rankFace("I", "300", "normal", "swap", "/f/300.woff2", "") + rankFace("I", "400", "normal", "swap", "/f/400.woff2", "") +
			rankFace("I", "700", "normal", "swap", "/f/700.woff2", "") + rankFace("I", "900", "normal", "swap", "/f/900.woff2", "") +
			`.semi,.light{font-family:I} .semi{font-weight:600} .light{font-weight:350} h1{font-size:4rem}`,
			"/f/300.woff2": rankBytes(1000), "/f/400.woff2": rankBytes(1000), "/f/700.woff2": rankBytes(1000), "/f/900.woff2": rankBytes(1000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/300.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 300 normal` + notFirstPaint,
			`/f/700.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 700 normal` + notFirstPaint,
		},
		res: map[string]string{
			"/f/400.woff2": "font depth=2 needed=false | not used by the page's text: I 400 normal",
			"/f/900.woff2": "font depth=2 needed=false | not used by the page's text: I 900 normal",
		}},
	{name: "fonts/the font budget holds for the LCP's subsets",
		head: `<link rel="stylesheet" href="/a.css">`, body: "<h1>\u4e01\u4e41 \u4e81\u4ec1</h1>" + rankText, opts: Options{Policy: Policy{MaxFonts: 2}},
		files: map[string]string{"/a.css": rankFace("N", "700", "normal", "block", "/f/n0.woff2", "U+4E00-4E3F") + rankFace("N", "700", "normal", "block", "/f/n1.woff2", "U+4E40-4E7F") +
			rankFace("N", "700", "normal", "block", "/f/n2.woff2", "U+4E80-4EBF") + rankFace("N", "700", "normal", "block", "/f/n3.woff2", "U+4EC0-4EFF") + `h1{font-family:N;font-size:6rem}`,
			"/f/n0.woff2": rankBytes(1000), "/f/n1.woff2": rankBytes(1000), "/f/n2.woff2": rankBytes(1000), "/f/n3.woff2": rankBytes(1000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/n0.woff2 preload as=font type=font/woff2 crossorigin=anonymous depth=2 html header | ` + lcpBlockFont,
			`/f/n1.woff2 preload as=font type=font/woff2 crossorigin=anonymous depth=2 html header | ` + lcpBlockFont,
		},
		res: map[string]string{
			"/f/n2.woff2": "font depth=2 needed=true | " + lcpBlockFont + " (not hinted: over the font budget (2 per page))",
			"/f/n3.woff2": "font depth=2 needed=true | " + lcpBlockFont + " (not hinted: over the font budget (2 per page))",
		}},
	{name: "fonts/the LCP text's swap font yields, ahead of the other fonts",
		head: `<link rel="stylesheet" href="/a.css">`, body: rankRich, opts: Options{Policy: Policy{MaxFonts: 1}},
		files: map[string]string{"/a.css": rankFace("I", "400", "normal", "swap", "/f/i.woff2", "") + rankFace("D", "700", "normal", "swap", "/f/d.woff2", "") + `p{font-family:I} h1{font-family:D;font-size:4rem}`,
			"/f/i.woff2": rankBytes(1000), "/f/d.woff2": rankBytes(1000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/d.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | font of the LCP text (font-display: swap)` + notFirstPaint,
		},
		res: map[string]string{"/f/i.woff2": "font depth=2 needed=true | used by the page: I 400 normal (not hinted: over the font budget (1 per page))"}},
	{name: "fonts/the first src format is the one fetched",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<h1>Title</h1>` + rankText,
		files: map[string]string{"/a.css": `@font-face{font-family:I;font-display:swap;src:url(/f/i.woff2) format("woff2"),url(/f/i.woff) format("woff")} body{font-family:I}`,
			"/f/i.woff2": rankBytes(1000), "/f/i.woff": rankBytes(1000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/i.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | font of the LCP text (font-display: swap)` + notFirstPaint,
		}},

	// Header versus HTML: a 103 arrives before the HTML, so the headers carry needed
	// resources from depth 1; the page's tags only from depth 2 (the LCP image aside).
	{name: "header/what the page names or preloads goes in the headers only",
		head: `<link rel="stylesheet" href="/a.css"><link rel="preload" as="style" href="/b.css">`, body: `<h1>Title</h1>` + rankText,
		files: map[string]string{"/a.css": `@import "b.css"; @import "wide.css" screen and (min-width: 800px); @import "print.css" print;`, "/b.css": "", "/wide.css": "", "/print.css": ""},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/b.css preload as=style depth=1 header | @import of a render-blocking stylesheet`,
			`/wide.css preload as=style media="screen and (min-width:800px)" depth=2 html header | @import of a render-blocking stylesheet`,
		},
		res: map[string]string{"/print.css": `style depth=2 needed=false | @import with media "print": does not block rendering`}},
	{name: "header/a render-blocking script in the headers, async and defer not at all",
		head: `<script src="/a.js"></script><script async src="/b.js"></script><script defer src="/c.js"></script>`, body: `<h1>Title</h1>` + rankText,
		files: map[string]string{"/a.js": "", "/b.js": "", "/c.js": ""},
		hints: []string{
			`/a.js preload as=script depth=1 header | render-blocking script`,
		}},
	{name: "header/a parser-blocking script after the LCP element is not hinted, one before it is",
		head:  `<link rel="stylesheet" href="/a.css">`,
		body:  `<script src="/early.js"></script><img src="/hero.jpg" width="1600" height="900" alt="">` + rankText + `<script src="/bundle.js"></script>`,
		files: map[string]string{"/a.css": rankBytes(1000), "/early.js": rankBytes(1000), "/bundle.js": rankBytes(110000), "/hero.jpg": rankBytes(90000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/hero.jpg preload as=image fetchpriority=high depth=1 html | LCP image; fetchpriority=high; not in Early Hints: 92000 bytes with what goes first, over the 21600-byte early window`,
			`/early.js preload as=script depth=1 header | render-blocking script`,
		},
		res: map[string]string{"/bundle.js": "script depth=1 needed=false | parser-blocking script after the LCP element: the first paint does not wait for it"}},
	{name: "header/a nomodule script is never hinted",
		head: `<link rel="stylesheet" href="/a.css"><script src="/poly.js" nomodule></script><script type="module" src="/m.js"></script>`, body: rankText,
		files: map[string]string{"/a.css": rankBytes(1000), "/poly.js": rankBytes(100000), "/m.js": ""},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/m.js modulepreload depth=1 header | entry module script`,
		},
		res: map[string]string{"/poly.js": "script depth=1 needed=false | nomodule script: browsers that support modules skip it"}},
	{name: "header/a large LCP image in the page only",
		body:  `<img src="/hero.jpg" width="1600" height="900" alt="">` + rankText,
		files: map[string]string{"/hero.jpg": rankBytes(60000)},
		hints: []string{
			`/hero.jpg preload as=image fetchpriority=high depth=1 html | LCP image; fetchpriority=high` + fmt.Sprintf(notEarly, 60000),
		}},
	{name: "header/an LCP image with a srcset in the page only",
		body:  `<img src="/hero.jpg" srcset="/hero.jpg 1x, /hero2.jpg 2x" width="1600" height="900" alt="">` + rankText,
		files: map[string]string{"/hero.jpg": rankBytes(60000), "/hero2.jpg": rankBytes(60000)},
		hints: []string{
			`/hero.jpg preload as=image fetchpriority=high depth=1 html | LCP image; fetchpriority=high`,
		}},
	{name: "header/a small LCP image in the headers only",
		body:  `<img src="/hero.jpg" width="1600" height="900" alt="">` + rankText,
		files: map[string]string{"/hero.jpg": rankBytes(8000)},
		hints: []string{
			`/hero.jpg preload as=image fetchpriority=high depth=1 header | LCP image; fetchpriority=high`,
		}},

	// Early Hints (docs/early-hints.md): Go's and Caddy's HTTP/2 servers send concurrent
	// streams in turn, whatever their priority. Beyond the blocking CSS and scripts and the
	// fonts the LCP text waits for, the 103 takes the LCP image and what yields only when
	// they fit, after those, in the early window: 0.9 x (EarlyThink - EarlyRTT) x
	// EarlyRate, 21,600 bytes by default (200 ms, 80 ms, 1.6 Mbit/s). The old rule was a
	// fixed 14,600-byte cap on the image.
	{name: "early/a 17 KB LCP image fits the window after the CSS",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<img src="/hero.jpg" width="1600" height="900" alt="">` + rankText,
		files: map[string]string{"/a.css": rankBytes(3000), "/hero.jpg": rankBytes(17000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/hero.jpg preload as=image fetchpriority=high depth=1 html header | LCP image; fetchpriority=high`,
		}},
	{name: "early/a 12 KB LCP image behind 20 KB of CSS stays out",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<img src="/hero.jpg" width="1600" height="900" alt="">` + rankText,
		files: map[string]string{"/a.css": rankBytes(20000), "/hero.jpg": rankBytes(12000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
		},
		res: map[string]string{"/hero.jpg": "image depth=1 needed=true | LCP image (not hinted: " + fmt.Sprintf(notEarly, 32000)[2:] + ")"}},
	{name: "early/the CSS chain and a blocking script go first",
		head: `<link rel="stylesheet" href="/a.css"><script src="/s.js"></script>`, body: `<img src="/hero.jpg" width="1600" height="900" alt="">` + rankText,
		files: map[string]string{"/a.css": `@import "b.css";`, "/b.css": rankBytes(6000), "/s.js": rankBytes(6000), "/hero.jpg": rankBytes(13000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/b.css preload as=style depth=2 html header | @import of a render-blocking stylesheet`,
			`/s.js preload as=script depth=1 header | render-blocking script`,
		},
		res: map[string]string{"/hero.jpg": "image depth=1 needed=true | LCP image (not hinted: " + fmt.Sprintf(notEarly, 25016)[2:] + ")"}},
	{name: "early/no think time: nothing rides beyond the CSS",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<img src="/hero.jpg" width="1600" height="900" alt="">` + rankText, opts: Options{Policy: Policy{EarlyThink: -1}},
		files: map[string]string{"/a.css": rankBytes(1000), "/hero.jpg": rankBytes(8000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
		},
		res: map[string]string{"/hero.jpg": "image depth=1 needed=true | LCP image (not hinted: not in Early Hints: 9000 bytes with what goes first, over the 0-byte early window)"}},
	{name: "early/700 ms of think time carry a 96 KB hero",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<img src="/hero.jpg" width="1600" height="900" alt="">` + rankText, opts: Options{Policy: Policy{EarlyThink: 700 * time.Millisecond}},
		files: map[string]string{"/a.css": rankBytes(5000), "/hero.jpg": rankBytes(96000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/hero.jpg preload as=image fetchpriority=high depth=1 html header | LCP image; fetchpriority=high`,
		}},
	{name: "early/an 80 KB hero that would fill the whole window stays out",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<img src="/hero.jpg" width="1600" height="900" alt="">` + rankText, opts: Options{Policy: Policy{EarlyThink: 500 * time.Millisecond}},
		files: map[string]string{"/a.css": rankBytes(2700), "/hero.jpg": rankBytes(79800)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/hero.jpg preload as=image fetchpriority=high depth=1 html | LCP image; fetchpriority=high; not in Early Hints: 82500 bytes with what goes first, over the 75600-byte early window`,
		}},
	{name: "early/a 20 Mbit/s link carries a 96 KB hero in 200 ms",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<img src="/hero.jpg" width="1600" height="900" alt="">` + rankText, opts: Options{Policy: Policy{EarlyRate: 20_000_000}},
		files: map[string]string{"/a.css": rankBytes(5000), "/hero.jpg": rankBytes(96000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/hero.jpg preload as=image fetchpriority=high depth=1 html header | LCP image; fetchpriority=high`,
		}},
	{name: "early/a server that honours priorities takes any LCP image",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<img src="/hero.jpg" width="1600" height="900" alt="">` + rankText, opts: Options{Policy: Policy{EarlyPriorities: true}},
		files: map[string]string{"/a.css": rankBytes(5000), "/hero.jpg": rankBytes(300000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/hero.jpg preload as=image fetchpriority=high depth=1 html header | LCP image; fetchpriority=high`,
		}},
	{name: "early/a srcset keeps the LCP image out whatever the window",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<img src="/hero.jpg" srcset="/hero.jpg 1x, /hero2.jpg 2x" width="1600" height="900" alt="">` + rankText, opts: Options{Policy: Policy{EarlyPriorities: true}},
		files: map[string]string{"/a.css": rankBytes(1000), "/hero.jpg": rankBytes(8000), "/hero2.jpg": rankBytes(8000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
		}},
	{name: "early/a stylesheet with integrity stays out of the headers",
		head: `<link rel="stylesheet" href="/a.css" integrity="sha256-x" crossorigin="anonymous"><link rel="stylesheet" href="/b.css">`, body: `<h1>Title</h1>` + rankText,
		files: map[string]string{"/a.css": "h1{color:red}", "/b.css": "p{margin:0}"},
		hints: []string{
			`/b.css preload as=style depth=1 header | render-blocking stylesheet`,
		}},
	{name: "early/the font the LCP text waits for always goes, what yields only if it fits",
		head: `<link rel="stylesheet" href="/a.css">`, body: rankRich, opts: Options{Policy: Policy{YieldBytes: 1 << 20}},
		files: rankWith(rankInter(9000), "/a.css", rankInterSheet+rankFace("D", "700", "normal", "block", "/f/d.woff2", "")+`h1{font-family:D}`, "/f/d.woff2", rankBytes(30000)),
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/d.woff2 preload as=font type=font/woff2 crossorigin=anonymous depth=2 html header | ` + lcpBlockFont,
			`/f/i400.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html | used by the page: I 400 normal` + notFirstPaint,
			`/f/i700.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html | used by the page: I 700 normal` + notFirstPaint,
		}},
	{name: "early/what yields on a text page fits in turn",
		head: `<link rel="stylesheet" href="/a.css">`, body: rankRich, opts: Options{Policy: Policy{YieldBytes: 1 << 20}},
		files: rankInter(9000),
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/f/i400.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 400 normal` + notFirstPaint,
			`/f/i700.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html header | used by the page: I 700 normal` + notFirstPaint,
			`/f/i400i.woff2 preload as=font type=font/woff2 crossorigin=anonymous fetchpriority=low depth=2 html | used by the page: I 400 italic` + notFirstPaint,
		}},

	// Prefetch: with Prefetch set, dynamic-import chunks get rel=prefetch in the page
	// (never in the headers), within their own count of MaxPreloads. A <link
	// rel=prefetch> of the page is no discovery (depth 99) and is not repeated.
	{name: "prefetch/off by default",
		head: `<script type="module" src="/m.js"></script>`, body: `<h1>Title</h1>` + rankText,
		files: map[string]string{"/m.js": `const r = () => import("./route.js");`, "/route.js": ""},
		hints: []string{
			`/m.js modulepreload depth=1 header | entry module script`,
		},
		res: map[string]string{"/route.js": "module depth=2 needed=false | dynamic import(): not needed for the first render"}},
	{name: "prefetch/on: every depth, in the page only",
		head: `<script type="module" src="/m.js"></script>`, body: `<h1>Title</h1>` + rankText, opts: Options{Policy: Policy{Prefetch: true}},
		files: map[string]string{"/m.js": `import "./n.js"; const r = () => import("./route.js");`, "/n.js": `const s = () => import("./deep.js");`, "/route.js": "", "/deep.js": ""},
		hints: []string{
			`/m.js modulepreload depth=1 header | entry module script`,
			`/n.js modulepreload fetchpriority=low depth=2 html header | static import of an entry module` + notFirstPaint,
			`/route.js prefetch depth=2 html | dynamic import() chunk, prefetched at idle priority (-prefetch)`,
			`/deep.js prefetch depth=3 html | dynamic import() chunk, prefetched at idle priority (-prefetch)`,
		}},
	{name: "prefetch/a chunk of an inline module (depth 1)",
		body: `<h1>Title</h1>` + rankText + `<script type="module">document.onclick = () => import("/route.js");</script>`, opts: Options{Policy: Policy{Prefetch: true}},
		files: map[string]string{"/route.js": ""},
		hints: []string{
			`/route.js prefetch depth=1 html | dynamic import() chunk, prefetched at idle priority (-prefetch)`,
		}},
	{name: "prefetch/MaxPreloads counts prefetches apart",
		head: `<script type="module" src="/m.js"></script>`, body: `<h1>Title</h1>` + rankText, opts: Options{Policy: Policy{Prefetch: true, MaxPreloads: 1}},
		files: map[string]string{"/m.js": `import "./n.js"; const r = () => import("./a.js"); const s = () => import("./b.js");`, "/n.js": "", "/a.js": "", "/b.js": ""},
		hints: []string{
			`/m.js modulepreload depth=1 header | entry module script`,
			`/n.js modulepreload fetchpriority=low depth=2 html | static import of an entry module` + notFirstPaint,
			`/a.js prefetch depth=2 html | dynamic import() chunk, prefetched at idle priority (-prefetch)`,
		},
		res: map[string]string{"/b.js": "module depth=2 needed=false | dynamic import(): not needed for the first render (not hinted: over the hint budget (1 per page))"}},
	{name: "prefetch/the page's own prefetches",
		head: `<link rel="prefetch" href="/later.js"><link rel="prefetch" href="/route.js"><script type="module" src="/m.js"></script>`, body: `<h1>Title</h1>` + rankText, opts: Options{Policy: Policy{Prefetch: true}},
		files: map[string]string{"/m.js": `const r = () => import("./route.js");`, "/route.js": "", "/later.js": ""},
		hints: []string{
			`/m.js modulepreload depth=1 header | entry module script`,
		},
		res: map[string]string{
			"/later.js": "script depth=99 needed=false | hinted by the page itself",
			"/route.js": "module depth=2 needed=false | hinted by the page itself",
		}},

	// fetchpriority and confidence: the LCP image or background gets fetchpriority=high
	// only when nothing in the first screen contradicts the guess.
	{name: "confidence/a sure background is raised",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<section class="promo"><h2>Promo</h2></section>` + rankText,
		files: map[string]string{"/a.css": `.promo{background-image:url(/img/bg.jpg);min-height:70vh}`, "/img/bg.jpg": rankBytes(60000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/img/bg.jpg preload as=image fetchpriority=high depth=2 html | CSS background of the LCP element section.promo; fetchpriority=high` + fmt.Sprintf(notEarly, 60057),
		}},
	{name: "confidence/an unsure background is left to the browser when an <img> of the HTML may be the LCP",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<div id="app"><img src="/img/logo.png" alt="Logo">` + rankText + `<section class="promo"><h2>Promo</h2></section></div>`,
		files: map[string]string{"/a.css": `.promo{background-image:url(/img/bg.jpg);min-height:70vh}`, "/img/bg.jpg": rankBytes(60000), "/img/logo.png": rankBytes(60000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
		},
		res: map[string]string{"/img/bg.jpg": "image depth=2 needed=true | CSS background of the LCP element section.promo (not hinted: the guess is unsure, and img, an image of the HTML that the browser finds first, may be the LCP: a preload would take the link from it)"}},
	{name: "confidence/an unsure background is preloaded, not raised, when the rival is another background",
		head: `<link rel="stylesheet" href="/a.css">`, body: `<section class="promo"><h2>Promo</h2></section><section class="band"><h2>Band</h2></section>` + rankText,
		files: map[string]string{"/a.css": `.promo{background-image:url(/img/bg.jpg);min-height:70vh} .band{background-image:url(/img/band.jpg);min-height:70vh}`, "/img/bg.jpg": rankBytes(60000), "/img/band.jpg": rankBytes(60000)},
		hints: []string{
			`/a.css preload as=style depth=1 header | render-blocking stylesheet`,
			`/img/bg.jpg preload as=image depth=2 html | CSS background of the LCP element section.promo; no fetchpriority=high, the guess is unsure: section.band in the first screen may paint as much` + fmt.Sprintf(notEarly, 60116),
		}},
	{name: "confidence/an unsure large image gets no hint",
		body:  `<img src="/a.jpg" width="1200" height="600" alt="">` + rankText + `<img src="/b.jpg" width="1200" height="700" alt="">`,
		files: map[string]string{"/a.jpg": rankBytes(60000), "/b.jpg": rankBytes(60000)},
		hints: []string{},
		res:   map[string]string{"/a.jpg": "image depth=1 needed=true | LCP image (not hinted: " + fmt.Sprintf(notEarly, 60000)[2:] + ")"}},
	{name: "confidence/an unsure small image in the headers, not raised",
		body:  `<img src="/a.jpg" width="1200" height="600" alt="">` + rankText + `<img src="/b.jpg" width="1200" height="700" alt="">`,
		files: map[string]string{"/a.jpg": rankBytes(8000), "/b.jpg": rankBytes(8000)},
		hints: []string{
			`/a.jpg preload as=image depth=1 header | LCP image; no fetchpriority=high, the guess is unsure: img in the first screen may paint as much`,
		}},
	{name: "confidence/a lazy hero is preloaded, not raised",
		body:  `<img src="/a.jpg" width="1600" height="900" loading="lazy" alt="">` + rankText,
		files: map[string]string{"/a.jpg": rankBytes(60000)},
		hints: []string{
			`/a.jpg preload as=image depth=1 html | LCP image; no fetchpriority=high, the guess is unsure: loading=lazy: the page does not expect it in the first screen` + fmt.Sprintf(notEarly, 60000),
		}},
	{name: "confidence/the page's own preload of the LCP image is left alone",
		head:  `<link rel="preload" as="image" href="/a.jpg">`,
		body:  `<img src="/a.jpg" width="1600" height="900" alt="">` + rankText,
		files: map[string]string{"/a.jpg": rankBytes(60000)},
		hints: []string{}},
	{name: "confidence/the page's own fetchpriority is left alone",
		body:  `<img src="/a.jpg" width="1600" height="900" fetchpriority="high" alt="">` + rankText,
		files: map[string]string{"/a.jpg": rankBytes(60000)},
		hints: []string{}},
}

// rankYieldFiles: the LCP headline in a 50 KB block font, the body in a 10 KB swap font and
// a 10 KB module: one of the last two fits the default yield budget.
var rankYieldFiles = map[string]string{
	"/a.css":        rankFace("I", "400", "normal", "swap", "/f/i400.woff2", "") + rankFace("D", "700", "normal", "block", "/f/d.woff2", "") + `p{font-family:I} h1{font-family:D;font-size:4rem}`,
	"/f/i400.woff2": rankBytes(10000), "/f/d.woff2": rankBytes(50000), "/m.js": `import "./n.js";`, "/n.js": rankBytes(10000),
}

// rankSubsetFiles: one family in latin, cyrillic and greek unicode-range subsets.
var rankSubsetFiles = map[string]string{
	"/a.css": rankFace("I", "400", "normal", "swap", "/f/latin.woff2", "U+0000-00FF") + rankFace("I", "400", "normal", "swap", "/f/cyrillic.woff2", "U+0400-045F") +
		rankFace("I", "400", "normal", "swap", "/f/greek.woff2", "U+0370-03FF") + `body{font-family:I} h1{font-weight:400}`,
	"/f/latin.woff2": rankBytes(1000), "/f/cyrillic.woff2": rankBytes(1000), "/f/greek.woff2": rankBytes(1000),
}

func TestRank(t *testing.T) {
	// The rows named "0 is the default" are written for these.
	if d := DefaultPolicy(); d.MaxPreloads != 6 || d.MaxFonts != 3 || d.MaxBytes != 400<<10 || d.YieldBytes != 14600 {
		t.Fatalf("DefaultPolicy() = %+v: the rows assume 6 preloads, 3 fonts, 409600 bytes, 14600 yield bytes", d)
	}
	for _, tt := range rankRows {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.analyze(t)
			var got []string
			for _, h := range p.Hints {
				got = append(got, hintLine(h))
			}
			if strings.Join(got, "\n") != strings.Join(tt.hints, "\n") {
				t.Errorf("hints (LCP %+v):\n%s\nwant:\n%s", p.LCP, rankQuoted(got), rankQuoted(tt.hints))
			}
			for u, want := range tt.res {
				r := findResource(p, u)
				if r == nil {
					t.Errorf("%s: not a resource of the page", u)
					continue
				}
				if got := resLine(r); got != want {
					t.Errorf("%s:\n got %s\nwant %s", u, got, want)
				}
			}
		})
	}
}

// rankQuoted writes lines as they are written in a row.
func rankQuoted(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "\t`%s`,\n", l)
	}
	return b.String()
}
