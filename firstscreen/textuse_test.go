package firstscreen

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/preloadgen/preloadgen/parse"
)

// textUseFaces are @font-face sets for the text-use tests: split by unicode-range as the
// generated benchmark's and real themes' are, one face for everything, and ranges that
// cut through ASCII (digits from one file, letters from another).
var textUseFaces = [][]Face{
	nil,
	{
		{FontFace: parse.FontFace{Family: "Inter", WeightMin: 400, WeightMax: 400, Style: "normal", UnicodeRange: rr(0, 0xff, 0x2000, 0x206f)}},
		{FontFace: parse.FontFace{Family: "Inter", WeightMin: 400, WeightMax: 400, Style: "normal", UnicodeRange: rr(0x400, 0x45f)}},
		{FontFace: parse.FontFace{Family: "Inter", WeightMin: 700, WeightMax: 700, Style: "normal", UnicodeRange: rr(0, 0xff)}},
		{FontFace: parse.FontFace{Family: "Lora", WeightMin: 400, WeightMax: 400, Style: "italic", UnicodeRange: rr(0, 0xff)}},
		{FontFace: parse.FontFace{Family: "Display", WeightMin: 800, WeightMax: 800, Style: "normal"}},
	},
	{
		{FontFace: parse.FontFace{Family: "Inter", WeightMin: 400, WeightMax: 400, Style: "normal", UnicodeRange: rr('0', '9')}},
		{FontFace: parse.FontFace{Family: "Inter", WeightMin: 400, WeightMax: 400, Style: "normal", UnicodeRange: rr('A', 'z', 0xe9, 0xe9)}},
		{FontFace: parse.FontFace{Family: "Lora", WeightMin: 400, WeightMax: 400, Style: "normal", UnicodeRange: rr('!', '~')}},
		{FontFace: parse.FontFace{Family: "Lora", WeightMin: 400, WeightMax: 400, Style: "normal", UnicodeRange: rr(0x7f, 0x7f)}},
	},
}

// rr returns the ranges of lo, hi pairs.
func rr(pairs ...rune) []parse.RuneRange {
	var out []parse.RuneRange
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, parse.RuneRange{Lo: pairs[i], Hi: pairs[i+1]})
	}
	return out
}

var textUseFonts = []computedFont{
	{families: []string{"Inter", "sans-serif"}, weight: 400, style: "normal"},
	{families: []string{"Inter", "sans-serif"}, weight: 700, style: "normal"},
	{families: []string{"Lora", "serif"}, weight: 400, style: "italic"},
	{families: []string{"Lora", "Inter", "serif"}, weight: 400, style: "normal"},
	{families: []string{"Display", "Inter"}, weight: 800, style: "normal"},
	{families: []string{"system-ui", "Inter"}, weight: 400, style: "normal"},
	{families: []string{"Missing", "Inter"}, weight: 400, style: "normal"},
}

// usedByTextOf records the texts (each in font textUseFonts[fonts[i]%n]) with useTextOf
// and returns the faces resolveText marks used.
func usedByTextOf(faces []Face, texts []string, fonts []int) []bool {
	a := &estimator{fonts: newFontUse(faces, 0)}
	cfs := make([]*computedFont, len(textUseFonts))
	for i := range textUseFonts {
		cf := textUseFonts[i]
		cfs[i] = &cf
	}
	for i, s := range texts {
		cf := cfs[fonts[i]%len(cfs)]
		if i%2 == 0 {
			useTextOf(a, cf, s)
		} else {
			useTextOf(a, cf, []byte(s))
		}
	}
	a.resolveText()
	used := make([]bool, len(faces))
	for _, f := range a.fonts.faces {
		used[f.index] = f.used
	}
	return used
}

// usedByRunes is what useTextOf and resolveText must answer: every character of the texts
// (but white space) given to assign in its font.
func usedByRunes(faces []Face, texts []string, fonts []int) []bool {
	fu := newFontUse(faces, 0)
	for i, s := range texts {
		cf := textUseFonts[fonts[i]%len(textUseFonts)]
		var rs []rune
		for _, r := range s {
			if r > ' ' && !unicode.IsSpace(r) {
				rs = append(rs, r)
			}
		}
		fu.assign(cf.families, cf.weight, cf.style, rs, func(f *faceRef, _ rune) { f.used = true })
	}
	used := make([]bool, len(faces))
	for _, f := range fu.faces {
		used[f.index] = f.used
	}
	return used
}

// TestTextUseMatchesEveryCharacter: the faces text uses are those its characters go to,
// whichever characters useTextOf skips once a font's ASCII is known to go to one set of
// faces.
func TestTextUseMatchesEveryCharacter(t *testing.T) {
	for _, tt := range []struct {
		name  string
		texts []string
		fonts []int
	}{
		{"ascii words", []string{"Some words of a page", "more words"}, []int{0, 0}},
		{"white space first", []string{"  \n\t        ", "x"}, []int{0, 0}},
		{"only white space", []string{"                  \n", "\t"}, []int{0, 1}},
		{"digits then letters", []string{"12345678901234567890", "then some letters"}, []int{0, 0}},
		{"letters then digits", []string{"letters first, then", "0123456789 digits"}, []int{0, 0}},
		{"cyrillic after ascii", []string{"a long run of ascii text here", "и кириллица"}, []int{0, 0}},
		{"cyrillic in a block", []string{"abcdefgh иклмн abcdefgh"}, []int{0}},
		{"latin-1 after ascii", []string{"abcdefghijklmnop", "café"}, []int{0, 0}},
		{"punctuation only ascii", []string{"!!!!!!!!!!!!!!!!", "~"}, []int{3, 3}},
		{"DEL", []string{"abcdefghijklmnopq", "\x7f"}, []int{3, 3}},
		{"DEL in a block", []string{"abcdefghijklmnopq", "\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f"}, []int{3, 3}},
		{"general punctuation", []string{"abcdefghijklmnop", "\u2014 \u2026"}, []int{0, 0}},
		{"fonts interleaved", []string{"abcdefghijkl", "012345678", "abc", "ζ", "XYZ", "é"}, []int{0, 1, 2, 3, 4, 6}},
		{"control bytes in a block", []string{"\x01\x02\x03\x04\x05\x06\x07\x08", "\x1f\x1e\x10\x11\x12\x13\x14\x15a"}, []int{0, 0}},
	} {
		for fi, faces := range textUseFaces {
			got := usedByTextOf(faces, tt.texts, tt.fonts)
			want := usedByRunes(faces, tt.texts, tt.fonts)
			if !slices.Equal(got, want) {
				t.Errorf("%s, faces %d: used %v, the characters use %v", tt.name, fi, got, want)
			}
		}
	}
}

// FuzzTextUse: for any texts in any of the fonts, useTextOf and resolveText mark used the
// faces the texts' characters go to.
func FuzzTextUse(f *testing.F) {
	f.Add("Some words\x00и кириллица\x00012345678", []byte{0, 0, 1})
	f.Add("abcdefghijklmnop\x00\x7f\x00café", []byte{3, 3, 0})
	f.Add("        \x00x", []byte{5, 6})
	f.Fuzz(func(t *testing.T, joined string, fonts []byte) {
		texts := strings.Split(joined, "\x00")
		idx := make([]int, len(texts))
		for i := range idx {
			if i < len(fonts) {
				idx[i] = int(fonts[i])
			}
		}
		for fi, faces := range textUseFaces {
			got := usedByTextOf(faces, texts, idx)
			want := usedByRunes(faces, texts, idx)
			if !slices.Equal(got, want) {
				t.Fatalf("faces %d, texts %q in %v: used %v, the characters use %v", fi, texts, idx, got, want)
			}
		}
	})
}

// TestTextUseWithoutFaces: on a page without faces the cascade records no text (no text
// can make a face used); with faces it records the text of each font.
func TestTextUseWithoutFaces(t *testing.T) {
	for _, tt := range []struct {
		name string
		css  string
		want bool // text recorded
	}{
		{"no faces", `body { font-family: Inter, sans-serif }`, false},
		{"a face", `@font-face { font-family: Inter; src: url(/i.woff2) } body { font-family: Inter, sans-serif }`, true},
	} {
		site := memSite{"/s.css": []byte(tt.css), "/i.woff2": []byte("wOF2"),
			"/index.html": []byte(`<!doctype html><html><head><link rel=stylesheet href=/s.css></head><body><p>Text, <b>bold</b></p>`)}
		a := newEstimator(testPage(t, site, "/index.html"))
		a.matchStyles()
		if got := len(a.fonts.usage) > 0; got != tt.want {
			t.Errorf("%s: %d faces, text recorded in %d fonts", tt.name, len(a.fonts.faces), len(a.fonts.usage))
		}
	}
}
