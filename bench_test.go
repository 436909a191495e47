package preloadgen_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/internal/sitegen"
)

func siteBytes(b *testing.B, dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".html" {
			if st, err := d.Info(); err == nil {
				n += st.Size()
			}
		}
		return nil
	})
	return n
}

func benchAnalyze(b *testing.B, dir string) {
	b.Helper()
	ctx := context.Background()
	htmlBytes := siteBytes(b, dir)
	var pages int
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := preloadgen.Analyze(ctx, preloadgen.Options{Source: preloadgen.Source{Dir: dir}})
		if err != nil {
			b.Fatal(err)
		}
		pages = len(res.Pages)
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(pages*b.N)/sec, "pages/s")
	b.ReportMetric(float64(htmlBytes)*float64(b.N)/sec/1e6, "MB/s")
}

func BenchmarkAnalyzeFixtures(b *testing.B) {
	for _, site := range []string{"blog", "app", "gallery"} {
		b.Run(site, func(b *testing.B) { benchAnalyze(b, filepath.Join("fixtures", site)) })
	}
}

func BenchmarkAnalyzeGenerated1k(b *testing.B) {
	dir := b.TempDir()
	if _, err := sitegen.Generate(dir, sitegen.Options{Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	benchAnalyze(b, dir)
}

// BenchmarkAuditVsAnalyze audits a generated site and analyses it, side by side: the
// audit shares the analysis's work, so the two should cost about the same.
func BenchmarkAuditVsAnalyze(b *testing.B) {
	dir := b.TempDir()
	if _, err := sitegen.Generate(dir, sitegen.Options{Pages: 300, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	o := preloadgen.Options{Source: preloadgen.Source{Dir: dir}}
	b.Run("analyze", func(b *testing.B) { benchAnalyze(b, dir) })
	b.Run("audit", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := preloadgen.Audit(ctx, o, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(300*b.N)/b.Elapsed().Seconds(), "pages/s")
	})
}
