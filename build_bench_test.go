package preloadgen_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/internal/sitegen"
	"github.com/preloadgen/preloadgen/internal/treecopy"
	"github.com/preloadgen/preloadgen/speculate"
)

// BenchmarkBuild builds a generated 1,000-page site: "rewrite" on a fresh copy each time
// (every page analysed, rewritten, synced and renamed), "noop" over an already built site
// (the common re-run: analysed, nothing written), "out" into a fresh -out directory.
func BenchmarkBuild(b *testing.B) {
	src := b.TempDir()
	if _, err := sitegen.Generate(src, sitegen.Options{Pages: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	htmlBytes := siteBytes(b, src)
	ctx := context.Background()
	report := func(b *testing.B, pages int) {
		sec := b.Elapsed().Seconds()
		b.ReportMetric(float64(pages*b.N)/sec, "pages/s")
		b.ReportMetric(float64(htmlBytes)*float64(b.N)/sec/1e6, "MB/s")
	}
	run := func(b *testing.B, o preloadgen.BuildOptions) *preloadgen.BuildResult {
		res, err := preloadgen.Build(ctx, o)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Failed) > 0 {
			b.Fatal(res.Failed)
		}
		return res
	}
	b.Run("rewrite", func(b *testing.B) {
		var res *preloadgen.BuildResult
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			dir := b.TempDir()
			treecopy.Copy(b, src, dir)
			syscall.Sync() // the copy's own dirty pages are not the build's cost
			b.StartTimer()
			res = run(b, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}})
		}
		if res.Changed == 0 {
			b.Fatal("nothing rewritten")
		}
		report(b, res.Scanned)
	})
	b.Run("noop", func(b *testing.B) {
		dir := b.TempDir()
		treecopy.Copy(b, src, dir)
		run(b, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}})
		b.ResetTimer()
		var res *preloadgen.BuildResult
		for i := 0; i < b.N; i++ {
			res = run(b, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}})
		}
		if res.Changed != 0 {
			b.Fatal("re-run changed pages")
		}
		report(b, res.Scanned)
	})
	b.Run("out", func(b *testing.B) {
		var res *preloadgen.BuildResult
		for i := 0; i < b.N; i++ {
			res = run(b, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: filepath.Join(b.TempDir(), "out")})
		}
		report(b, res.Scanned)
		// What a build keeps per page until its end: the heap its result holds.
		b.StopTimer()
		var with, without runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&with)
		pages := res.Scanned
		runtime.KeepAlive(res)
		res = nil
		runtime.GC()
		runtime.ReadMemStats(&without)
		b.ReportMetric(float64(int64(with.HeapAlloc)-int64(without.HeapAlloc))/float64(pages), "kept-B/page")
	})
	// out-speculation is out with inline speculation rules: the price of the plan's scan
	// of every page's links before the first page is written.
	b.Run("out-speculation", func(b *testing.B) {
		var res *preloadgen.BuildResult
		for i := 0; i < b.N; i++ {
			res = run(b, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: filepath.Join(b.TempDir(), "out"),
				Speculation: speculate.Options{Mode: speculate.Prefetch}})
		}
		if res.Speculation == nil || res.Speculation.Pages == 0 {
			b.Fatal("no page got rules")
		}
		report(b, res.Scanned)
	})
}

// BenchmarkUpdateOnePage1k is watch's inner step on a generated 1,000-page site: one page
// changed, Incremental.Update re-walks the page list, analyses and rewrites that page;
// with speculation (inline prefetch rules) it also plans the rules, reading again only the
// changed page.
func BenchmarkUpdateOnePage1k(b *testing.B) {
	for _, tc := range []struct {
		name string
		spec speculate.Options
	}{{"plain", speculate.Options{}}, {"speculation", speculate.Options{Mode: speculate.Prefetch}}} {
		b.Run(tc.name, func(b *testing.B) {
			site := b.TempDir()
			pages, err := sitegen.Generate(site, sitegen.Options{Pages: 1000, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			in := preloadgen.NewIncremental(preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}, ConfigDir: filepath.Join(b.TempDir(), "cfg"), Speculation: tc.spec})
			if _, err := in.Build(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p := pages[(i*37)%len(pages)]
				name := filepath.Join(site, filepath.FromSlash(strings.TrimPrefix(p, "/")))
				src, err := os.ReadFile(name)
				if err != nil {
					b.Fatal(err)
				}
				src = append(emit.Strip(src), fmt.Sprintf("<!-- %d -->", i)...)
				if err := os.WriteFile(name, src, 0o644); err != nil {
					b.Fatal(err)
				}
				res, err := in.Update(context.Background(), []string{p})
				if err != nil {
					b.Fatal(err)
				}
				if res.Changed != 1 {
					b.Fatalf("update %d: %d pages changed", i, res.Changed)
				}
			}
		})
	}
}
