package audit

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/sitefs"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const mistakes = "../fixtures/mistakes"

// analyzeSite analyses every page of dir as preloadgen.Analyze does (the graph over the
// site's files), without the root package, which this package's tests do not need.
func analyzeSite(t *testing.T, dir string, g graph.Options) (pages []*graph.Page, srcs [][]byte) {
	t.Helper()
	fsys := os.DirFS(dir)
	s := sitefs.New(fsys, nil)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		pg, err := graph.Analyze(context.Background(), s, "/"+p, src, g)
		if err != nil {
			return err
		}
		pages, srcs = append(pages, pg), append(srcs, src)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages, srcs
}

// auditSite analyses dir and audits every page, as the CLI does.
func auditSite(t *testing.T, dir string, o Options) *Result {
	t.Helper()
	o.FS = os.DirFS(dir)
	a, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	pages, srcs := analyzeSite(t, dir, o.Graph)
	var all []Finding
	for i, p := range pages {
		fs, err := a.Page(context.Background(), p, srcs[i])
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, fs...)
	}
	return Summarize(all, len(pages))
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it); got:\n%s", file, got)
	}
}

func TestMistakesGolden(t *testing.T) {
	res := auditSite(t, mistakes, Options{})
	var b bytes.Buffer
	if err := WriteText(&b, res, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "mistakes.txt", b.Bytes())
}

// The other fixtures are sites without mistakes: the audit finds nothing there.
func TestOtherFixtures(t *testing.T) {
	for _, site := range []string{"blog", "app", "gallery"} {
		res := auditSite(t, "../fixtures/"+site, Options{})
		if len(res.Findings) > 0 {
			var b bytes.Buffer
			WriteText(&b, res, TextOptions{})
			t.Errorf("%s:\n%s", site, b.String())
		}
	}
}

// TestFix repairs every page of the mistakes fixture and compares the result with
// testdata/fixed byte for byte; a second repair changes nothing.
func TestFix(t *testing.T) {
	dir := mistakes
	a, err := New(Options{FS: os.DirFS(dir)})
	if err != nil {
		t.Fatal(err)
	}
	pages, srcs := analyzeSite(t, dir, graph.Options{})
	var log bytes.Buffer
	for i, p := range pages {
		r, err := a.Fix(context.Background(), p, srcs[i])
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(p.Path, "/")
		if len(r.Changes) == 0 {
			if !bytes.Equal(r.Src, srcs[i]) {
				t.Errorf("%s: bytes changed without a change listed", name)
			}
			continue
		}
		for _, c := range r.Changes {
			fmt.Fprintf(&log, "%s:%s\n", name, c)
		}
		golden(t, filepath.Join("fixed", strings.ReplaceAll(name, "/", "_")), r.Src)
		again, err := a.Fix(context.Background(), r.Page, r.Src)
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Changes) > 0 || !bytes.Equal(again.Src, r.Src) {
			t.Errorf("%s: a second run changes %v", name, again.Changes)
		}
	}
	golden(t, "fixed/changes.txt", log.Bytes())
}
