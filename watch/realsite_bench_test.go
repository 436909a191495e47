package watch

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// BenchmarkLatencyRealTheme1k is BenchmarkLatency1k's shared-css case on a real theme: the
// first 1,000 pages (in path order) of the SciPy 1.10 docs, Sphinx with
// pydata-sphinx-theme (Bootstrap), from the python-scipy-doc package that
// scripts/realsites.sh installs; skipped when it is not installed. Each change adds or
// removes an @import at the top of /_static/pygments.css, which every page but the theme's
// template file links, so their hints change and every one of them must be rewritten by the
// one rebuild the change causes.
// Metrics as BenchmarkLatency1k's.
func BenchmarkLatencyRealTheme1k(b *testing.B) {
	root, err := filepath.EvalSymlinks("/usr/share/doc/python-scipy-doc/html")
	if err != nil {
		b.Skipf("python-scipy-doc is not installed (scripts/realsites.sh installs it): %v", err)
	}
	site := b.TempDir()
	pages := copyRealSite(b, root, site, 1000)
	css := filepath.Join(site, "_static", "pygments.css")
	orig, err := os.ReadFile(css)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "_static", "bench-extra.css"), []byte(".highlight { color: #222 }\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	linking := 0 // the pages that link the stylesheet: each change rewrites them all
	for _, p := range pages {
		if src, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(p))); err == nil && strings.Contains(string(src), `/pygments.css"`) {
			linking++
		}
	}
	b.Logf("%d pages, %d link /_static/pygments.css", len(pages), linking)
	benchLatencyOn(b, site, pages, linking, func(site string, pages []string, i int) (string, error) {
		src := orig
		if i%2 == 0 {
			src = append([]byte(`@import "bench-extra.css";`+"\n"), orig...)
		}
		return "", os.WriteFile(css, src, 0o644)
	})
}

// copyRealSite copies the first n pages of root (site paths in order) and every other file
// into dir, following symlinks (the package links some scripts to other packages' files):
// copies, never links, since the benchmark writes the site. It returns the pages' site paths.
func copyRealSite(b *testing.B, root, dir string, n int) []string {
	b.Helper()
	var pages, others []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if strings.HasSuffix(p, ".html") {
			pages = append(pages, rel)
		} else {
			others = append(others, rel)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	sort.Strings(pages)
	if len(pages) > n {
		pages = pages[:n]
	}
	var sitePaths []string
	for _, rel := range append(others, pages...) {
		src, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			if st, serr := os.Stat(filepath.Join(root, rel)); serr == nil && st.IsDir() {
				continue // a symlinked directory: no page links into it
			}
			b.Fatal(err)
		}
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(dst, src, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, rel := range pages {
		sitePaths = append(sitePaths, "/"+filepath.ToSlash(rel))
	}
	return sitePaths
}
