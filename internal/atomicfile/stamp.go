package atomicfile

import (
	"io/fs"
	"time"
)

// Stamp identifies one version of a file: it changes when the file is written, truncated
// or replaced. Take it before reading the bytes; a write after that changes the stamp even
// when the read saw the new bytes, so a comparison errs only towards "changed".
type Stamp struct {
	Size    int64
	ModTime time.Time
	Ino     uint64 // where the platform has inode numbers
	Ctime   int64  // status change time, ns, where the platform has it
}

// StampOf returns fi's stamp.
func StampOf(fi fs.FileInfo) Stamp {
	s := Stamp{Size: fi.Size(), ModTime: fi.ModTime()}
	s.Ino, s.Ctime = sysStamp(fi)
	return s
}
