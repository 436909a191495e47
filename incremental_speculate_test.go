package preloadgen

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/internal/treecopy"
	"github.com/preloadgen/preloadgen/speculate"
)

// TestSpeculationIncrementalReads: a watch rebuild reads for the speculation plan only the
// pages the change names (a page, or every page under a directory), and its site-wide rules
// file is the one a full build writes from the same pages.
func TestSpeculationIncrementalReads(t *testing.T) {
	dir := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), dir)
	o := BuildOptions{Options: Options{Source: Source{Dir: dir}}, Speculation: speculate.Options{Mode: speculate.Prefetch, Via: speculate.ViaHeader}}
	in := NewIncremental(o)
	ctx := context.Background()
	if _, err := in.Build(ctx); err != nil {
		t.Fatal(err)
	}
	pages := len(in.list.pages)
	if got := in.scans.Reads(); got != pages {
		t.Fatalf("the first build read %d pages for the plan, want all %d", got, pages)
	}
	update := func(changed ...string) int {
		t.Helper()
		before := in.scans.Reads()
		res, err := in.Update(ctx, changed)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Failed) > 0 {
			t.Fatal(res.Failed)
		}
		return in.scans.Reads() - before
	}
	about := filepath.Join(dir, "about", "index.html")
	b, err := os.ReadFile(about)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(emit.Strip(b), []byte("</body>"), []byte(`<a href="/posts/typography/">typography</a></body>`), 1)
	if err := os.WriteFile(about, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if n := update("/about/index.html"); n != 1 {
		t.Errorf("a change to one page read %d pages for the plan, want 1", n)
	}
	if n := update("/css/main.css"); n != 0 {
		t.Errorf("a change to a stylesheet read %d pages for the plan, want 0", n)
	}
	posts, _ := filepath.Glob(filepath.Join(dir, "posts", "*", "index.html"))
	if p, _ := filepath.Glob(filepath.Join(dir, "posts", "index.html")); len(p) == 1 {
		posts = append(posts, p...)
	}
	if n := update("/posts"); n != len(posts) || n == 0 {
		t.Errorf("a change to /posts read %d pages for the plan, want its %d", n, len(posts))
	}
	rules := filepath.Join(dir, speculate.FileName)
	incremental, err := os.ReadFile(rules)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(incremental), `"/posts/typography/"`) {
		t.Errorf("the rules file lacks the about page's new link:\n%s", incremental)
	}
	if _, err := NewIncremental(o).Build(ctx); err != nil {
		t.Fatal(err)
	}
	full, _ := os.ReadFile(rules)
	if !bytes.Equal(incremental, full) {
		t.Errorf("the rules file after the updates:\n%s\na full build's:\n%s", incremental, full)
	}
}
