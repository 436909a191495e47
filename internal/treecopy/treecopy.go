// Package treecopy copies a directory tree for a test to modify (a fixture site, a
// generated one). Only directories and regular files' bytes are copied; files get mode 0644.
package treecopy

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Copy copies the tree at src into dst, failing the test on any error.
func Copy(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
