package preloadgen_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/sitegen"
)

// TestScaleMatchesReference analyses a generated site with the fast path (parallel
// workers, long pages read as a DOM head plus a token tail) and compares a sample of pages
// with a straightforward reference: one worker, every page parsed into a whole DOM.
func TestScaleMatchesReference(t *testing.T) {
	n := 10000
	if testing.Short() {
		n = 600
	}
	dir := t.TempDir()
	pages, err := sitegen.Generate(dir, sitegen.Options{Pages: n, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	fast, err := preloadgen.Analyze(context.Background(), preloadgen.Options{Source: preloadgen.Source{Dir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	if len(fast.Pages) != len(pages) || len(fast.Failed) > 0 {
		t.Fatalf("analysed %d of %d pages, failures %v", len(fast.Pages), len(pages), fast.Failed)
	}
	byPath := map[string]int{}
	for i, p := range fast.Pages {
		byPath[p.Path] = i
	}
	var sample []string
	step := len(pages)/97 | 1
	if step%3 == 0 {
		step += 2 // the generator's sections repeat every 3 pages: sample them all
	}
	for i := 0; i < len(pages); i += step {
		sample = append(sample, pages[i])
	}
	ref, err := preloadgen.AnalyzePages(context.Background(), preloadgen.Options{Source: preloadgen.Source{Dir: dir}, Workers: 1, FullDOM: true}, sample)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[graph.LCPKind]bool{}
	for _, want := range ref.Pages {
		got := fast.Pages[byPath[want.Path]]
		if !reflect.DeepEqual(got.Hints, want.Hints) {
			t.Errorf("%s: hints differ from the reference\n got %+v\nwant %+v", want.Path, got.Hints, want.Hints)
		}
		if !reflect.DeepEqual(got.LCP, want.LCP) {
			t.Errorf("%s: LCP %+v, reference %+v", want.Path, got.LCP, want.LCP)
		}
		if want.LCP != nil {
			kinds[want.LCP.Kind] = true
		}
	}
	if !kinds["image"] || !kinds["text"] {
		t.Errorf("the sample should cover image and text LCP pages: %v", kinds)
	}
}
