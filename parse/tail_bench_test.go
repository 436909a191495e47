package parse

import (
	"os"
	"testing"
)

// sourceView is the longest page of Rust's standard library docs, a source view of
// 10 MB (about 280,000 <span>s), where scripts/realsites.sh installs it.
const sourceView = "/usr/share/doc/rust-doc/html/src/core/up/up/stdarch/crates/core_arch/src/x86/avx512f.rs.html"

// BenchmarkParseSplit reads a page as ParseHTML does, the first part into a DOM and the
// tail into events (tail.go), on the longest page of a real site.
func BenchmarkParseSplit(b *testing.B) {
	src, err := os.ReadFile(sourceView)
	if err != nil {
		b.Skipf("the page is not installed (scripts/realsites.sh installs it): %v", err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		d, err := ParseHTML(src)
		if err != nil {
			b.Fatal(err)
		}
		if !d.Split {
			b.Fatal("the page was read whole")
		}
	}
}
