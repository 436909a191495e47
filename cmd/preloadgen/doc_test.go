package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/graph"
)

// The help in doc.go is prose, written by hand: it must say what graph.DefaultPolicy and
// emit.Formats say, the one home of each.
func TestDocMatchesDefaults(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	d := graph.DefaultPolicy()
	for _, want := range []string{
		fmt.Sprintf("-max-preloads N  hints per page and hint set (default %d)", d.MaxPreloads),
		fmt.Sprintf("-max-fonts N     font hints per page (default %d)", d.MaxFonts),
		fmt.Sprintf("beyond the blocking CSS (default %d)", d.MaxBytes),
		fmt.Sprintf("per page (default %d,", d.YieldBytes),
		fmt.Sprintf("after the 103 (default %v;", d.EarlyThink),
		fmt.Sprintf("round-trip time (default %v)", d.EarlyRTT),
		fmt.Sprintf("e.g. 1.6M (default %s)", rateWord(d.EarlyRate)),
		"-emit LIST       config formats: " + emit.FormatList() + " (default all)",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("doc.go does not say %q", want)
		}
	}
}
