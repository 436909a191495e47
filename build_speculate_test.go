package preloadgen_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/internal/treecopy"
	"github.com/preloadgen/preloadgen/speculate"
)

// golden compares got with testdata/speculation/name (rewritten with -update).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	gp := filepath.Join("testdata", "speculation", filepath.FromSlash(name))
	if *updateBuild {
		os.MkdirAll(filepath.Dir(gp), 0o755)
		if err := os.WriteFile(gp, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(gp)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run with -update if intended):\n%s", name, gp, got)
	}
}

// TestSpeculationGolden builds the blog fixture with inline prefetch rules and with a
// prerender rules file, and compares the home page and the file with the golden ones.
// Refresh with: go test -run TestSpeculationGolden -update
func TestSpeculationGolden(t *testing.T) {
	src := filepath.Join("fixtures", "blog")
	for _, tc := range []struct {
		name string
		o    speculate.Options
	}{
		{"inline", speculate.Options{Mode: speculate.Prefetch}},
		{"header", speculate.Options{Mode: speculate.Prerender, Via: speculate.ViaHeader, Exclude: []string{"/about/**"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			o := preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: out, Speculation: tc.o}
			res := build(t, o)
			if res.Speculation == nil {
				t.Fatal("no speculation result")
			}
			home, err := os.ReadFile(filepath.Join(out, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			orig, _ := os.ReadFile(filepath.Join(src, "index.html"))
			if !bytes.Equal(emit.Strip(home), orig) {
				t.Errorf("bytes outside the block changed")
			}
			golden(t, "blog-"+tc.name+"/index.html", home)
			if tc.o.Via == speculate.ViaHeader {
				if strings.Contains(string(home), "speculationrules") {
					t.Errorf("header delivery put rules into the page")
				}
				file, err := os.ReadFile(filepath.Join(out, speculate.FileName))
				if err != nil {
					t.Fatal(err)
				}
				golden(t, "blog-header/"+speculate.FileName, file)
				if res.Speculation.Header != `"/speculationrules.json"` || !res.Speculation.FileChanged {
					t.Errorf("result: %+v", res.Speculation)
				}
			} else if res.Speculation.Pages == 0 {
				t.Errorf("no page got inline rules")
			}
			// A second build over the output changes nothing, the rules file included.
			o.Source.Dir, o.Out = out, ""
			again := build(t, o)
			if again.Changed != 0 || again.Speculation.FileChanged {
				t.Errorf("second build changed %d pages (rules file changed: %v)", again.Changed, again.Speculation.FileChanged)
			}
		})
	}
}

// TestSpeculationOwnRulesAndCSP: a page with rules of its own is left as it is; a page whose
// CSP forbids inline rules gets none and a warning naming the hash, and gets them once its
// policy lists that hash.
func TestSpeculationOwnRulesAndCSP(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	own := `<!doctype html><html><head><title>own</title><script type="speculationrules">{"prefetch":[{"source":"list","urls":["/b/"]}]}</script></head><body><a href="/b/">b</a></body></html>`
	write("index.html", own)
	csp := func(extra string) string {
		return `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="script-src 'self'` + extra + `"><title>csp</title></head><body><a href="/">home</a></body></html>`
	}
	write("b/index.html", csp(""))
	o := preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}, Speculation: speculate.Options{Mode: speculate.Prefetch}}
	res := build(t, o)
	if got, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(got) != own {
		t.Errorf("the page with its own rules changed:\n%s", got)
	}
	if len(res.Speculation.OwnRules) != 1 || res.Speculation.OwnRules[0] != "/index.html" {
		t.Errorf("own rules: %v", res.Speculation.OwnRules)
	}
	var hash string
	for _, d := range res.Diagnostics {
		if s := d.Error(); d.File == "b/index.html" && strings.Contains(s, "its hash is ") {
			hash = s[strings.Index(s, "its hash is ")+len("its hash is "):]
		}
	}
	if hash == "" {
		t.Fatalf("no warning with the hash: %v", res.Diagnostics)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "b", "index.html")); strings.Contains(string(got), "speculationrules") {
		t.Errorf("rules the policy forbids were written")
	}
	write("b/index.html", csp(" "+hash))
	build(t, o)
	got, _ := os.ReadFile(filepath.Join(dir, "b", "index.html"))
	if !strings.Contains(string(got), `<script type="speculationrules">`) {
		t.Errorf("rules the policy allows by hash were not written:\n%s", got)
	}
}

// The -out tree gets the rules file; the site is not touched.
func TestSpeculationFileOut(t *testing.T) {
	src := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), src)
	before := treeHashes(t, src)
	out := t.TempDir()
	build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: out,
		Speculation: speculate.Options{Mode: speculate.Prefetch, Via: speculate.ViaHeader}})
	b, err := os.ReadFile(filepath.Join(out, speculate.FileName))
	if err != nil || !bytes.Contains(b, []byte(`"pathname":"/about/"`)) {
		t.Errorf("rules file: %v\n%s", err, b)
	}
	if after := treeHashes(t, src); len(after) != len(before) {
		t.Errorf("the site changed: %d files before, %d after", len(before), len(after))
	}
}

// An incremental rebuild rewrites a changed page with the rules of its links as they are
// now; the page is never left without the rules a full build writes.
func TestSpeculationIncremental(t *testing.T) {
	dir := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), dir)
	in := preloadgen.NewIncremental(preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}},
		Speculation: speculate.Options{Mode: speculate.Prefetch}})
	if _, err := in.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	about := filepath.Join(dir, "about", "index.html")
	b, _ := os.ReadFile(about)
	if !strings.Contains(string(b), `{"pathname":"/posts/","search":""}`) {
		t.Fatalf("no rules for /posts/ in the about page:\n%s", b)
	}
	// The about page now links to a post it did not link to.
	if bytes.Contains(b, []byte(`"/posts/typography/"`)) {
		t.Fatal("the fixture changed: the about page already links to the typography post")
	}
	b = bytes.Replace(emit.Strip(b), []byte("</body>"), []byte(`<a href="/posts/typography/">typography</a></body>`), 1)
	if err := os.WriteFile(about, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Update(context.Background(), []string{"/about/index.html"}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(about)
	if !strings.Contains(string(got), `{"pathname":"/posts/typography/","search":""}`) {
		t.Errorf("the rewritten page lacks the rules of its new link:\n%s", got)
	}
}
