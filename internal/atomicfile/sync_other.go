//go:build !linux

package atomicfile

func syncFiles(batch []staged) error { return fsyncEach(batch) }

func syncDirs(dirs []string) error { return syncDirsEach(dirs) }
