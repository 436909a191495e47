package emit

import (
	"testing"

	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/pagesample"
)

// BenchmarkRewrite rewrites real generators' pages as a build does (each page read
// stripped, then given its block), when the sites are on this machine
// (scripts/realsites.sh): with two HTML hints, and with header hints only (rustdoc's).
func BenchmarkRewrite(b *testing.B) {
	header := []graph.Hint{{URL: "/static/a.css", Href: "/static/a.css", Rel: "preload", As: "style", Header: true}}
	for _, tc := range []struct {
		name, dir string
		step      int
		hints     []graph.Hint
	}{
		{"sphinx-classic", "/tmp/preloadgen-realsites/sites/sphinx-classic", 2, []graph.Hint{cssHint, fontHint}},
		{"sphinx-pydata", "/tmp/preloadgen-realsites/sites/sphinx-pydata", 20, []graph.Hint{cssHint, fontHint}},
		{"rustdoc", "/tmp/preloadgen-realsites/sites/rustdoc", 150, header},
	} {
		b.Run(tc.name, func(b *testing.B) {
			pagesample.Bench(b, tc.dir, tc.step, func(p []byte) {
				RewriteStripped(Strip(p), tc.hints, Speculation{})
			})
		})
	}
}
