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

// StageIf replaces a target only if it is still the version that was read: a writer that
// changed, truncated, replaced or removed it in between keeps its bytes.
func TestBatchCompareAndSwap(t *testing.T) {
	tests := []struct {
		name    string
		between func(t *testing.T, p string) // what another program does after the read
		want    string                       // the target's bytes after Flush ("" = absent)
		err     error
	}{
		{"untouched", func(*testing.T, string) {}, "new", nil},
		{"appended", func(t *testing.T, p string) {
			f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString(" and more")
			f.Close()
		}, "old page and more", ErrChanged},
		{"truncated and half rewritten", func(t *testing.T, p string) {
			os.WriteFile(p, []byte("old"), 0o644)
		}, "old", ErrChanged},
		{"same size, rewritten", func(t *testing.T, p string) {
			os.WriteFile(p, []byte("NEW PAGE"), 0o644)
		}, "NEW PAGE", ErrChanged},
		{"replaced by rename", func(t *testing.T, p string) {
			tmp := p + ".x"
			os.WriteFile(tmp, []byte("old page"), 0o644)
			os.Rename(tmp, p)
		}, "old page", ErrChanged},
		{"removed", func(t *testing.T, p string) { os.Remove(p) }, "", ErrChanged},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "a.html")
			os.WriteFile(p, []byte("old page"), 0o644)
			st, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			var got []error
			b := Batch{OnError: func(name string, err error) { got = append(got, err) }}
			if err := b.StageIf(p, []byte("new"), 0o644, StampOf(st), []byte("old page")); err != nil {
				t.Fatal(err)
			}
			tc.between(t, p)
			if err := b.Flush(); err != nil {
				t.Fatal(err)
			}
			cur, err := os.ReadFile(p)
			if tc.want == "" {
				if err == nil {
					t.Errorf("removed target brought back: %q", cur)
				}
			} else if string(cur) != tc.want {
				t.Errorf("target = %q, want %q", cur, tc.want)
			}
			if tc.err == nil && len(got) > 0 || tc.err != nil && (len(got) != 1 || got[0] != tc.err) {
				t.Errorf("OnError got %v, want %v", got, tc.err)
			}
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(p), ".*"+TempSuffix)); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

func TestBatchHold(t *testing.T) {
	dir := t.TempDir()
	a, c := filepath.Join(dir, "a.html"), filepath.Join(dir, "c.html")
	os.WriteFile(a, []byte("old a"), 0o644)
	os.WriteFile(c, []byte("old c"), 0o644)
	var got []string
	b := Batch{
		Hold:    func(name string) bool { return name == a },
		OnError: func(name string, err error) { got = append(got, filepath.Base(name)+": "+err.Error()) },
	}
	b.Stage(a, []byte("new a"), 0o644)
	b.Stage(c, []byte("new c"), 0o644)
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	if cur, _ := os.ReadFile(a); string(cur) != "old a" {
		t.Errorf("held file replaced: %q", cur)
	}
	if cur, _ := os.ReadFile(c); string(cur) != "new c" {
		t.Errorf("other file not replaced: %q", cur)
	}
	if len(got) != 1 || got[0] != "a.html: "+ErrHeld.Error() {
		t.Errorf("OnError: %q", got)
	}
}

// On a coarse clock a same-size rewrite can keep every field of the stamp; a fresh file is
// then told apart by its bytes.
func TestBatchCompareFreshByContent(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.html")
	os.WriteFile(p, []byte("NEW PAGE"), 0o644)
	st, _ := os.Stat(p) // the stamp cannot tell: as if the rewrite fell in the read's tick
	var got []error
	b := Batch{OnError: func(_ string, err error) { got = append(got, err) }}
	b.StageIf(p, []byte("new"), 0o644, StampOf(st), []byte("old page"))
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	if cur, _ := os.ReadFile(p); string(cur) != "NEW PAGE" || len(got) != 1 || got[0] != ErrChanged {
		t.Errorf("target %q, errors %v; want the writer's bytes kept and ErrChanged", cur, got)
	}
}
