package firstscreen

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// preLinesOf is what preLines counts, read from the whole text at once: the lines
// between the leading and trailing line breaks, and the longest line's characters,
// trailing blanks left out.
func preLinesOf(text string) (count, wide int) {
	count = len(strings.Split(strings.Trim(text, "\r\n"), "\n"))
	for _, l := range strings.Split(text, "\n") {
		wide = max(wide, utf8.RuneCountInString(strings.TrimRight(l, " \t\r")))
	}
	return count, wide
}

var preLinesSeeds = []string{
	"", "\n", "\r\n\r\n", "one", "one\n", "\none\n\n", "one\ntwo  \n\tthree\t\r\n",
	"a\r\n\rb", "  \n  x  \n", "é\u00a0ü\n日本語  ", "fn main() {\n    println!(\"hi\");\n}\n",
}

// TestPreLines: counting as the text comes, in pieces, gives what the whole text gives.
func TestPreLines(t *testing.T) {
	for _, s := range preLinesSeeds {
		for cut := 0; cut <= len(s); cut++ {
			if !utf8.ValidString(s[:cut]) {
				continue
			}
			var p preLines
			p.add(s[:cut])
			p.add(s[cut:])
			if c, w := preLinesOf(s); p.count() != c || p.wide() != w {
				t.Errorf("%q cut at %d: %d lines, %d wide; want %d, %d", s, cut, p.count(), p.wide(), c, w)
			}
		}
	}
}

func FuzzPreLines(f *testing.F) {
	for _, s := range preLinesSeeds {
		f.Add(s, len(s)/2)
	}
	f.Fuzz(func(t *testing.T, s string, cut int) {
		if !utf8.ValidString(s) || cut < 0 || cut > len(s) || !utf8.ValidString(s[:cut]) {
			return
		}
		var p preLines
		p.add(s[:cut])
		p.add(s[cut:])
		if c, w := preLinesOf(s); p.count() != c || p.wide() != w {
			t.Errorf("%q cut at %d: %d lines, %d wide; want %d, %d", s, cut, p.count(), p.wide(), c, w)
		}
	})
}

// FuzzPreLinesBytes: add, which counts a line of ASCII from its length and its trailing
// blanks, counts what addBytes counts a byte at a time, in any pieces.
func FuzzPreLinesBytes(f *testing.F) {
	for _, s := range preLinesSeeds {
		f.Add(s, len(s)/2)
	}
	f.Add("a \r\t\r\n\r\r\n \r\n\v\f\x00 x  \r", 3)
	f.Fuzz(func(t *testing.T, s string, cut int) {
		if cut < 0 || cut > len(s) {
			return
		}
		var p, q preLines
		p.add(s[:cut])
		p.add(s[cut:])
		q.addBytes(s[:cut])
		q.addBytes(s[cut:])
		if p != q {
			t.Errorf("%q cut at %d: %+v, want %+v", s, cut, p, q)
		}
	})
}
