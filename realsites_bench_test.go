package preloadgen_test

// Benchmarks on real documentation sites with heavy themes (BENCHMARKS.md, "real themes"):
// built by real generators (Sphinx with two themes, rustdoc), shipped by pinned Debian
// packages that scripts/realsites.sh installs. The generated sites of the other benchmarks
// have simple CSS and little markup before the content; these have thousands of rules and
// sidebars of hundreds of links. A site that is not installed is skipped.
//
//	scripts/realsites.sh roots
//	go test -run '^$' -bench RealSites -benchtime 1x -timeout 60m .

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen"
)

// realSites name each site and the Debian package that ships it.
var realSites = []struct{ name, pkg string }{
	{"sphinx-classic", "python3-doc"},
	{"sphinx-pydata", "python-scipy-doc"},
	{"rustdoc", "rust-doc"},
}

func BenchmarkRealSites(b *testing.B) {
	for _, s := range realSites {
		b.Run(s.name, func(b *testing.B) {
			root, err := filepath.EvalSymlinks(filepath.Join("/usr/share/doc", s.pkg, "html"))
			if err != nil {
				b.Skipf("%s is not installed (scripts/realsites.sh installs it): %v", s.pkg, err)
			}
			htmlBytes := siteBytes(b, root)
			ctx := context.Background()
			report := func(b *testing.B, pages int) {
				sec := b.Elapsed().Seconds()
				b.ReportMetric(float64(pages*b.N)/sec, "pages/s")
				b.ReportMetric(float64(htmlBytes)*float64(b.N)/sec/1e6, "MB/s")
			}
			b.Run("build-out", func(b *testing.B) {
				defer cliMemory(b)()
				var res *preloadgen.BuildResult
				for i := 0; i < b.N; i++ {
					tmp := b.TempDir()
					res, err = preloadgen.Build(ctx, preloadgen.BuildOptions{
						Options:   preloadgen.Options{Source: preloadgen.Source{Dir: root}},
						Out:       filepath.Join(tmp, "out"),
						ConfigDir: filepath.Join(tmp, "cfg"),
					})
					if err != nil {
						b.Fatal(err)
					}
					if len(res.Failed) > 0 {
						b.Fatalf("%d pages failed, the first: %v", len(res.Failed), res.Failed[0])
					}
				}
				report(b, res.Scanned)
			})
			b.Run("analyze", func(b *testing.B) {
				defer cliMemory(b)()
				var pages int
				var slow []pageTook // the 5 slowest, longest first
				for i := 0; i < b.N; i++ {
					a, err := preloadgen.NewAnalysis(preloadgen.Options{Source: preloadgen.Source{Dir: root}}, nil)
					if err != nil {
						b.Fatal(err)
					}
					pages, slow = 0, nil
					for p, err := range a.Pages(ctx) {
						if p == nil || err != nil {
							b.Fatal(err)
						}
						pages++
						slow = keepSlowest(slow, pageTook{p.Path, p.Took}, 5)
					}
				}
				report(b, pages)
				b.StopTimer()
				b.ReportMetric(ms(slow[0].took), "slowest-ms")
				// On a shared machine a page's time includes waiting for a core. Analyse the
				// slowest pages again, each alone on one worker with the assets already
				// parsed (a Cache), best of 5: the page's own cost.
				var alone pageTook
				cache := preloadgen.NewCache()
				for _, s := range slow {
					best := time.Duration(-1)
					for range 6 { // the first run parses the assets into the cache
						a, err := preloadgen.NewAnalysis(preloadgen.Options{Source: preloadgen.Source{Dir: root}, Workers: 1, Cache: cache}, []string{s.path})
						if err != nil {
							b.Fatal(err)
						}
						for p, err := range a.Pages(ctx) {
							if p == nil || err != nil {
								b.Fatal(err)
							}
							if best < 0 || p.Took < best {
								best = p.Took
							}
						}
					}
					b.Logf("%s: %.1f ms in the run, %.1f ms alone", s.path, ms(s.took), ms(best))
					if best > alone.took {
						alone = pageTook{s.path, best}
					}
				}
				b.ReportMetric(ms(alone.took), "slowest-alone-ms")
			})
		})
	}
}

type pageTook struct {
	path string
	took time.Duration
}

// keepSlowest adds p to slow (longest first) and keeps the n longest.
func keepSlowest(slow []pageTook, p pageTook, n int) []pageTook {
	i := sort.Search(len(slow), func(i int) bool { return slow[i].took < p.took })
	slow = slices.Insert(slow, i, p)
	return slow[:min(len(slow), n)]
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

// cliMemory runs the benchmark under the CLI's collector settings (cmd/preloadgen/main.go:
// GOGC 400 under a 256 MB soft limit) and, when it returns, reports the peak RSS since it
// was called: Linux's high-water mark, reset through /proc/self/clear_refs.
func cliMemory(b *testing.B) func() {
	b.Helper()
	gc := debug.SetGCPercent(400)
	limit := debug.SetMemoryLimit(256 << 20)
	reset := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	return func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
		if kb := peakRSSKB(); reset && kb > 0 {
			b.ReportMetric(float64(kb)/1024, "peak-RSS-MB")
		}
	}
}

// peakRSSKB returns VmHWM from /proc/self/status, 0 where there is none.
func peakRSSKB() int64 {
	f, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(f))
	for sc.Scan() {
		if rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("VmHWM:")); ok {
			n, _ := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))), 10, 64)
			return n
		}
	}
	return 0
}
