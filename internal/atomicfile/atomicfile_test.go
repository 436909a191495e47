package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fsnotify/fsnotify"
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

// TestLinkMakesNoTemporaryFile: a hard link or symlink to a new name is made at that name,
// and one over an existing name goes through a temporary name, never through a temporary
// file created and removed (each such file frees an inode, which on ext4 without a journal
// slows every later allocation in its group for a while).
func TestLinkMakesNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.css")
	if err := os.WriteFile(src, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Add(dir); err != nil {
		t.Fatal(err)
	}
	steps := []func() error{
		func() error { return Link(src, filepath.Join(dir, "new.css")) },
		func() error { return Symlink("src.css", filepath.Join(dir, "new.svg")) },
		func() error { return Link(src, filepath.Join(dir, "new.svg")) }, // over the symlink
		func() error { return Symlink("new.css", filepath.Join(dir, "new.css")) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "end"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		ev := <-w.Events
		if filepath.Base(ev.Name) == "end" {
			break
		}
		name := filepath.Base(ev.Name)
		if IsTemp(name) {
			name = "TEMP"
		}
		got = append(got, ev.Op.String()+" "+name)
	}
	want := []string{
		"CREATE new.css", "CREATE new.svg",
		"CREATE TEMP", "RENAME TEMP", "CREATE new.svg",
		"CREATE TEMP", "RENAME TEMP", "CREATE new.css",
	}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("events:\n got %q\nwant %q", got, want)
	}
	if got, err := os.Readlink(filepath.Join(dir, "new.css")); err != nil || got != "new.css" {
		t.Errorf("new.css: Readlink = %q, %v", got, err)
	}
	a, _ := os.Stat(src)
	if b, err := os.Lstat(filepath.Join(dir, "new.svg")); err != nil || !os.SameFile(a, b) {
		t.Errorf("new.svg is not a link to src.css: %v", err)
	}
}
