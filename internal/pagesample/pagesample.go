// Package pagesample reads a sample of a built site's pages for benchmarks that run on
// real generators' output (the sites scripts/realsites.sh installs, the generated
// 10,000-page site), so each package's benchmark reads the same pages the same way.
package pagesample

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
