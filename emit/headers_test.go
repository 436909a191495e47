package emit_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/graph"
)

// TestHeadersHostSemantics writes _headers for sites built to trip the grouping, then reads
// the section as Cloudflare Pages and Netlify match it: every request path of every page
// matches at most one rule that sets Link, on either host, so however a host merges or
// orders rules, each page gets exactly its own hints; and splats are used where a
// directory's pages share a set.
func TestHeadersHostSemantics(t *testing.T) {
	a := []graph.Hint{styleHint("/s/a.css")}
	b := []graph.Hint{styleHint("/s/b.css")}
	splat := []graph.Hint{styleHint("/s/:splat.css")} // Cloudflare would substitute it in a splat rule
	cases := []struct {
		name  string
		pages map[string][]graph.Hint
		// maxRules bounds the rules; splats lists rules that must be there.
		maxRules int
		splats   []string
	}{
		{"one set", map[string][]graph.Hint{"/index.html": a, "/x/index.html": a, "/x/y.html": a}, 1, []string{"/*"}},
		{"directory of another set", map[string][]graph.Hint{
			"/index.html": a, "/p.html": a, "/d/index.html": b, "/d/1.html": b, "/d/2.html": b, "/d/e/3.html": b,
		}, 6, []string{"/d/*"}},
		{"no hints inside", map[string][]graph.Hint{
			"/d/1.html": a, "/d/2.html": a, "/d/3.html": nil, "/d/sub/4.html": a, "/d/sub/5.html": a,
		}, 4, []string{"/d/sub/*"}},
		{"sibling with the directory's name", map[string][]graph.Hint{ // Netlify reads /std/* as /std...
			"/std/1.html": a, "/std/2.html": a, "/std.html": b, "/stdx/3.html": nil,
		}, 6, nil},
		{"case", map[string][]graph.Hint{ // Netlify ignores case
			"/Docs/1.html": a, "/Docs/2.html": a, "/docs/3.html": b, "/docs/4.html": b,
		}, 8, nil},
		{"pretty alias next to a directory", map[string][]graph.Hint{ // Netlify reads /about as /about/ too
			"/about.html": a, "/about/index.html": b, "/about/x.html": b,
		}, 5, nil},
		{":splat in a value", map[string][]graph.Hint{"/d/1.html": splat, "/d/2.html": splat}, 4, nil},
		{"patterns in names", map[string][]graph.Hint{
			"/d/:id.html": a, "/d/a:b.html": a, "/d/st*r.html": a, "/d/ok.html": b, "/e/x.html": a, "/e/y.html": a,
		}, 4, []string{"/e/*"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			site := t.TempDir()
			var pages []*graph.Page
			for p, hs := range tc.pages {
				writeFile(t, filepath.Join(site, filepath.FromSlash(p)), "<!doctype html>\n")
				for _, h := range hs {
					writeFile(t, filepath.Join(site, filepath.FromSlash(h.URL)), "x")
				}
				pages = append(pages, &graph.Page{Path: p, Hints: hs})
			}
			res, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{SiteDir: site, Formats: []emit.Format{emit.FormatHeaders}, Pages: pages})
			if err != nil {
				t.Fatal(err)
			}
			c := readConfigs(t, site, t.TempDir())
			var patterns []string
			for _, r := range c.headers {
				if strings.HasSuffix(r.path, "*") {
					patterns = append(patterns, r.path)
				}
			}
			if len(c.headers) > tc.maxRules {
				b, _ := os.ReadFile(filepath.Join(site, "_headers"))
				t.Errorf("%d rules, want at most %d:\n%s", len(c.headers), tc.maxRules, b)
			}
			for _, s := range tc.splats {
				if !strings.Contains(" "+strings.Join(patterns, " ")+" ", " "+s+" ") {
					t.Errorf("no rule %s among %q", s, patterns)
				}
			}
			skipped := strings.Join(res.Warnings, "\n")
			own, _ := emit.RequestHints(pages, "")
			for _, p := range pages {
				want := own[p.Path]
				if strings.Contains(skipped, p.Path+": page skipped") {
					want = nil
				}
				if got := c.links(t, "headers", p.Path); strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("%s gets %q, want %q", p.Path, got, want)
				}
				paths := []string{strictPath(p.Path)}
				if dir, ok := strings.CutSuffix(p.Path, "index.html"); ok {
					paths = append(paths, strictPath(dir))
				} else {
					paths = append(paths, strictPath(strings.TrimSuffix(p.Path, ".html")))
				}
				for _, rp := range paths {
					for _, h := range []host{cloudflare, netlify} {
						n := 0
						for _, r := range c.headers {
							if len(r.links) > 0 && h.pattern(r.path).MatchString(rp) {
								n++
							}
						}
						if n > 1 {
							t.Errorf("%s: %d rules match on host %d", rp, n, h)
						}
					}
				}
			}
		})
	}
}
