package preloadgen_test

import (
	"context"
	"os"
	"testing"

	"github.com/preloadgen/preloadgen"
)

// BenchmarkBigPage analyses rustdoc's largest source view alone, the page that holds the
// analysis' longest time per page: read in two parts, and read whole (FullDOM). The site
// is a copy of rustdoc's largest pages with their CSS and fonts, named by
// PRELOADGEN_BIGSITE (default /tmp/bigsite); without it the benchmark is skipped.
//
//	go test -run '^$' -bench BigPage -benchtime 5x .
func BenchmarkBigPage(b *testing.B) {
	dir := os.Getenv("PRELOADGEN_BIGSITE")
	if dir == "" {
		dir = "/tmp/bigsite"
	}
	const page = "/src/core/up/up/stdarch/crates/core_arch/src/x86/avx512f.rs.html"
	if _, err := os.Stat(dir + page); err != nil {
		b.Skipf("no big page: %v", err)
	}
	for _, full := range []bool{false, true} {
		name := "split"
		if full {
			name = "full"
		}
		b.Run(name, func(b *testing.B) {
			opts := preloadgen.Options{Source: preloadgen.Source{Dir: dir}, Workers: 1, FullDOM: full}
			for i := 0; i < b.N; i++ {
				res, err := preloadgen.AnalyzePages(context.Background(), opts, []string{page})
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Failed) > 0 {
					b.Fatal(res.Failed[0])
				}
			}
		})
	}
}
