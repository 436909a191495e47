package firstscreen

// The estimate of single pages of real documentation sites with heavy themes, the ones
// BENCHMARKS.md's "real themes" run builds whole (scripts/realsites.sh installs them from
// pinned Debian packages): a typical page, and the largest of each kind. A site that is
// not installed is skipped.
//
//	go test -run '^$' -bench EstimateRealTheme ./firstscreen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/preloadgen/preloadgen/parse"
)

func BenchmarkEstimateRealTheme(b *testing.B) {
	for _, x := range []struct{ name, root, page string }{
		{"sphinx-classic/os", "/usr/share/doc/python3-doc/html", "/library/os.html"},
		{"sphinx-classic/contents", "/usr/share/doc/python3-doc/html", "/contents.html"},
		{"sphinx-classic/genindex-all", "/usr/share/doc/python3-doc/html", "/genindex-all.html"},
		{"sphinx-pydata/minimize", "/usr/share/doc/python-scipy-doc/html", "/reference/generated/scipy.optimize.minimize.html"},
		{"rustdoc/Vec", "/usr/share/doc/rust-doc/html", "/std/vec/struct.Vec.html"},
		{"rustdoc/source-view", "/usr/share/doc/rust-doc/html", "/src/core/up/up/stdarch/crates/core_arch/src/x86/avx512f.rs.html"},
		{"rustdoc/neon", "/usr/share/doc/rust-doc/html", "/src/core/up/up/stdarch/crates/core_arch/src/arm_shared/neon/generated.rs.html"},
		{"rustdoc/Wrapping", "/usr/share/doc/rust-doc/html", "/core/num/struct.Wrapping.html"},
		{"rustdoc/x86", "/usr/share/doc/rust-doc/html", "/core/arch/x86/index.html"},
		{"rustdoc/i64", "/usr/share/doc/rust-doc/html", "/core/primitive.i64.html"},
	} {
		b.Run(x.name, func(b *testing.B) {
			site := realSite(b, x.root, x.page)
			p := testPage(b, site, x.page)
			b.SetBytes(int64(len(site[x.page])))
			b.ResetTimer()
			for range b.N {
				Estimate(p)
			}
		})
	}
}

// realSite reads from the site at root the page and the files it names (its
// stylesheets, what they import, its images), as a memSite.
func realSite(b *testing.B, root, page string) memSite {
	root, err := filepath.EvalSymlinks(root)
	if err != nil {
		b.Skipf("the site is not installed (scripts/realsites.sh installs it): %v", err)
	}
	site := memSite{}
	read := func(p string) bool {
		if _, ok := site[p]; ok {
			return false
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return false
		}
		site[p] = data
		return true
	}
	if !read(page) {
		b.Skipf("%s is not in %s", page, root)
	}
	doc, err := parse.ParseHTMLFull(site[page])
	if err != nil {
		b.Fatal(err)
	}
	resolve := resolveIn(page)
	var css func(p string)
	css = func(p string) {
		if !read(p) {
			return
		}
		for _, imp := range parse.ParseCSS(site[p]).Imports {
			if ip, ok := resolve(p, imp.URL); ok {
				css(ip)
			}
		}
	}
	for _, ref := range doc.Refs {
		p, ok := resolve("", ref.URL)
		if !ok {
			continue
		}
		switch ref.Kind {
		case parse.RefStylesheet:
			css(p)
		case parse.RefImage, parse.RefVideoPoster:
			read(p)
		}
	}
	return site
}

// BenchmarkEstimateSplit is the estimate of the longest page of Rust's standard library
// docs, a source view, read in two parts (parse/tail.go) as the analysis first reads it:
// the cascade goes over its tail's events (cascadeTail).
func BenchmarkEstimateSplit(b *testing.B) {
	const root, page = "/usr/share/doc/rust-doc/html", "/src/core/up/up/stdarch/crates/core_arch/src/x86/avx512f.rs.html"
	site := realSite(b, root, page)
	p := testPageParsed(b, site, page, parse.ParseHTML)
	if !p.Doc.Split {
		b.Fatal("the page was read whole")
	}
	b.SetBytes(int64(len(site[page])))
	b.ReportAllocs()
	for b.Loop() {
		Estimate(p)
	}
}

// BenchmarkEstimateRealSite makes the whole estimate of the pages of
// BenchmarkCascadeRealSite's sample in turn, as one worker of a run does (each round
// from new rule sets): less that benchmark's cost, it is the cost of the layout and the
// guess after the cascade.
//
//	go test -run '^$' -bench 'CascadeRealSite|EstimateRealSite' ./firstscreen
func BenchmarkEstimateRealSite(b *testing.B) {
	realSiteRounds(b, true, func(p *Page) { Estimate(p) })
}
