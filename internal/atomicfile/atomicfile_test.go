package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteKeepsModeAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "index.html")
	if err := os.WriteFile(p, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("new"), 0o640); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	st, _ := os.Stat(p)
	if string(b) != "new" || st.Mode().Perm() != 0o640 {
		t.Fatalf("got %q mode %v", b, st.Mode())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("leftover files: %v", ents)
	}
}

func TestWriteFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.html")
	os.WriteFile(p, []byte("old"), 0o644)
	err := WriteFrom(p, func(w io.Writer) error {
		w.Write([]byte("partial"))
		return errors.New("boom")
	}, 0o644)
	if err == nil {
		t.Fatal("want error")
	}
	b, _ := os.ReadFile(p)
	if string(b) != "old" {
		t.Fatalf("old content lost: %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("leftover files: %v", ents)
	}
}

func TestLinkAndClean(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.css")
	os.WriteFile(src, []byte("x"), 0o644)
	dst := filepath.Join(dir, "out.css")
	os.WriteFile(dst, []byte("stale"), 0o644)
	if err := Link(src, dst); err != nil {
		t.Fatal(err)
	}
	a, _ := os.Stat(src)
	b, _ := os.Stat(dst)
	if !os.SameFile(a, b) {
		t.Fatal("not linked")
	}
	stray := filepath.Join(dir, ".index.html.123"+TempSuffix)
	os.WriteFile(stray, []byte("half"), 0o600)
	removed, err := Clean(dir)
	if err != nil || len(removed) != 1 || removed[0] != stray {
		t.Fatalf("Clean = %v, %v", removed, err)
	}
	if IsTemp("index.html") || !IsTemp(".index.html.9"+TempSuffix) {
		t.Fatal("IsTemp")
	}
}

func TestSymlinkReplaces(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "logo.svg")
	for _, target := range []string{"a.svg", "b.svg"} { // over a file, then over a link
		if target == "a.svg" {
			os.WriteFile(dst, []byte("file"), 0o644)
		}
		if err := Symlink(target, dst); err != nil {
			t.Fatal(err)
		}
		if got, err := os.Readlink(dst); err != nil || got != target {
			t.Fatalf("Readlink = %q, %v; want %q", got, err, target)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("leftover files: %v", ents)
	}
	if err := Symlink("x", filepath.Join(dir, "missing", "y")); err == nil || strings.Contains(err.Error(), TempSuffix) {
		t.Fatalf("error %v: want one naming the target, not the temporary file", err)
	}
}
