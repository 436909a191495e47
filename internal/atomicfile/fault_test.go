//go:build linux

package atomicfile_test

// A write that runs out of space (a real full tmpfs, not a mock) must leave the target as
// it was, report the target (not the temporary file) with the cause, and leave no
// temporary file behind.

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/preloadgen/preloadgen/internal/atomicfile"
	"github.com/preloadgen/preloadgen/internal/mounttest"
)

func TestFaultFullDiskKeepsTargets(t *testing.T) {
	mnt := mounttest.Tmpfs(t, 256<<10)
	dir := filepath.Join(mnt, "site")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	old := []byte("<!doctype html><p>old")
	names := []string{"batch.html", "write.html"}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), old, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mounttest.Fill(t, filepath.Join(mnt, "filler"), 0)
	data := bytes.Repeat([]byte("new "), 16<<10)

	check := func(what, name string, err error) {
		t.Helper()
		if !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("%s on a full disk: %v, want ENOSPC", what, err)
		}
		if !strings.Contains(err.Error(), name) || strings.Contains(err.Error(), atomicfile.TempSuffix) {
			t.Errorf("%s: %q does not name the target (only)", what, err)
		}
		if b, _ := os.ReadFile(name); !bytes.Equal(b, old) {
			t.Errorf("%s: target now holds %d bytes, want the old %d", what, len(b), len(old))
		}
	}
	var b atomicfile.Batch
	var flushed []string
	b.OnError = func(name string, err error) { flushed = append(flushed, name+": "+err.Error()) }
	target := filepath.Join(dir, "batch.html")
	err := b.Stage(target, data, 0o644)
	if ferr := b.Flush(); ferr != nil {
		t.Fatal(ferr)
	}
	check("Batch.Stage", target, err)
	if len(flushed) > 0 {
		t.Errorf("a failed stage reached the rename: %q", flushed)
	}
	target = filepath.Join(dir, "write.html")
	check("WriteFrom", target, atomicfile.WriteFrom(target, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, 0o644))
	if left, _ := filepath.Glob(filepath.Join(dir, ".*"+atomicfile.TempSuffix)); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}
}
