package parse

import (
	"reflect"
	"testing"
)

// TestParseCSSBox: the declarations the layout estimate reads are kept as written, each
// side of the margin and padding shorthands (one to four values, the logical forms)
// where it belongs, the line height from the font shorthand too (also when the shorthand
// is written with var(), as Infima writes it), and the flex basis of the flex shorthand.
func TestParseCSSBox(t *testing.T) {
	type box struct {
		LineHeight, MarginTop, MarginBottom, PaddingTop, PaddingBottom      string
		Width, MaxWidth, MarginLeft, MarginRight, PaddingLeft, PaddingRight string
		FlexDirection, Position, BoxSizing, FlexBasis, Height, MinHeight    string
		FlexWrap                                                            bool
		FontSize                                                            string
	}
	tests := []struct {
		css  string
		want box
	}{
		{`.a{margin:1em}`, box{MarginTop: "1em", MarginBottom: "1em", MarginLeft: "1em", MarginRight: "1em"}},
		{`.a{margin:0 auto}`, box{MarginTop: "0", MarginBottom: "0", MarginLeft: "auto", MarginRight: "auto"}},
		{`.a{padding:1px 2px 3px}`, box{PaddingTop: "1px", PaddingBottom: "3px", PaddingLeft: "2px", PaddingRight: "2px"}},
		{`.a{padding:1px 2px 3px 4px}`, box{PaddingTop: "1px", PaddingBottom: "3px", PaddingLeft: "4px", PaddingRight: "2px"}},
		{`.a{margin:0 calc(var(--s) * -1)}`, box{MarginTop: "0", MarginBottom: "0", MarginLeft: "calc(var(--s) * -1)", MarginRight: "calc(var(--s) * -1)"}},
		{`.a{margin-block:2rem 1rem;padding-inline:8px}`, box{MarginTop: "2rem", MarginBottom: "1rem", PaddingLeft: "8px", PaddingRight: "8px"}},
		{`.a{margin-bottom:1.25rem;margin-top:0}`, box{MarginTop: "0", MarginBottom: "1.25rem"}},
		{`.a{line-height:1.65}`, box{LineHeight: "1.65"}},
		{`.a{font:16px/1.5 Inter,sans-serif}`, box{LineHeight: "1.5", FontSize: "16px"}},
		{`.a{font:16px Inter}`, box{LineHeight: "normal", FontSize: "16px"}},
		{`.a{font:var(--ifm-font-size-base)/var(--ifm-line-height-base) var(--ifm-font-family-base)}`,
			box{LineHeight: "var(--ifm-line-height-base)", FontSize: "var(--ifm-font-size-base)"}},
		{`.a{width:720px;max-width:calc(100% - 2em)}`, box{Width: "720px", MaxWidth: "calc(100% - 2em)"}},
		{`.a{display:flex;flex-flow:column wrap}`, box{FlexDirection: "column", FlexWrap: true}},
		{`.a{flex:1}`, box{FlexBasis: "0"}},
		{`.a{flex:0 0 var(--w)}`, box{FlexBasis: "var(--w)"}},
		{`.a{flex:none}`, box{FlexBasis: "auto"}},
		{`.a{position:fixed;box-sizing:border-box}`, box{Position: "fixed", BoxSizing: "border-box"}},
		{`.a{height:56px;min-height:100vh}`, box{Height: "56px", MinHeight: "100vh"}},
	}
	for _, tt := range tests {
		t.Run(tt.css, func(t *testing.T) {
			sh := ParseCSS([]byte(tt.css))
			if len(sh.Rules) != 1 {
				t.Fatalf("%d rules, want 1", len(sh.Rules))
			}
			r := sh.Rules[0]
			got := box{r.LineHeight, r.MarginTop, r.MarginBottom, r.PaddingTop, r.PaddingBottom,
				r.Width, r.MaxWidth, r.MarginLeft, r.MarginRight, r.PaddingLeft, r.PaddingRight,
				r.FlexDirection, r.Position, r.BoxSizing, r.FlexBasis, r.Height, r.MinHeight, r.FlexWrap, r.FontSize}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestParseFlexShorthand: the flex shorthand gives flex-grow, flex-shrink and
// flex-basis, each 1, 1 and 0 when left out, and its keywords theirs; the longhands are
// kept as written, the last declaration winning.
func TestParseFlexShorthand(t *testing.T) {
	for _, tt := range []struct{ css, grow, shrink, basis string }{
		{`flex:1`, "1", "1", "0"},
		{`flex:2 3`, "2", "3", "0"},
		{`flex:1 0 auto`, "1", "0", "auto"},
		{`flex:200px`, "1", "1", "200px"},
		{`flex:1 30%`, "1", "1", "30%"},
		{`flex:auto`, "1", "1", "auto"},
		{`flex:none`, "0", "0", "auto"},
		{`flex:initial`, "0", "1", "auto"},
		{`flex:0 0 var(--w)`, "0", "0", "var(--w)"},
		{`flex:1 1 auto!important`, "1", "1", "auto"},
		{`flex:1 !important`, "1", "1", "0"},
		{`flex-grow:1;flex-shrink:0`, "1", "0", ""},
		{`flex:1;flex-grow:0`, "0", "1", "0"},
	} {
		sh := ParseCSS([]byte(`.a{` + tt.css + `}`))
		if len(sh.Rules) != 1 {
			t.Fatalf("%s: %d rules, want 1", tt.css, len(sh.Rules))
		}
		r := sh.Rules[0]
		if r.FlexGrow != tt.grow || r.FlexShrink != tt.shrink || r.FlexBasis != tt.basis {
			t.Errorf("%s: grow %q shrink %q basis %q, want %q %q %q", tt.css, r.FlexGrow, r.FlexShrink, r.FlexBasis, tt.grow, tt.shrink, tt.basis)
		}
	}
}
