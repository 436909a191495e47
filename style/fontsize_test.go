package style

import (
	"math"
	"testing"
)

// TestFontSizeViewportUnits: viewport units resolve against the screen's own width and
// height, vmin and vmax included.
func TestFontSizeViewportUnits(t *testing.T) {
	for _, tt := range []struct {
		v             string
		laptop, phone float64
	}{
		{"10vw", 135, 41.2},
		{"10vh", 94, 91.5},
		{"10vmin", 94, 41.2},
		{"10vmax", 135, 91.5},
		{"2em", 32, 32},
		{"1.5rem", 24, 24},
	} {
		for _, x := range []struct {
			sc   Screen
			want float64
		}{{Laptop(), tt.laptop}, {Phone(), tt.phone}} {
			got, ok := FontSize(tt.v, 16, x.sc)
			if !ok || math.Abs(got-x.want) > 1e-9 {
				t.Errorf("FontSize(%q) on %s = %v, %v; want %v", tt.v, x.sc.Name, got, ok, x.want)
			}
		}
	}
}
