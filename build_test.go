package preloadgen_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/atomicfile"
	"github.com/preloadgen/preloadgen/internal/treecopy"
)

var updateBuild = flag.Bool("update", false, "rewrite the golden pages under testdata/build/")

// treeHashes maps each regular file under dir to its content hash.
func treeHashes(t testing.TB, dir string) map[string][32]byte {
	t.Helper()
	m := map[string][32]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return nil
	})
	return m
}

func build(t testing.TB, o preloadgen.BuildOptions) *preloadgen.BuildResult {
	t.Helper()
	res, err := preloadgen.Build(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) > 0 {
		t.Fatalf("failed pages: %v", res.Failed)
	}
	return res
}

// TestBuildGolden rewrites every fixture page with the real analysis and compares the
// result with testdata/build/<fixture>/<page>. Refresh with: go test -run TestBuildGolden -update
func TestBuildGolden(t *testing.T) {
	for _, site := range []string{"blog", "app", "gallery"} {
		t.Run(site, func(t *testing.T) {
			src := filepath.Join("fixtures", site)
			out := t.TempDir()
			res := build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: out})
			if res.Scanned == 0 {
				t.Fatal("no pages")
			}
			for _, p := range res.Pages {
				got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p.Page)))
				if err != nil {
					t.Fatal(err)
				}
				orig, _ := os.ReadFile(filepath.Join(src, filepath.FromSlash(p.Page)))
				if stripped := emit.Strip(got); !bytes.Equal(stripped, orig) {
					t.Errorf("%s: bytes outside the block changed", p.Page)
				}
				gp := filepath.Join("testdata", "build", site, filepath.FromSlash(p.Page))
				if *updateBuild {
					os.MkdirAll(filepath.Dir(gp), 0o755)
					if err := os.WriteFile(gp, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(gp)
				if err != nil {
					t.Fatalf("%v (run with -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from %s (run with -update if intended)", p.Page, gp)
				}
			}
			// A build over its own output changes nothing.
			again := build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: out}}})
			if again.Changed != 0 {
				t.Errorf("second build changed %d pages", again.Changed)
			}
		})
	}
}

func TestBuildOutLeavesSourceUntouched(t *testing.T) {
	src := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), src)
	before := treeHashes(t, src)
	out := filepath.Join(t.TempDir(), "out")
	res := build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: out})
	if res.Changed == 0 || res.HintsAdded == 0 {
		t.Fatalf("nothing written: %+v", res)
	}
	// And a second build into the same -out, and -check against it.
	if r := build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: out}); r.Changed != 0 {
		t.Fatalf("second -out build changed %d pages", r.Changed)
	}
	if r := build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: out, Check: true}); r.Changed != 0 {
		t.Fatalf("-check after build reports %d pages", r.Changed)
	}
	after := treeHashes(t, src)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatal("the source tree changed")
	}
	outHashes := treeHashes(t, out)
	rewritten := map[string]bool{}
	for _, p := range res.Pages {
		rewritten[strings.TrimPrefix(p.Page, "/")] = p.Rewritten
	}
	for name, h := range before {
		oh, ok := outHashes[name]
		if !ok {
			t.Errorf("%s missing from -out", name)
			continue
		}
		isPage := strings.HasSuffix(name, ".html")
		a, _ := os.Stat(filepath.Join(src, name))
		b, _ := os.Stat(filepath.Join(out, name))
		if isPage && os.SameFile(a, b) && rewritten[name] {
			t.Errorf("%s: rewritten page is a hard link to the source", name)
		}
		if !isPage && oh != h {
			t.Errorf("%s: asset differs in -out", name)
		}
		if !isPage && !os.SameFile(a, b) {
			t.Errorf("%s: asset not hard-linked on the same filesystem", name)
		}
	}
}

// TestBuildOutKeptPageLinked: a page the build leaves as it was is hard-linked into -out
// like an asset, a rewritten one is a file of its own, and a later build that rewrites the
// linked page replaces the link instead of writing through it into the site.
func TestBuildOutKeptPageLinked(t *testing.T) {
	src := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), src)
	plain := filepath.Join(src, "plain.html")
	if err := os.WriteFile(plain, []byte("<!doctype html><title>Plain</title><p>Nothing to load.</p>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A page written within the last second is not linked (its mtime may not have ticked).
	old := time.Now().Add(-time.Hour)
	filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chtimes(p, old, old)
		}
		return err
	})
	out := filepath.Join(t.TempDir(), "out")
	opts := preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: out}
	res := build(t, opts)
	byPage := map[string]preloadgen.PageBuild{}
	for _, p := range res.Pages {
		byPage[p.Page] = p
	}
	if p := byPage["/plain.html"]; p.Rewritten || !p.Changed {
		t.Fatalf("plain.html: %+v, want kept and copied", p)
	}
	if p := byPage["/index.html"]; !p.Rewritten {
		t.Fatalf("index.html: %+v, want rewritten", p)
	}
	same := func(name string) bool {
		a, aerr := os.Stat(filepath.Join(src, name))
		b, berr := os.Stat(filepath.Join(out, name))
		return aerr == nil && berr == nil && os.SameFile(a, b)
	}
	if !same("plain.html") {
		t.Error("the kept page is not a hard link to the site's page")
	}
	if same("index.html") {
		t.Error("the rewritten page is a hard link to the site's page")
	}
	// The site's page is rewritten in place (so the link in -out shows it) into one that
	// gets hints: the next build replaces the link and leaves the site's bytes alone.
	hinted, err := os.ReadFile(filepath.Join(src, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(plain, os.O_WRONLY|os.O_TRUNC, 0)
	if err == nil {
		_, err = f.Write(hinted)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	res = build(t, opts)
	for _, p := range res.Pages {
		if p.Page == "/plain.html" && !p.Rewritten {
			t.Fatalf("plain.html after the edit: %+v, want rewritten", p)
		}
	}
	if b, _ := os.ReadFile(plain); !bytes.Equal(b, hinted) {
		t.Error("the build wrote into the site's page through the link in -out")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "plain.html")); bytes.Equal(b, hinted) || same("plain.html") {
		t.Error("-out still holds the link, not the rewritten page")
	}
	if r := build(t, opts); r.Changed != 0 {
		t.Errorf("a third build changed %d pages", r.Changed)
	}
}

func TestBuildInPlaceStableMtimes(t *testing.T) {
	dir := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "app"), dir)
	os.Chmod(filepath.Join(dir, "index.html"), 0o600)
	first := build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}})
	if first.Changed == 0 {
		t.Fatal("first build changed nothing")
	}
	st, _ := os.Stat(filepath.Join(dir, "index.html"))
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode not kept: %v", st.Mode())
	}
	mtimes := map[string]time.Time{}
	for _, p := range first.Pages {
		st, _ := os.Stat(filepath.Join(dir, p.Page))
		mtimes[p.Page] = st.ModTime()
	}
	time.Sleep(10 * time.Millisecond)
	second := build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}})
	if second.Changed != 0 {
		t.Fatalf("second build changed %d pages", second.Changed)
	}
	for _, p := range second.Pages {
		st, _ := os.Stat(filepath.Join(dir, p.Page))
		if !st.ModTime().Equal(mtimes[p.Page]) {
			t.Errorf("%s rewritten by an idempotent build", p.Page)
		}
	}
}

func TestBuildSymlinkPageNotWritten(t *testing.T) {
	dir := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), dir)
	outside := filepath.Join(t.TempDir(), "outside.html")
	orig, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	os.WriteFile(outside, orig, 0o644)
	if err := os.Symlink(outside, filepath.Join(dir, "linked.html")); err != nil {
		t.Skip("no symlinks:", err)
	}
	res, err := preloadgen.Build(context.Background(), preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(outside); !bytes.Equal(b, orig) {
		t.Fatal("a file outside the site was written through a symlink")
	}
	found := false
	for _, d := range res.Diagnostics {
		found = found || strings.Contains(d.String(), "linked.html")
	}
	if !found {
		t.Errorf("symlinked page not reported: %v", res.Diagnostics)
	}
}

func TestBuildPartialFailure(t *testing.T) {
	src := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), src)
	out := t.TempDir()
	// A file where -out needs the about/ directory: that page fails, the others go on.
	os.WriteFile(filepath.Join(out, "about"), []byte("in the way"), 0o644)
	res, err := preloadgen.Build(context.Background(), preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	var pages []string
	for _, f := range res.Failed {
		pages = append(pages, "/"+f.File)
	}
	if len(res.Failed) == 0 || !strings.Contains(strings.Join(pages, " "), "/about") {
		t.Fatalf("want a failure for about/, got %v", res.Failed)
	}
	if _, err := os.Stat(filepath.Join(out, "posts", "typography", "index.html")); err != nil {
		t.Fatalf("other pages not written: %v", err)
	}
}

func TestBuildRejectsBadDirs(t *testing.T) {
	dir := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), dir)
	for name, o := range map[string]preloadgen.BuildOptions{
		"out is site":         {Out: dir},
		"site inside out":     {Out: filepath.Dir(dir)},
		"config inside site":  {ConfigDir: filepath.Join(dir, "cfg")},
		"config is site":      {ConfigDir: dir},
		"config inside out":   {Out: filepath.Join(t.TempDir(), "o"), ConfigDir: filepath.Join(dir, "x")},
		"config is out child": {},
	} {
		if name == "config is out child" {
			o2 := t.TempDir()
			o = preloadgen.BuildOptions{Out: o2, ConfigDir: filepath.Join(o2, "preloadgen-config")}
		}
		o.Source.Dir = dir
		if _, err := preloadgen.Build(context.Background(), o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestBuildOutInsideSiteIsSkipped(t *testing.T) {
	dir := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), dir)
	out := filepath.Join(dir, "dist")
	res := build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}, Out: out})
	for _, p := range res.Pages {
		if strings.HasPrefix(p.Page, "/dist/") {
			t.Fatalf("the output dir was walked: %s", p.Page)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "dist")); err == nil {
		t.Fatal("the output dir was copied into itself")
	}
	if r := build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}, Out: out}); r.Scanned != res.Scanned || r.Changed != 0 {
		t.Fatalf("second build: %d scanned, %d changed", r.Scanned, r.Changed)
	}
}

func TestBuildCleansStaleTemps(t *testing.T) {
	dir := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), dir)
	stray := filepath.Join(dir, "posts", ".index.html.42"+atomicfile.TempSuffix)
	os.WriteFile(stray, []byte("<html>half"), 0o600)
	// A killed in-place build's _headers temp in the site, and a killed -out build's in -out:
	// the -out build removes its own and copies neither.
	headersTemp := filepath.Join(dir, "._headers.7"+atomicfile.TempSuffix)
	os.WriteFile(headersTemp, []byte("/*\n  Link: half"), 0o600)
	out := filepath.Join(t.TempDir(), "out")
	outStray := filepath.Join(out, "about", ".index.html.9"+atomicfile.TempSuffix)
	os.MkdirAll(filepath.Dir(outStray), 0o755)
	os.WriteFile(outStray, []byte("<html>half"), 0o600)
	build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}, Out: out, ConfigDir: filepath.Join(t.TempDir(), "cfg")})
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && atomicfile.IsTemp(d.Name()) {
			t.Errorf("temporary file in -out: %s", p)
		}
		return nil
	})
	if _, err := os.Stat(filepath.Join(out, "_headers")); err != nil {
		t.Errorf("-out has no _headers: %v", err)
	}
	build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}})
	for _, p := range []string{stray, headersTemp} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("stale temp file left: %s", p)
		}
	}
}

var _ = exec.Command

// A long page (read in two parts) with upper-case markup keeps every byte but the block:
// the build must not write back what a parser normalised.
func TestBuildPreservesLongPageBytes(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><HTML><HEAD><META charset="utf-8"><TITLE>Old</TITLE><LINK REL="stylesheet" HREF="/a.css"></HEAD><BODY>` + "\n")
	for i := 0; b.Len() < 200<<10; i++ {
		fmt.Fprintf(&b, "<DIV CLASS=\"Para\" onClick=\"go(%d)\"><P>Paragraph %d, upper-case markup as old editors write it.</P></DIV >\n", i, i)
	}
	b.WriteString(`<IMG SRC="/x.png" ALT="X"></BODY></HTML>`)
	page := []byte(b.String())
	files := map[string]string{"index.html": string(page), "a.css": `@import "b.css";`, "b.css": "body{color:red}", "x.png": "x"}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}, ConfigDir: t.TempDir()})
	if res.Changed != 1 {
		t.Fatalf("changed %d pages, want 1 (the /b.css hint)", res.Changed)
	}
	got, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(emit.Strip(got), page) {
		t.Fatal("the page without its hint block differs from the original")
	}
}

// build -check -out into a directory that does not exist yet looks for the hinted files in
// the site, not in the missing copy: no false "not in the built output" warnings, and the
// configs it would write carry every header hint, exactly those a real build writes.
func TestBuildCheckOutNewDir(t *testing.T) {
	site := filepath.Join("fixtures", "blog")
	root := t.TempDir()
	out, cfg := filepath.Join(root, "new-out"), filepath.Join(root, "cfg")
	o := preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}, Out: out, ConfigDir: cfg, Emit: []emit.Format{emit.FormatJSON}, Check: true}
	res := build(t, o)
	for _, w := range res.Diagnostics {
		t.Errorf("check warned: %s", w)
	}
	if res.Configs == nil || len(res.Configs.Changed) != 1 {
		t.Fatalf("check: configs that would change = %+v, want the manifest", res.Configs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("-check created the -out directory")
	}
	o.Check = false
	res = build(t, o)
	if len(res.Diagnostics) > 0 {
		t.Errorf("build warned: %q", res.Diagnostics)
	}
	manifest, err := os.ReadFile(filepath.Join(cfg, "preloadgen-manifest.json"))
	if err != nil || !bytes.Contains(manifest, []byte("/css/base.css")) {
		t.Fatalf("manifest lacks the header hints (%v): %s", err, manifest)
	}
	// The manifest the check would have written is the one the build wrote: checking a
	// fresh -out against it finds nothing to change.
	o.Check, o.Out = true, filepath.Join(root, "another-new-out")
	if res = build(t, o); len(res.Configs.Changed) != 0 || len(res.Diagnostics) != 0 {
		t.Errorf("check into another new dir: configs changed %v, warnings %q", res.Configs.Changed, res.Diagnostics)
	}
}

// A directory of the output tree that is a symlink out of it is never written through, for
// any of the pages under it (the writer remembers the directories it has checked).
func TestBuildOutSymlinkDirNotWritten(t *testing.T) {
	src := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), src)
	out, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(out, "posts")); err != nil {
		t.Skip("no symlinks:", err)
	}
	res, err := preloadgen.Build(context.Background(), preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	var wrote []string
	filepath.WalkDir(outside, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			wrote = append(wrote, p)
		}
		return nil
	})
	if len(wrote) > 0 {
		t.Errorf("written through the symlinked directory: %v", wrote)
	}
	var failed []string
	for _, f := range res.Failed {
		failed = append(failed, f.File)
	}
	want := 0
	filepath.WalkDir(filepath.Join(src, "posts"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			want++
		}
		return nil
	})
	n := 0
	for _, f := range failed {
		if strings.HasPrefix(filepath.ToSlash(f), "posts/") {
			n++
		}
	}
	if want < 2 || n != want {
		t.Errorf("%d of the %d pages under posts/ reported as not written: %v", n, want, failed)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("the pages outside posts/ were not written: %v", err)
	}
}

// TestBuildOutSymlinkedComponentRefused: a page is refused when any directory on its path
// in -out is a symlink leading outside, at whatever depth, whether the directories below
// the link exist already (outside) or not; the pages beside those directories are written.
func TestBuildOutSymlinkedComponentRefused(t *testing.T) {
	page := "<!doctype html><html><head><title>P</title><link rel=stylesheet href=/s.css></head><body><p>Text.</p></body></html>\n"
	for _, tc := range []struct {
		name    string
		link    string   // slash path of the symlink in -out
		made    []string // directories made beforehand in the outside dir
		refused []string // pages that must not be written
	}{
		{name: "top", link: "a", refused: []string{"a/b/c/index.html", "a/b/index.html", "a/index.html"}},
		{name: "top, subdirs outside", link: "a", made: []string{"b/c"}, refused: []string{"a/b/c/index.html", "a/b/index.html", "a/index.html"}},
		{name: "middle", link: "a/b", refused: []string{"a/b/c/index.html", "a/b/index.html"}},
		{name: "middle, subdirs outside", link: "a/b", made: []string{"c"}, refused: []string{"a/b/c/index.html", "a/b/index.html"}},
		{name: "deep", link: "a/b/c", refused: []string{"a/b/c/index.html"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, outside := t.TempDir(), t.TempDir()
			pages := []string{"index.html", "x/index.html", "a/index.html", "a/b/index.html", "a/b/c/index.html"}
			for _, p := range append(pages, "s.css") {
				f := filepath.Join(src, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
					t.Fatal(err)
				}
				b := page
				if p == "s.css" {
					b = "p{color:red}"
				}
				if err := os.WriteFile(f, []byte(b), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, d := range tc.made {
				if err := os.MkdirAll(filepath.Join(outside, filepath.FromSlash(d)), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			root := filepath.Join(t.TempDir(), "out")
			o := preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: root}
			l := filepath.Join(root, filepath.FromSlash(tc.link))
			if err := os.MkdirAll(filepath.Dir(l), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, l); err != nil {
				t.Skip("no symlinks:", err)
			}
			before := treeHashes(t, outside)
			res, err := preloadgen.Build(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			if after := treeHashes(t, outside); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("written through the symlink %s: %v, was %v", tc.link, after, before)
			}
			var failed []string
			for _, f := range res.Failed {
				failed = append(failed, filepath.ToSlash(f.File))
			}
			if fmt.Sprint(failed) != fmt.Sprint(tc.refused) {
				t.Errorf("pages not written: %q, want %q", failed, tc.refused)
			}
			for _, p := range pages {
				if slices.Contains(tc.refused, p) {
					continue
				}
				b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
				if err != nil || len(b) == 0 {
					t.Errorf("%s not written: %v", p, err)
				}
			}
		})
	}
}

// TestBuildOutSiteThroughSymlink: a site given as a symlink to its directory is copied
// whole into -out, assets included, not just its pages.
func TestBuildOutSiteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), real)
	link := filepath.Join(dir, "site")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: link}}, Out: out})
	want, got := treeHashes(t, real), treeHashes(t, out)
	assets := 0
	for name := range want {
		if strings.HasSuffix(name, ".html") {
			continue
		}
		assets++
		if _, ok := got[name]; !ok {
			t.Errorf("%s missing from -out", name)
		}
	}
	if assets == 0 {
		t.Fatal("the fixture has no assets")
	}
}

// TestBuildResultSharesEqualHints: pages with equal hint lists share one copy in the
// result (a build keeps every page's list until the end), and each list is still the
// page's own analysis.
func TestBuildResultSharesEqualHints(t *testing.T) {
	src := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), src)
	page, err := os.ReadFile(filepath.Join(src, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.html", "b.html", "c.html"} {
		if err := os.WriteFile(filepath.Join(src, name), page, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: filepath.Join(t.TempDir(), "out")})
	alone, err := preloadgen.Analyze(context.Background(), preloadgen.Options{Source: preloadgen.Source{Dir: src}})
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string][]graph.Hint{}
	for _, p := range res.Analysis.Pages {
		byPath[p.Path] = p.Hints
	}
	for _, p := range alone.Pages {
		if !reflect.DeepEqual(byPath[p.Path], p.Hints) {
			t.Errorf("%s: hints %v, alone %v", p.Path, byPath[p.Path], p.Hints)
		}
	}
	first := byPath["/index.html"]
	if len(first) == 0 {
		t.Fatal("the page has no hints")
	}
	for _, name := range []string{"/a.html", "/b.html", "/c.html"} {
		if &byPath[name][0] != &first[0] {
			t.Errorf("%s: its hints are a copy of /index.html's, not shared", name)
		}
	}
	for _, pb := range res.Pages {
		if !reflect.DeepEqual(pb.Hints, byPath[pb.Page]) {
			t.Errorf("%s: the page's build lists other hints than its analysis", pb.Page)
		}
	}
}
