package parse

import (
	"reflect"
	"testing"
)

func TestParseCSSImports(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []CSSImport
	}{
		{"url", `@import url("base.css");`, []CSSImport{{URL: "base.css"}}},
		{"string", `@import 'a.css';`, []CSSImport{{URL: "a.css"}}},
		{"unquoted url", `@import url(a.css);`, []CSSImport{{URL: "a.css"}}},
		{"media", `@import "p.css" print;`, []CSSImport{{URL: "p.css", Media: "print"}}},
		{"layer and media", `@import url(x.css) layer(base) screen;`, []CSSImport{{URL: "x.css", Media: "screen"}}},
		{"supports", `@import url(x.css) supports(display: grid) (min-width: 600px);`, []CSSImport{{URL: "x.css", Media: "(min-width:600px)"}}},
		{"escaped", `@import "a\"b.css";`, []CSSImport{{URL: `a"b.css`}}},
		{"two", "@charset \"utf-8\";\n@import 'a.css';\n@import 'b.css' screen, print;", []CSSImport{{URL: "a.css"}, {URL: "b.css", Media: "screen,print"}}},
		{"not import", `@namespace svg url(http://www.w3.org/2000/svg);`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseCSS([]byte(tt.src)).Imports
			for i := range got {
				got[i].Offset = 0
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("imports = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseCSSFontFace(t *testing.T) {
	src := `@font-face {
  font-family: "Inter Var";
  font-style: italic;
  font-display: block;
  font-weight: 100 900;
  src: local("Inter"), url(/f/inter.woff2) format("woff2"), url('/f/inter.woff') format('woff');
  unicode-range: U+0000-00FF, U+0131, U+04??;
}
@font-face { font-family: NoSrc; }
@media print { @font-face { font-family: P; src: url(p.woff2); } }
`
	sh := ParseCSS([]byte(src))
	if len(sh.FontFaces) != 2 {
		t.Fatalf("got %d faces, want 2 (the one without src dropped): %+v", len(sh.FontFaces), sh.FontFaces)
	}
	ff := sh.FontFaces[0]
	want := FontFace{
		Family: "Inter Var", WeightMin: 100, WeightMax: 900, Style: "italic", Display: "block",
		UnicodeRange: []RuneRange{{0, 0xFF}, {0x131, 0x131}, {0x400, 0x4FF}},
		Src:          []FontSrc{{URL: "/f/inter.woff2", Format: "woff2"}, {URL: "/f/inter.woff", Format: "woff"}},
	}
	ff.Offset = 0
	if !reflect.DeepEqual(ff, want) {
		t.Errorf("face = %+v\nwant   %+v", ff, want)
	}
	if sh.FontFaces[1].Media != "print" {
		t.Errorf("face in @media print has media %q", sh.FontFaces[1].Media)
	}
	if sh.FontFaces[1].WeightMin != 400 || sh.FontFaces[1].Style != "normal" || sh.FontFaces[1].Display != "auto" {
		t.Errorf("defaults not applied: %+v", sh.FontFaces[1])
	}
}

func TestParseCSSRules(t *testing.T) {
	src := `body{font-family:Inter,system-ui,sans-serif}
h1, .title { font: italic bold 2rem/1.2 "Lora Display", serif }
.small { font: 12px monospace }
.hero { background: #000 url("/img/h.jpg") center/cover; min-height: 70vh }
.x { background-image: url(a.png), url('b.png'); }
@media (min-width: 600px) { .w { font-weight: 600 } }
@media print { .p { font-family: Georgia } }
.plain { color: red }
`
	sh := ParseCSS([]byte(src))
	type r struct {
		sel    string
		fam    []string
		weight int
		style  string
		urls   []string
		large  bool
		media  string
	}
	var got []r
	for _, x := range sh.Rules {
		got = append(got, r{x.Selector, x.FontFamilies, x.FontWeight, x.FontStyle, x.URLs, x.Large, x.Media})
	}
	want := []r{
		{"body", []string{"Inter", "system-ui", "sans-serif"}, 0, "", nil, false, ""},
		{"h1,.title", []string{"Lora Display", "serif"}, 700, "italic", nil, false, ""},
		{".small", []string{"monospace"}, 400, "normal", nil, false, ""},
		{".hero", nil, 0, "", []string{"/img/h.jpg"}, true, ""},
		{".x", nil, 0, "", []string{"a.png", "b.png"}, false, ""},
		{".w", nil, 600, "", nil, false, "(min-width:600px)"},
		{".p", []string{"Georgia"}, 0, "", nil, false, "print"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rules:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseCSSReportsErrors(t *testing.T) {
	// What precedes an error is kept, and the error carries its position.
	src := []byte(".a { font-family: A }\n@import 'early.css';\nb { color: red; ) }\n")
	sh := ParseCSS(src)
	if len(sh.Rules) != 1 || sh.Rules[0].Selector != ".a" {
		t.Errorf("rule before the error lost: %+v", sh.Rules)
	}
	if len(sh.Diagnostics) != 1 {
		t.Fatalf("diagnostics = %+v, want one", sh.Diagnostics)
	}
	if got := sh.Diagnostics[0].Format("x.css", src); got != "x.css:3:17: unexpected token ')' in declaration" {
		t.Errorf("diagnostic = %q", got)
	}
}

func TestParseUnicodeRange(t *testing.T) {
	tests := []struct {
		in   string
		want RuneRange
		ok   bool
	}{
		{"U+0000-00FF", RuneRange{0, 0xFF}, true},
		{"u+0131", RuneRange{0x131, 0x131}, true},
		{"U+4??", RuneRange{0x400, 0x4FF}, true},
		{"U+00FF-0000", RuneRange{}, false},
		{"U+110000", RuneRange{}, false},
		{"V+1", RuneRange{}, false},
		{"U+", RuneRange{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseUnicodeRange(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseUnicodeRange(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMediaCanMatchScreen(t *testing.T) {
	tests := map[string]bool{
		"": true, "all": true, "screen": true, "print": false, "only print": false,
		"print and (min-width: 1px)": false, "print, screen": true, "(min-width: 900px)": true,
		"speech": false, "not all": false, "PRINT": false,
	}
	for m, want := range tests {
		if got := MediaCanMatchScreen(m); got != want {
			t.Errorf("MediaCanMatchScreen(%q) = %v, want %v", m, got, want)
		}
	}
}

func TestPosition(t *testing.T) {
	src := []byte("ab\ncd\nef")
	for _, tt := range []struct{ off, line, col int }{{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {7, 3, 2}, {99, 3, 3}} {
		l, c := Position(src, tt.off)
		if l != tt.line || c != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}

func FuzzParseCSS(f *testing.F) {
	for _, s := range []string{
		`@import url("base.css") screen;`,
		`@font-face{font-family:a;src:url(a.woff2) format("woff2");unicode-range:U+0-FF}`,
		`.hero{background:url(x.jpg);min-height:70vh}`,
		`h1{font:italic bold 2rem/1 "A", serif}`,
		`a{color:red;)}`, `@media print{@import "x";}`, `\`, `url(`, `@font-face{unicode-range:U+??????}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sh := ParseCSS(src)
		for _, ff := range sh.FontFaces {
			if ff.WeightMin > ff.WeightMax {
				t.Fatalf("weight range inverted: %+v", ff)
			}
			for _, r := range ff.UnicodeRange {
				if r.Lo > r.Hi {
					t.Fatalf("range inverted: %+v", r)
				}
			}
		}
		for _, d := range sh.Diagnostics {
			if d.Offset < 0 || d.Offset > len(src) {
				t.Fatalf("diagnostic offset %d outside source of %d bytes", d.Offset, len(src))
			}
		}
	})
}
