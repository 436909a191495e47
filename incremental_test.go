package preloadgen_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/internal/treecopy"
)

// snapshot reads every file of a tree, by slash path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			m[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return m
}

func diffTrees(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	var names []string
	for n := range want {
		names = append(names, n)
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if got[n] != want[n] {
			t.Errorf("%s: %s differs between the incremental and the full build", what, n)
		}
	}
}

// An incremental update must leave the site and the configs exactly as a full build of the
// changed site does, while analysing only the pages the change reaches.
func TestIncrementalMatchesFullBuild(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	inc, full := filepath.Join(root, "inc"), filepath.Join(root, "full")
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), inc)
	st := preloadgen.NewIncremental(preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: inc}}, ConfigDir: filepath.Join(root, "inc-cfg")})
	if _, err := st.Build(ctx); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		change  func(site string)
		changed []string
		max     int // pages the update may analyse
	}{
		{"a CSS file gains a font", func(site string) {
			os.WriteFile(filepath.Join(site, "fonts", "w.woff2"), bytes.Repeat([]byte{1}, 9000), 0o644)
			appendFile(t, filepath.Join(site, "css", "fonts.css"), `@font-face { font-family: "W"; font-display: block; src: url("/fonts/w.woff2") format("woff2"); }`)
			appendFile(t, filepath.Join(site, "css", "main.css"), `.site-title { font-family: "W" }`)
		}, []string{"/fonts/w.woff2", "/css/fonts.css", "/css/main.css"}, 7},
		{"a new page", func(site string) {
			b, _ := os.ReadFile(filepath.Join("fixtures", "blog", "posts", "typography", "index.html"))
			os.MkdirAll(filepath.Join(site, "posts", "new"), 0o755)
			os.WriteFile(filepath.Join(site, "posts", "new", "index.html"), b, 0o644)
		}, []string{"/posts/new"}, 1},
		{"an asset deleted", func(site string) {
			os.Remove(filepath.Join(site, "fonts", "inter-latin-700-normal.woff2"))
		}, []string{"/fonts/inter-latin-700-normal.woff2"}, 8},
		{"a page deleted", func(site string) {
			os.RemoveAll(filepath.Join(site, "about"))
		}, []string{"/about"}, 0},
		{"an image only one page uses", func(site string) {
			os.Remove(filepath.Join(site, "images", "hero-slow-networks-1600.jpg"))
		}, []string{"/images/hero-slow-networks-1600.jpg"}, 2},
	}
	for _, s := range steps {
		s.change(inc)
		res, err := st.Update(ctx, s.changed)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if res.Scanned > s.max {
			t.Errorf("%s: %d pages analysed, want at most %d", s.name, res.Scanned, s.max)
		}
		// The full build starts from the same changed site, as the generator wrote it.
		os.RemoveAll(full)
		treecopy.Copy(t, filepath.Join("fixtures", "blog"), full)
		for _, prev := range steps {
			prev.change(full)
			if prev.name == s.name {
				break
			}
		}
		if _, err := preloadgen.Build(ctx, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: full}}, ConfigDir: filepath.Join(root, "full-cfg")}); err != nil {
			t.Fatal(err)
		}
		diffTrees(t, s.name, snapshot(t, inc), snapshot(t, full))
		diffTrees(t, s.name+" (configs)", snapshot(t, filepath.Join(root, "inc-cfg")), snapshot(t, filepath.Join(root, "full-cfg")))
	}
	if got := st.Pages(); got != 7 { // 7 pages, +1 new, -1 about
		t.Errorf("state knows %d pages, want 7", got)
	}
}

func appendFile(t *testing.T, name, s string) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(string(b)+"\n"+s+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A change that leaves every page's header hints as they were does not rewrite the configs
// (writing them is most of an update's time on a large site); a lost config dir comes back.
func TestIncrementalConfigsOnlyWhenHeaderHintsChange(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	site, cfg := filepath.Join(root, "site"), filepath.Join(root, "cfg")
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), site)
	st := preloadgen.NewIncremental(preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}, ConfigDir: cfg})
	if _, err := st.Build(ctx); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(site, "about", "index.html")
	b, _ := os.ReadFile(page)
	os.WriteFile(page, bytes.Replace(b, []byte("</main>"), []byte("<p>more text</p></main>"), 1), 0o644)
	res, err := st.Update(ctx, []string{"/about/index.html"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Scanned != 1 || res.Configs != nil {
		t.Fatalf("text edit: %d pages analysed, configs %+v; want 1 and no config run", res.Scanned, res.Configs)
	}
	os.RemoveAll(cfg)
	if res, err = st.Update(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if res.Configs == nil || len(res.Configs.Written) == 0 {
		t.Fatalf("config dir removed: configs %+v, want them written again", res.Configs)
	}
}
