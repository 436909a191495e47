package parse

import (
	"testing"

	"github.com/preloadgen/preloadgen/internal/pagesample"
)

// BenchmarkParseHTML reads pages as the analysis does: ParseHTML (long pages in two
// parts) on the generated benchmark site, ParseHTMLFull (the whole DOM) on real
// documentation sites, when they are on this machine.
func BenchmarkParseHTML(b *testing.B) {
	for _, tc := range []struct {
		name, dir string
		step      int
		full      bool
	}{
		{"generated", "/tmp/preloadgen-scale/site-orig", 50, false},
		{"sphinx-classic", "/tmp/preloadgen-realsites/sites/sphinx-classic", 2, true},
		{"rustdoc", "/tmp/preloadgen-realsites/sites/rustdoc", 150, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			parse := ParseHTML
			if tc.full {
				parse = ParseHTMLFull
			}
			pagesample.Bench(b, tc.dir, tc.step, func(p []byte) {
				if _, err := parse(p); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
