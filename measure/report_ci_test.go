package measure

import (
	"strings"
	"testing"
)

func TestBootstrapRatio(t *testing.T) {
	a := []float64{500, 520, 480, 510, 495, 530, 470, 505, 515}
	same := bootstrapRatio(a, a)
	if same.Lo > 1 || same.Hi < 1 || same.Hi-same.Lo > 0.15 {
		t.Errorf("A against itself: %+v, want a narrow interval around 1", same)
	}
	var faster []float64
	for _, x := range a {
		faster = append(faster, x*0.8)
	}
	f := bootstrapRatio(a, faster)
	if f.Hi >= 1 || f.Lo > 0.8 || f.Hi < 0.8 {
		t.Errorf("B 20%% faster: %+v, want an interval around 0.8 below 1", f)
	}
	if got := bootstrapRatio(a, faster); got != f {
		t.Errorf("same runs gave %+v, then %+v: the interval must be reproducible", f, got)
	}
	if got := bootstrapRatio(a[:2], faster); got != (Interval{}) {
		t.Errorf("two runs: %+v, want no interval", got)
	}
	// Failed visits (zero metrics) are left out.
	if got := bootstrapRatio(append([]float64{0, 0}, a...), a); got.Lo > 1 || got.Hi < 1 {
		t.Errorf("with zeros: %+v", got)
	}
}

func TestWorseThan(t *testing.T) {
	r := &Report{Runs: 9}
	for _, c := range []struct {
		page   string
		lo, hi float64
	}{{"/sure.html", 1.04, 1.10}, {"/maybe.html", 0.97, 1.05}, {"/fine.html", 0.85, 0.95}, {"/none.html", 0, 0}} {
		p := r.page(c.page)
		p.CI90.LCP = Interval{c.lo, c.hi}
	}
	sure, maybe := r.worseThan(1.02)
	if len(sure) != 1 || !strings.HasPrefix(sure[0], "/sure.html LCP") {
		t.Errorf("sure = %q", sure)
	}
	if len(maybe) != 1 || !strings.HasPrefix(maybe[0], "/maybe.html LCP") {
		t.Errorf("maybe = %q", maybe)
	}
}
