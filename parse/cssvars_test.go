package parse

import (
	"reflect"
	"testing"
)

// TestCustomProperties: a rule's custom properties are kept, in order, with their values
// as written, so font sizes given by var() can be resolved; a rule that only sets custom
// properties is kept too.
func TestCustomProperties(t *testing.T) {
	sh := ParseCSS([]byte(`:root{--h1: 2rem; --Big:calc(var(--h1) * 2) }
.doc h1:first-child { --h1:3rem }
h1 { font-size: var(--h1, 32px) }
@media (max-width: 996px) { :root { --h1: 1.5rem } }`))
	want := []struct {
		sel, media, size string
		vars             []CustomProp
	}{
		{":root", "", "", []CustomProp{{"--h1", "2rem"}, {"--Big", "calc(var(--h1) * 2)"}}},
		{".doc h1:first-child", "", "", []CustomProp{{"--h1", "3rem"}}},
		{"h1", "", "var(--h1,32px)", nil},
		{":root", "(max-width:996px)", "", []CustomProp{{"--h1", "1.5rem"}}},
	}
	if len(sh.Rules) != len(want) {
		t.Fatalf("rules = %+v", sh.Rules)
	}
	for i, w := range want {
		r := sh.Rules[i]
		if r.Selector != w.sel || r.Media != w.media || r.FontSize != w.size || !reflect.DeepEqual(r.Vars, w.vars) {
			t.Errorf("rule %d = %q %q %q %q, want %q %q %q %q", i, r.Selector, r.Media, r.FontSize, r.Vars, w.sel, w.media, w.size, w.vars)
		}
	}
}
