package parse

import (
	"os"
	"testing"

	"github.com/preloadgen/preloadgen/internal/pagesample"
)

// sourceView is the longest page of Rust's standard library docs, a source view of
// 10 MB (about 280,000 <span>s), where scripts/realsites.sh installs it.
const sourceView = "/usr/share/doc/rust-doc/html/src/core/up/up/stdarch/crates/core_arch/src/x86/avx512f.rs.html"

// BenchmarkParseSplit reads pages as ParseHTML does, long ones in two parts (tail.go):
// the longest page of a real site, and a sample of the rustdoc site's pages (most are
// long enough to be cut).
func BenchmarkParseSplit(b *testing.B) {
	b.Run("source-view", func(b *testing.B) {
		src := readSourceView(b)
		for b.Loop() {
			d, err := ParseHTML(src)
			if err != nil {
				b.Fatal(err)
			}
			if !d.Split {
				b.Fatal("the page was read whole")
			}
		}
	})
	// The same page read whole (ParseHTMLFull), which reading it in two parts should beat.
	b.Run("whole-source-view", func(b *testing.B) {
		src := readSourceView(b)
		for b.Loop() {
			if _, err := ParseHTMLFull(src); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rustdoc", func(b *testing.B) {
		pagesample.Bench(b, "/tmp/preloadgen-realsites/sites/rustdoc", 150, func(p []byte) {
			if _, err := ParseHTML(p); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// readSourceView reads the longest page of the rustdoc site for a benchmark of it (skipped
// when the page is not installed) and sets the bytes and allocations it reports.
func readSourceView(b *testing.B) []byte {
	b.Helper()
	src, err := os.ReadFile(sourceView)
	if err != nil {
		b.Skipf("the page is not installed (scripts/realsites.sh installs it): %v", err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	return src
}
