package atomicfile

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// syncDirs makes the renames in dirs durable with one syncfs(2) per filesystem.
func syncDirs(dirs []string) error {
	synced := map[uint64]bool{}
	for _, dir := range dirs {
		d, err := os.Open(dir)
		if err != nil {
			return syncDirsEach(dirs)
		}
		var st unix.Stat_t
		err = unix.Fstat(int(d.Fd()), &st)
		if err == nil && !synced[uint64(st.Dev)] {
			err = unix.Syncfs(int(d.Fd()))
			synced[uint64(st.Dev)] = true
		}
		d.Close()
		if err != nil {
			return syncDirsEach(dirs)
		}
	}
	return nil
}

// syncFiles makes the staged files durable with one syncfs(2) per filesystem involved
// (one directory's descriptor names its filesystem); it falls back to fsync per file.
func syncFiles(batch []staged) error {
	done := map[string]bool{}
	synced := map[uint64]bool{}
	for _, s := range batch {
		dir := filepath.Dir(s.tmp)
		if done[dir] {
			continue
		}
		d, err := os.Open(dir)
		if err != nil {
			return fsyncEach(batch)
		}
		var st unix.Stat_t
		if err := unix.Fstat(int(d.Fd()), &st); err != nil {
			d.Close()
			return fsyncEach(batch)
		}
		if !synced[uint64(st.Dev)] {
			if err := unix.Syncfs(int(d.Fd())); err != nil {
				d.Close()
				return fsyncEach(batch)
			}
			synced[uint64(st.Dev)] = true
		}
		d.Close()
		done[dir] = true
	}
	return nil
}
