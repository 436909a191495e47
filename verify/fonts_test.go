package verify

import (
	"context"
	"math"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJudgeFonts: the judge's Chromium draws the generic families at the widths of
// Arial, Times New Roman and Courier New (the Liberation faces), not DejaVu's: ten m's at
// 100px are 833px in Arial's metrics (DejaVu Sans: 974), 778 in Times' (DejaVu Serif:
// 1058), 600 in Courier's (DejaVu Sans Mono: 602, so the check there is only that it is
// monospaced at 0.6 em).
func TestJudgeFonts(t *testing.T) {
	chromePath := needChrome(t)
	shared.Lock()
	if shared.b == nil && shared.err == nil {
		shared.b, shared.err = startBrowser(context.Background(), chromePath)
	}
	b, err := shared.b, shared.err
	shared.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	tb, err := b.openTab(Desktop)
	if err != nil {
		t.Fatal(err)
	}
	defer tb.close()
	ctx, cancel := context.WithTimeout(tb.ctx, maxLoad)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	for family, want := range map[string]float64{"sans-serif": 833, "system-ui": 833, "serif": 778, "monospace": 600} {
		w, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => { const c = document.createElement('canvas').getContext('2d'); c.font = '100px `+family+`'; return c.measureText('mmmmmmmmmm').width; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(w-want) > 3 {
			t.Errorf("%s: ten m's at 100px are %.0fpx, want %.0f", family, w, want)
		}
	}
}
