//go:build !linux

package atomicfile

import "os"

// createExcl is os.CreateTemp (create_linux.go opens the file with fewer system calls).
func createExcl(dir, pattern string) (*os.File, error) { return os.CreateTemp(dir, pattern) }

// rename is os.Rename.
func rename(oldname, newname string) error { return os.Rename(oldname, newname) }

// startWriteback does nothing (see create_linux.go).
func startWriteback(*os.File) {}
