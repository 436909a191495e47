//go:build unix

package watch

import (
	"io/fs"
	"syscall"
)

// hardLinked reports whether a file has more than one name: created by link(), it arrived
// whole, and no close-write event will follow.
func hardLinked(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && st.Nlink > 1
}
