//go:build !unix

package atomicfile

import "io/fs"

func sysStamp(fs.FileInfo) (uint64, int64) { return 0, 0 }
