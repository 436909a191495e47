package style

import "testing"

func TestWidthMatches(t *testing.T) {
	tests := []struct {
		media        string
		width        float64
		match, known bool
	}{
		{"", 1366, true, true},
		{"screen", 412, true, true},
		{"print", 1366, false, true},
		{"(max-width: 996px)", 1366, false, true},
		{"(max-width: 996px)", 412, true, true},
		{"(min-width:768px)", 412, false, true},
		{"screen and (min-width: 48em)", 1366, true, true},
		{"only screen and (min-width: 30rem) and (max-width: 60rem)", 800, true, true},
		{"only screen and (min-width: 30rem) and (max-width: 60rem)", 1366, false, true},
		{"(width >= 768px)", 412, false, true},
		{"(768px <= width)", 1366, true, true},
		{"(width < 40em)", 412, true, true},
		{"print, (max-width: 600px)", 412, true, true},
		{"print, (max-width: 600px)", 1366, false, true},
		{"(orientation: portrait)", 412, false, false},
		{"(min-width: 600px), (orientation: portrait)", 412, false, false},
		{"(min-width: 600px), (orientation: portrait)", 1366, true, true},
		{"not all and (min-width: 600px)", 412, false, false},
		{"(min-width: calc(10px + 2em))", 412, false, false},
		{"(prefers-reduced-motion: reduce)", 1366, false, false},
	}
	for _, tt := range tests {
		m, k := WidthMatches(tt.media, tt.width)
		if m != tt.match || k != tt.known {
			t.Errorf("WidthMatches(%q, %v) = %v, %v; want %v, %v", tt.media, tt.width, m, k, tt.match, tt.known)
		}
	}
}
