//go:build linux

// Package mounttest makes real filesystem faults for tests: a small tmpfs that can be filled
// up (ENOSPC) and a bind mount that can be turned read-only while a test runs (EROFS).
// Mounting needs root. Without it, or when a mount fails, the test is skipped, except when
// the environment variable CI is set: there it fails, so the fault tests cannot go quietly
// missing.
package mounttest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/preloadgen/preloadgen/internal/testenv"
)

// Skip skips the test, or fails it when CI is set.
func Skip(t testing.TB, format string, args ...any) {
	t.Helper()
	testenv.Missing(t, format, args...)
}

// Root skips the test (or fails it under CI) unless it runs as root, before it spends time
// on a fixture it could not use.
func Root(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		Skip(t, "mounting needs root")
	}
}

// Tmpfs mounts a tmpfs of size bytes on a fresh directory and returns it; it is unmounted
// when the test ends.
func Tmpfs(t testing.TB, size int64) string {
	t.Helper()
	Root(t)
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d,mode=0755", size)); err != nil {
		Skip(t, "mount -t tmpfs %s: %v", dir, err)
	}
	t.Cleanup(func() { unmount(t, dir) })
	return dir
}

// Bind mounts dir over itself, so that Remount can make it read-only alone; it is
// unmounted when the test ends.
func Bind(t testing.TB, dir string) {
	t.Helper()
	Root(t)
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		Skip(t, "mount --bind %s: %v", dir, err)
	}
	t.Cleanup(func() { unmount(t, dir) })
}

// Remount makes a bind mount read-only, or writable again.
func Remount(dir string, readOnly bool) error {
	flags := uintptr(syscall.MS_REMOUNT | syscall.MS_BIND)
	if readOnly {
		flags |= syscall.MS_RDONLY
	}
	if err := syscall.Mount("", dir, "", flags, ""); err != nil {
		return fmt.Errorf("remount %s: %w", dir, err)
	}
	return nil
}

func unmount(t testing.TB, dir string) {
	if err := syscall.Unmount(dir, 0); err != nil {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	}
}

// Fill writes the file name so that its filesystem keeps only about leave bytes free; with
// leave 0 it writes until the filesystem is full.
func Fill(t testing.TB, name string, leave int64) {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(name), &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * st.Bsize
	n := free - leave
	if leave == 0 {
		n = free + 1<<20 // until ENOSPC
	}
	if n <= 0 {
		t.Fatalf("fill: only %d bytes free, want to leave %d", free, leave)
	}
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	buf := bytes.Repeat([]byte{'x'}, 64<<10)
	for n > 0 {
		k, err := f.Write(buf[:min(n, int64(len(buf)))])
		n -= int64(k)
		if err != nil {
			if leave == 0 && errors.Is(err, syscall.ENOSPC) {
				break
			}
			t.Fatalf("fill: %v", err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
