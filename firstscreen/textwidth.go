package firstscreen

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is measured without fonts: each character has the advance width of a typical
// sans-serif (Helvetica's published metrics for ASCII, in thousandths of an em), wide
// scripts a full em, and bold text is a little wider. What decides the LCP between two
// blocks of body text is often where their lines break (two two-line paragraphs paint
// the width of their longer line), so a block's words are wrapped in its column the way
// a browser does (greedily, at spaces), not spread evenly over its lines.

// asciiWidths are the advance widths of ' ' (0x20) to '~' (0x7e), per 1000 em.
var asciiWidths = [95]uint16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
}

// spaceEm is the width of a space, em.
const spaceEm = 0.278

// boldWidth is how much wider bold text runs than regular.
const boldWidth = 1.07

// glyphEm returns the advance width of r, em.
func glyphEm(r rune) float64 {
	switch {
	case r >= ' ' && r <= '~':
		return float64(asciiWidths[r-' ']) / 1000
	case r < 0x250: // Latin-1 and Latin Extended: an accented letter is as wide as its base
		if unicode.IsUpper(r) {
			return 0.69
		}
		return 0.54
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r >= 0xff00 && r <= 0xffef || r >= 0x3000 && r <= 0x303f:
		return 1
	case r >= 0x1f000: // emoji and pictographs
		return 1.25
	case unicode.Is(unicode.Mn, r) || r == 0x200b || r == 0x200d || r == 0xfe0f:
		return 0 // combining marks, zero-width space and joiner, variation selector
	}
	return 0.58 // Cyrillic, Greek and the rest
}

// asciiEm holds glyphEm (asciiEm[0]) and monoEm (asciiEm[1]) of the ASCII characters,
// and asciiSpace which of them are spaces, for split's loop; no ASCII character is of a
// wide script. They are read only.
var asciiEm, asciiSpace = asciiTables()

func asciiTables() (em [2][utf8.RuneSelf]float64, space [utf8.RuneSelf]bool) {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		em[0][r], em[1][r], space[r] = glyphEm(r), monoEm(r), unicode.IsSpace(r)
	}
	return em, space
}

// monoEm is glyphEm in a monospaced face: 0.6 em a character (Courier's, Menlo's,
// Consolas'), wide scripts a full em.
func monoEm(r rune) float64 {
	if w := glyphEm(r); w == 0 || w >= 1 {
		return w
	}
	return 0.6
}

// monospaced reports whether a font-family list draws in a monospaced face: it names
// the generic monospace or a family of one (SFMono, Menlo, Consolas, Courier...).
func monospaced(families []string) bool {
	for _, f := range families {
		f = strings.ToLower(f)
		if strings.Contains(f, "mono") || strings.Contains(f, "courier") || f == "menlo" || f == "consolas" || f == "monaco" {
			return true
		}
	}
	return false
}

// wideScript reports whether r is of a script that breaks lines between any two
// characters, not only at spaces.
func wideScript(r rune) bool {
	return glyphEm(r) == 1
}

// word is a run of text between break opportunities, measured in em; size and pSize
// are its font size on a laptop's screen and on a phone's, px.
type word struct {
	em          float32
	size, pSize float32
	space       bool // a space precedes it
}

// wrapped is a block's text laid out in a column: its number of lines and the width of
// its longest line, px.
type wrapped struct {
	lines int
	width float64
}

// wrap lays words out in a column px wide, greedily: a word goes on the current line if
// it fits, else it starts the next; a word wider than the column fills lines of its own.
func wrap(words []word, column float64, phone bool) wrapped {
	var out wrapped
	line := 0.0
	for i, w := range words {
		size := float64(w.size)
		if phone {
			size = float64(w.pSize)
		}
		px := float64(w.em) * size
		sp := 0.0
		if w.space && line > 0 {
			sp = spaceEm * size
		}
		switch {
		case i == 0 || line == 0:
			line = px
		case line+sp+px <= column:
			line += sp + px
		default:
			out.lines++
			out.width = max(out.width, line)
			line = px
		}
		if line > column {
			full := math.Floor(line / column)
			out.lines += int(full)
			out.width = column
			line -= full * column
			if line == 0 {
				out.lines--
				line = column
			}
		}
	}
	if line > 0 || out.lines == 0 {
		out.lines++
		out.width = max(out.width, line)
	}
	return out
}

// textRun is a text node's text as a block took it (addRun): its width and its words
// are worked out from it only when asked for (measure, wordList), and most blocks of a
// long page never are (they start past the fold, outside any flex item measured).
type textRun struct {
	s           string
	size, pSize float64
	next        *textRun // the block's next run
	bold, mono  bool
	space       bool // the block's text before it ends in a space (pendingSpace)
}

// addRun adds s to b's text, kept in r, at font sizes size and pSize (px), bold or not,
// in a monospaced face or not: its words are split at spaces and around characters of
// wide scripts when b is measured or wrapped.
func (b *textBlock) addRun(r *textRun, s string, size, pSize float64, bold, mono bool) {
	*r = textRun{s: s, size: size, pSize: pSize, bold: bold, mono: mono, space: b.pendingSpace}
	if b.lastRun == nil {
		b.runs = r
	} else {
		b.lastRun.next = r
	}
	b.lastRun = r
	if r, n := utf8.DecodeLastRuneInString(s); n > 0 {
		b.pendingSpace = unicode.IsSpace(r)
	}
}

// measure works out the width of b's text on one line (width and pWidth), once.
func (b *textBlock) measure() {
	if b.measured {
		return
	}
	b.measured = true
	b.replay(nil, true)
}

// wordList returns the words of b's text, made once. Made before b is measured, the same
// pass measures it, so a block laid out splits its text once.
func (b *textBlock) wordList() []word {
	if b.words == nil && b.runs != nil {
		n := 0
		for r := b.runs; r != nil; r = r.next {
			n++
		}
		words := make([]word, 0, n)
		b.replay(&words, !b.measured)
		b.measured = true
		b.words = words
	}
	return b.words
}

// replay splits b's text into words again, run by run, from the state each run started
// from: it appends them to *out (unless out is nil) and, if sum, adds their width to b's.
func (b *textBlock) replay(out *[]word, sum bool) {
	space, nwords := b.pendingSpace, 0
	for r := b.runs; r != nil; r = r.next {
		b.pendingSpace = r.space
		_, nwords = b.split(r.s, r.size, r.pSize, r.bold, r.mono, nwords, out, sum)
	}
	b.pendingSpace = space
}

// split splits s into words at spaces and around characters of wide scripts, after
// nwords words of the block's text (b.pendingSpace says whether that ends in a space):
// it appends them to *out (unless out is nil) and, if sum, adds their width to b's. It
// returns the number of characters, spaces between words included, and of words so far.
func (b *textBlock) split(s string, size, pSize float64, bold, mono bool, nwords int, out *[]word, sum bool) (int, int) {
	scale := 1.0
	if bold {
		scale = boldWidth
	}
	em, tab := glyphEm, &asciiEm[0]
	if mono {
		em, tab = monoEm, &asciiEm[1]
	}
	n := 0
	space := b.pendingSpace
	var cur word
	open := false
	flush := func() {
		if open {
			if out != nil {
				*out = append(*out, cur)
			}
			if sum {
				b.width += float64(cur.em) * size
				b.pWidth += float64(cur.em) * pSize
				if cur.space && nwords > 0 {
					b.width += spaceEm * size
					b.pWidth += spaceEm * pSize
				}
			}
			nwords++
			open = false
		}
	}
	for i := 0; i < len(s); {
		var w float64 // the character's width, em
		if c := s[i]; c < utf8.RuneSelf {
			i++
			if asciiSpace[c] {
				flush()
				space = true
				continue
			}
			w = tab[c]
		} else {
			r, k := utf8.DecodeRuneInString(s[i:])
			i += k
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
				n++
				continue
			}
			w = em(r)
		}
		if !open {
			cur, open = word{size: float32(size), pSize: float32(pSize), space: space && nwords > 0}, true
			if cur.space {
				n++
			}
			space = false
		}
		cur.em += float32(w * scale)
		n++
	}
	flush()
	b.pendingSpace = space
	return n, nwords
}
