//go:build unix

package atomicfile

import (
	"io/fs"
	"syscall"
)

func sysStamp(fi fs.FileInfo) (ino uint64, ctime int64) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0
	}
	return uint64(st.Ino), ctimeNs(st)
}
