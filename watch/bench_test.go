package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/internal/sitegen"
)

// BenchmarkLatency1k measures, on a generated 1,000-page site, the time from a one-file
// change to the end of the rebuild it causes (pages rewritten, configs written), as seen
// by OnRebuild. It includes the debounce wait (DefaultDebounceCloseWrite here). Each iteration is one
// change; run with -benchtime=Nx for N changes. Metrics: p50-ms and p95-ms of that
// latency, build-p50-ms, the part spent building (Report.Duration), and cpu-ms/change, the
// CPU time (user + system, all threads) from a change to the end of its rebuild.
//
//	page:       one page rewritten by the generator (without its hint block)
//	shared-css: /css/docs.css changed so that the hints of every docs page (a third of
//	            the site) change
func BenchmarkLatency1k(b *testing.B) {
	b.Run("page", func(b *testing.B) {
		benchLatency(b, func(site string, pages []string, i int) (string, error) {
			p := pages[(i*37)%len(pages)]
			name := filepath.Join(site, filepath.FromSlash(strings.TrimPrefix(p, "/")))
			src, err := os.ReadFile(name)
			if err != nil {
				return "", err
			}
			s := string(src)
			if k := strings.Index(s, "<!-- preloadgen -->"); k >= 0 {
				if e := strings.Index(s, "<!-- /preloadgen -->"); e > k {
					s = s[:k-1] + s[e+len("<!-- /preloadgen -->"):]
				}
			}
			s = strings.Replace(s, "</footer>", fmt.Sprintf("</footer><!-- edit %d -->", i), 1)
			return p, os.WriteFile(name, []byte(s), 0o644)
		})
	})
	b.Run("shared-css", func(b *testing.B) {
		benchLatency(b, func(site string, pages []string, i int) (string, error) {
			css := `.display { font-family: "Display", serif; font-weight: 800; font-size: clamp(2.5rem, 5vw, 3.5rem) }`
			if i%2 == 0 {
				css = `.display { font-family: serif; font-weight: 800 }`
			}
			return "", os.WriteFile(filepath.Join(site, "css", "docs.css"), []byte(css), 0o644)
		})
	})
}

// BenchmarkBurst1k: a generator rewrites every page of a generated 1,000-page site in one
// burst (in place, one after another, as fs.writeFile does). Each iteration is one burst.
// Metrics: p50-ms and p95-ms over pages of the time from the generator closing a page to
// the report of the rebuild that rewrote it, builds per burst, and the burst's length.
func BenchmarkBurst1k(b *testing.B) {
	site := b.TempDir()
	pages, err := sitegen.Generate(site, sitegen.Options{Pages: 1000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	type seen struct {
		at    time.Time
		pages []string
	}
	reports := make(chan seen, 1024)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{
			Build:     preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}, ConfigDir: filepath.Join(b.TempDir(), "cfg")},
			OnRebuild: func(r Report) { reports <- seen{time.Now(), r.Rewritten} },
		})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}()
	<-reports // the first, full build
	// Only pages that carry hints are rewritten; the generator writes them without.
	var hinted []string
	gen := map[string][]byte{}
	for _, p := range pages {
		cur, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(strings.TrimPrefix(p, "/"))))
		if err != nil {
			b.Fatal(err)
		}
		if s := emit.Strip(cur); len(s) != len(cur) {
			hinted = append(hinted, p)
			gen[p] = s
		}
	}
	var lat []time.Duration
	var builds, burst []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		closed := map[string]time.Time{}
		start := time.Now()
		for _, p := range hinted {
			if err := os.WriteFile(filepath.Join(site, filepath.FromSlash(strings.TrimPrefix(p, "/"))), gen[p], 0o644); err != nil {
				b.Fatal(err)
			}
			closed[p] = time.Now()
		}
		burst = append(burst, float64(time.Since(start))/float64(time.Millisecond))
		n := 0
		for left := len(hinted); left > 0; {
			select {
			case r := <-reports:
				n++
				for _, p := range r.pages {
					if t, ok := closed[p]; ok {
						lat = append(lat, r.at.Sub(t))
						delete(closed, p)
						left--
					}
				}
			case err := <-done:
				b.Fatalf("Run ended: %v", err)
			case <-time.After(time.Minute):
				b.Fatalf("%d pages not rewritten within a minute", left)
			}
		}
		builds = append(builds, float64(n))
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(percentile(lat, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 95)), "p95-ms")
	b.ReportMetric(median(builds), "builds/burst")
	b.ReportMetric(median(burst), "burst-ms")
	b.ReportMetric(float64(len(hinted)), "pages/burst")
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func benchLatency(b *testing.B, change func(site string, pages []string, i int) (wantRewritten string, err error)) {
	site := b.TempDir()
	pages, err := sitegen.Generate(site, sitegen.Options{Pages: 1000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	benchLatencyOn(b, site, pages, 0, change)
}

// benchLatencyOn is benchLatency on a site already made. With wantAll > 0, every change
// must rewrite that many pages in one rebuild.
func benchLatencyOn(b *testing.B, site string, pages []string, wantAll int, change func(site string, pages []string, i int) (wantRewritten string, err error)) {
	reports := make(chan Report, 16)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{
			Build:     preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}, ConfigDir: filepath.Join(b.TempDir(), "cfg")},
			OnRebuild: func(r Report) { reports <- r },
		})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}()
	next := func() Report {
		select {
		case r := <-reports:
			if r.Err != nil {
				b.Fatal(r.Err)
			}
			return r
		case err := <-done:
			b.Fatalf("Run ended: %v", err)
		case <-time.After(10 * time.Minute): // a real theme's first build on a busy machine takes minutes
			b.Fatal("no rebuild within 10 minutes")
		}
		return Report{}
	}
	next() // the first, full build
	lat := make([]time.Duration, 0, b.N)
	build := make([]time.Duration, 0, b.N)
	var cpu time.Duration // used during the changes' rebuilds, not the quiet between them
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Changes come one at a time, as from someone editing: a quarter second apart, so
		// each is a burst of its own (changes every few tens of ms are one long burst, and
		// the debounce grows with it).
		b.StopTimer()
		time.Sleep(250 * time.Millisecond)
		b.StartTimer()
		start, cpu0 := time.Now(), processCPU()
		want, err := change(site, pages, i)
		if err != nil {
			b.Fatal(err)
		}
		r := next()
		lat = append(lat, time.Since(start))
		cpu += processCPU() - cpu0
		build = append(build, r.Duration)
		if len(r.Rewritten) == 0 || (want != "" && r.Rewritten[0] != want) {
			b.Fatalf("change %d: rebuild %v did not rewrite what changed", i, r)
		}
		if wantAll > 0 && len(r.Rewritten) != wantAll {
			b.Fatalf("change %d: rebuild rewrote %d pages, want %d", i, len(r.Rewritten), wantAll)
		}
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(percentile(lat, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(lat, 95)), "p95-ms")
	b.ReportMetric(ms(percentile(build, 50)), "build-p50-ms")
	if cpu > 0 {
		b.ReportMetric(ms(cpu)/float64(b.N), "cpu-ms/change")
	}
}

func percentile(d []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	k := (len(s)*p + 99) / 100
	if k < 1 {
		k = 1
	}
	return s[k-1]
}
