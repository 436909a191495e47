package atomicfile

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// syncfsEach runs syncfs(2) once per filesystem that holds one of dirs. A directory's
// filesystem is found with one stat; only the first directory of each is opened.
func syncfsEach(dirs []string) error {
	synced := map[uint64]bool{}
	for _, dir := range dirs {
		var st unix.Stat_t
		if err := unix.Stat(dir, &st); err != nil {
			return err
		}
		if synced[uint64(st.Dev)] {
			continue
		}
		d, err := os.Open(dir)
		if err != nil {
			return err
		}
		err = unix.Syncfs(int(d.Fd()))
		d.Close()
		if err != nil {
			return err
		}
		synced[uint64(st.Dev)] = true
	}
	return nil
}

// smallBatch is the size under which fsync per file beats syncfs: syncfs also waits for
// every other program's dirty data on the filesystem, which costs a one-page rebuild in
// watch tens of milliseconds on a busy machine.
const smallBatch = 16

// syncDirs makes the renames in dirs durable with one syncfs(2) per filesystem; it falls
// back to an fsync per directory.
func syncDirs(dirs []string) error {
	if len(dirs) < smallBatch {
		return syncDirsEach(dirs)
	}
	if syncfsEach(dirs) != nil {
		return syncDirsEach(dirs)
	}
	return nil
}

// syncFiles makes the staged files durable with one syncfs(2) per filesystem involved
// (a file's directory names its filesystem); it falls back to fsync per file.
func syncFiles(batch []staged) error {
	if len(batch) < smallBatch {
		return fsyncEach(batch)
	}
	seen := map[string]bool{}
	var dirs []string
	for _, s := range batch {
		if dir := filepath.Dir(s.tmp); !seen[dir] {
			seen[dir] = true
			dirs = append(dirs, dir)
		}
	}
	if syncfsEach(dirs) != nil {
		return fsyncEach(batch)
	}
	return nil
}
