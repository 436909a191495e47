//go:build !linux

package preloadgen

import (
	"io/fs"
	"os"
)

// openPage is os.DirFS(dir).Open(name) (build_open_linux.go opens a page with fewer
// system calls).
func openPage(dir, name string) (fs.File, error) { return os.DirFS(dir).Open(name) }
