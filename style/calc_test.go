package style

import (
	"math"
	"testing"
)

// TestCalcWidth: widths are lengths, percentages of the containing block, or arithmetic
// of both; what needs the containing block to compare (min(100%, 42rem)) or is not a
// length is not resolved.
func TestCalcWidth(t *testing.T) {
	tests := []struct {
		v       string
		px, pct float64
		ok      bool
	}{
		{"42rem", 672, 0, true},
		{"100%", 0, 100, true},
		{"calc(100% - 2em)", -32, 100, true},
		{"calc(4 / 12 * 100%)", 0, 100.0 / 3, true},
		{"calc((100% - 20px) / 2)", -10, 50, true},
		{"calc(2 * 1.5rem + 4px)", 52, 0, true},
		{"min(20px, 3rem)", 20, 0, true},
		{"max(20px, 3rem)", 48, 0, true},
		{"min(100%, 42rem)", 0, 0, false},
		{"calc(10% * 2px)", 0, 0, false},
		{"calc(1px + )", 0, 0, false},
		{"calc(100% / 0)", 0, 0, false},
		{"3", 0, 0, false},
	}
	for _, tt := range tests {
		l, ok := CalcWidth(tt.v, 16, Laptop())
		if ok != tt.ok || ok && (math.Abs(l.PX-tt.px) > 1e-9 || math.Abs(l.Pct-tt.pct) > 1e-9) {
			t.Errorf("CalcWidth(%q) = %+v, %v; want px %v pct %v, %v", tt.v, l, ok, tt.px, tt.pct, tt.ok)
		}
	}
	for _, v := range []string{"auto", "none", "fit-content", "inherit"} {
		if l := ResolveWidth(v, 16, Laptop()); l.Set() {
			t.Errorf("ResolveWidth(%q) = %+v, want unset", v, l)
		}
	}
}

// FuzzCalcWidth: any value is evaluated without a panic, and what resolves is finite.
func FuzzCalcWidth(f *testing.F) {
	for _, s := range []string{"calc(100% - 2em)", "min(1px, max(2px, calc(3 * (4px + 5%))))", "calc(((", "-.5e3px", "calc(1/0)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if l, ok := CalcWidth(v, 16, Phone()); ok && (math.IsNaN(l.PX+l.Pct) || math.IsInf(l.PX+l.Pct, 0)) {
			t.Fatalf("CalcWidth(%q) = %+v", v, l)
		}
	})
}
