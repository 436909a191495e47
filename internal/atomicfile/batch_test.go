package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestBatchRenamesOnlyOnFlush(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.html")
	if err := os.WriteFile(a, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	var b Batch
	if err := b.Stage(a, []byte("new"), 0o640); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(a); string(got) != "old" {
		t.Fatalf("target changed before Flush: %q", got)
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(a)
	st, _ := os.Stat(a)
	if string(got) != "new" || st.Mode().Perm() != 0o640 {
		t.Fatalf("after Flush: %q %v", got, st.Mode())
	}
	left, _ := Clean(dir)
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestBatchFlushesWhenFull(t *testing.T) {
	dir := t.TempDir()
	b := Batch{MaxFiles: 2}
	for _, n := range []string{"x", "y"} {
		if err := b.Stage(filepath.Join(dir, n), []byte(n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"x", "y"} {
		if got, err := os.ReadFile(filepath.Join(dir, n)); err != nil || string(got) != n {
			t.Errorf("%s not written by the automatic flush: %q %v", n, got, err)
		}
	}
}

func TestBatchReportsFailedRenames(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "d")
	if err := os.MkdirAll(filepath.Join(target, "child"), 0o755); err != nil {
		t.Fatal(err)
	}
	var failed []string
	b := Batch{OnError: func(name string, err error) { failed = append(failed, name) }}
	if err := b.Stage(target, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	ok := filepath.Join(dir, "ok")
	if err := b.Stage(ok, []byte("ok"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || failed[0] != target {
		t.Errorf("failed = %v, want [%s]", failed, target)
	}
	if got, _ := os.ReadFile(ok); string(got) != "ok" {
		t.Errorf("the other file was not written")
	}
	if left, _ := Clean(dir); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
