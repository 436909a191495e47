package graph

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// shortTextOfFields is shortText as it was written first: every word of the text joined,
// then cut.
func shortTextOfFields(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) > 60 {
		cut := 60
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "..."
	}
	return text
}

var shortTextTests = []struct{ in, want string }{
	{"", ""},
	{"  \n\t ", ""},
	{"Hello", "Hello"},
	{"  Hello,\n\t  world  ", "Hello, world"},
	{"a\u00a0b\u0085c\u2003d", "a b c d"},
	{strings.Repeat("x", 60), strings.Repeat("x", 60)},
	{strings.Repeat("x", 61), strings.Repeat("x", 60) + "..."},
	{strings.Repeat("word ", 40), strings.Repeat("word ", 12) + "..."},
	{"Браузер узнаёт о ресурсах страницы волнами: сначала то, что названо в HTML", "Браузер узнаёт о ресурсах страни..."},
	{strings.Repeat("a", 59) + "ü tail", strings.Repeat("a", 59) + "..."},
	{"bad \xff\xfe bytes", "bad \xff\xfe bytes"},
}

func TestShortText(t *testing.T) {
	for _, tt := range shortTextTests {
		if got := shortText(tt.in); got != tt.want {
			t.Errorf("shortText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got, want := shortText(tt.in), shortTextOfFields(tt.in); got != want {
			t.Errorf("shortText(%q) = %q, the joined words cut give %q", tt.in, got, want)
		}
	}
}

func FuzzShortText(f *testing.F) {
	for _, tt := range shortTextTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := shortText(s), shortTextOfFields(s); got != want {
			t.Errorf("shortText(%q) = %q, the joined words cut give %q", s, got, want)
		}
	})
}
