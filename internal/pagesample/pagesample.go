// Package pagesample reads a sample of a built site's pages for benchmarks that run on
// real generators' output (the sites scripts/realsites.sh installs, the generated
// 10,000-page site) and runs a benchmark over it, so each package's benchmark reads and
// reports the same pages the same way.
package pagesample

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Read reads up to max .html pages under dir, every step-th one in walk order, or none
// when dir is not on this machine.
func Read(dir string, step, max int) [][]byte {
	var pages [][]byte
	n := 0
	filepath.WalkDir(dir+"/", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".html") || len(pages) >= max {
			return nil
		}
		if n++; (n-1)%step != 0 {
			return nil
		}
		if src, err := os.ReadFile(p); err == nil {
			pages = append(pages, src)
		}
		return nil
	})
	return pages
}

// Bench runs each over a sample of up to 200 pages under dir (Read(dir, step, 200)) once
// per benchmark iteration, reporting bytes, allocations and µs per page; it skips the
// benchmark when dir is not on this machine.
func Bench(b *testing.B, dir string, step int, each func(page []byte)) {
	pages := Read(dir, step, 200)
	if len(pages) == 0 {
		b.Skip("no pages")
	}
	size := 0
	for _, p := range pages {
		size += len(p)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			each(p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages))/1e3, "µs/page")
}
