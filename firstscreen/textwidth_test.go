package firstscreen

import (
	"slices"
	"testing"
	"unicode"
)

// splitByRune is split as a loop over the runes of s, each through glyphEm or monoEm:
// split reads ASCII through tables.
func splitByRune(b *textBlock, s string, size, pSize float64, bold, mono bool) []word {
	scale := 1.0
	if bold {
		scale = boldWidth
	}
	em := glyphEm
	if mono {
		em = monoEm
	}
	var out []word
	space, nwords := b.pendingSpace, 0
	var cur word
	open := false
	flush := func() {
		if open {
			out = append(out, cur)
			nwords++
			open = false
		}
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			flush()
			space = true
			continue
		}
		if wideScript(r) {
			flush()
			cur, open = word{em: float32(em(r) * scale), size: float32(size), pSize: float32(pSize), space: space && nwords > 0}, true
			flush()
			space = false
			continue
		}
		if !open {
			cur, open = word{size: float32(size), pSize: float32(pSize), space: space && nwords > 0}, true
			space = false
		}
		cur.em += float32(em(r) * scale)
	}
	flush()
	return out
}

func TestSplitLikeRunes(t *testing.T) {
	for r := rune(0); r < 0x80; r++ {
		if wideScript(r) {
			t.Errorf("%q is of a wide script", r)
		}
	}
	for _, s := range []string{
		"", "plain words here", "  lead and trail  ", "tabs\tand\nnew\rlines\f\v", "@@@ WWW mmm iii",
		"ctrl\x01\x7f chars", "caf\u00e9 na\u00efve \u00c9t\u00e9", "\u65e5\u672c\u8a9e\u306e\u6587", "mixed \u65e5\u672cabc \u0416\u0436",
		"nbsp\u00a0between\u2003em", "bad \xff\xfe utf8 \xe6\x97", "emoji \U0001F600 and zw\u200bj", "fn main() { let x = 1; }",
	} {
		for _, mono := range []bool{false, true} {
			for _, bold := range []bool{false, true} {
				var words []word
				b := &textBlock{}
				b.split(s, 16, 14, bold, mono, 0, &words, true)
				want := splitByRune(&textBlock{}, s, 16, 14, bold, mono)
				if !slices.Equal(words, want) {
					t.Errorf("%q (mono %v, bold %v): words %v, by rune %v", s, mono, bold, words, want)
				}
			}
		}
	}
}
