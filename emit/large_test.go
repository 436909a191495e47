// A large site whose pages fall into a handful of hint sets, with exceptions everywhere the
// grouping could go wrong: pages with another set or none inside a directory whose pages
// share one, a directory of exceptions, pages a directory rule cannot cover (.htm, upper
// case), hostile directory and file names, and names no rule can key.
package emit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/graph"
)

// largeSets are the hint sets of the large site; "" has no hints.
var largeSets = map[string][]graph.Hint{
	"A": {styleHint("/s/theme.css"), {URL: "/f/inter.woff2", Rel: "preload", As: "font", Type: "font/woff2", CrossOrigin: "anonymous", Header: true}},
	"B": {styleHint("/s/theme.css"), styleHint("/s/docs.css")},
	"C": {styleHint("/s/theme.css"), styleHint("/s/blog.css")},
	"D": {styleHint("/s/api.css")},
	"E": {styleHint("/s/api.css"), styleHint(`/s/h"o{s}t$i;le ü.css`)},
}

func styleHint(u string) graph.Hint {
	return graph.Hint{URL: u, Rel: "preload", As: "style", Header: true}
}

// buildLarge writes the large site into dir and returns its pages with their hints, as an
// analysis would: modules of documentation sharing set B with a few exceptions, a blog in
// set C with an old part without hints, an API reference alternating D and E, pages in set A
// at the root, and directories and pages with hostile names. Names the filesystem refuses
// are left out.
func buildLarge(t *testing.T, dir string) []*graph.Page {
	t.Helper()
	var pages []*graph.Page
	index := map[string]int{}
	add := func(p, set string) {
		if i, ok := index[p]; ok { // a later call makes the page an exception
			pages[i].Hints = largeSets[set]
			return
		}
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Logf("skipping %q: %v", p, err)
			return
		}
		if err := os.WriteFile(f, []byte("<!doctype html><title>"+p+"</title>\n"), 0o644); err != nil {
			t.Logf("skipping %q: %v", p, err)
			return
		}
		index[p] = len(pages)
		pages = append(pages, &graph.Page{Path: p, Hints: largeSets[set]})
	}
	add("/index.html", "A")
	add("/404.html", "A")
	for i := range 40 {
		add(fmt.Sprintf("/p%d.html", i), "A")
	}
	for m := range 12 {
		add(fmt.Sprintf("/docs/m%d/index.html", m), "B")
		for i := range 50 {
			add(fmt.Sprintf("/docs/m%d/i%d.html", m, i), "B")
		}
		for i := range 10 {
			add(fmt.Sprintf("/docs/m%d/sub/s%d/index.html", m, i), "B")
		}
	}
	add("/docs/index.html", "B")
	add("/docs/m3/i7.html", "C")           // another set inside a module
	add("/docs/m5/i1.html", "")            // no hints inside a module
	add("/docs/m5/sub/s3/index.html", "A") // another set in a deep index
	add("/docs/m2/Case.html", "E")         // a page whose path another's equals but for case
	add("/docs/m2/case.html", "B")         // (nginx's map strings and Caddy's path ignore case)
	add("/docs/m2/CASE/index.html", "")
	add("/docs/m1/legacy.htm", "B") // no directory rule covers .htm
	add("/docs/m1/SHOUT.HTML", "B")
	for i := range 30 {
		add(fmt.Sprintf("/docs/m7/sub/x%d.html", i), "D") // a subdirectory of exceptions
	}
	for i := range 300 {
		add(fmt.Sprintf("/blog/%d/%02d/post.html", 2000+i/12, i%12), "C")
	}
	for i := range 30 {
		add(fmt.Sprintf("/blog/old/%d.html", i), "")
	}
	for i := range 200 {
		add(fmt.Sprintf("/api/f%d.html", i), []string{"D", "E"}[i%2])
	}
	for i, n := range hostileNames {
		if strings.ContainsAny(n, "?#") {
			continue // browsers cannot ask for such a path by name
		}
		for j := range 4 {
			add(fmt.Sprintf("/docs/m%d/%s/%d.html", i%12, n, j), "B")
		}
		add(fmt.Sprintf("/docs/m%d/%s.html", i%12, n), "E")
		add(fmt.Sprintf("/api/%s/index.html", n), "")
	}
	for _, hs := range largeSets {
		for _, h := range hs {
			f := filepath.Join(dir, filepath.FromSlash(h.URL))
			os.MkdirAll(filepath.Dir(f), 0o755)
			if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return pages
}

// TestLargeSiteEveryFormat: on the large site every format gives every page exactly its own
// hints (read back by each format's rules of precedence, interp_test.go), and each file's
// size follows the sets and the exceptions, not the pages.
func TestLargeSiteEveryFormat(t *testing.T) {
	site, cfg := filepath.Join(t.TempDir(), "site"), t.TempDir()
	pages := buildLarge(t, site)
	if len(pages) < 1000 {
		t.Fatalf("only %d pages", len(pages))
	}
	res, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{Dir: cfg, SiteDir: site, Pages: pages})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Warnings {
		t.Logf("warning: %s", w)
	}
	checkEveryPage(t, site, cfg, "", pages, res.Warnings)
	// Under a base path, every rule and value moves with it.
	cfgBase := t.TempDir()
	resBase, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{Dir: cfgBase, SiteDir: site, Pages: pages, BasePath: "/base/"})
	if err != nil {
		t.Fatal(err)
	}
	checkEveryPage(t, site, cfgBase, "/base", pages, resBase.Warnings)
	c := readConfigs(t, site, cfg)
	// Sizes: a few KB per set and exception, far below one entry per page.
	for _, f := range []string{emit.NginxHTTPFile, emit.CaddyFile, "preloadhints.go", emit.ManifestFile} {
		st, err := os.Stat(filepath.Join(cfg, f))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes for %d pages", f, st.Size(), len(pages))
		if st.Size() > 64<<10 {
			t.Errorf("%s: %d bytes for %d pages in %d sets", f, st.Size(), len(pages), len(largeSets))
		}
	}
	rules := 0
	for _, r := range c.headers {
		if len(r.links) > 0 {
			rules++
		}
	}
	t.Logf("_headers: %d rules", rules)
	// The API reference alternates two sets: more rules than Cloudflare reads, and the
	// warning says so, with the pages it loses.
	var warn string
	for _, w := range res.Warnings {
		if strings.HasPrefix(w, "_headers: ") {
			warn = w
		}
	}
	if rules <= 100 || !strings.Contains(warn, fmt.Sprintf("_headers: %d rules", rules)) || !strings.Contains(warn, "Cloudflare Pages reads the first 100") || !strings.Contains(warn, "/api/") {
		t.Errorf("%d rules, warning %q", rules, warn)
	}
}

// checkEveryPage reads the configs in site and cfg, written for basePath, and checks that
// every page gets exactly its own hints in every format.
func checkEveryPage(t *testing.T, site, cfg, basePath string, pages []*graph.Page, warns []string) {
	t.Helper()
	c := readConfigs(t, site, cfg)
	c.base = basePath
	own, _ := emit.RequestHints(pages, basePath)
	headersSkipped := map[string]bool{}
	for _, w := range warns {
		if p, _, ok := strings.Cut(w, ": page skipped in _headers: "); ok {
			headersSkipped[p] = true
		}
	}
	for _, f := range []string{"nginx", "caddy", "go", "headers", "json"} {
		wrong := 0
		for _, p := range pages {
			want := own[basePath+p.Path]
			if q := strconv.Quote(p.Path); f == "headers" && headersSkipped[q[1:len(q)-1]] {
				want = nil
			}
			if got := c.links(t, f, p.Path); strings.Join(got, "\n") != strings.Join(want, "\n") {
				if wrong++; wrong <= 5 {
					t.Errorf("%s: %q gets %q, want %q", f, p.Path, got, want)
				}
			}
		}
		if wrong > 5 {
			t.Errorf("%s: %d pages in all get other hints than their own", f, wrong)
		}
	}
}

// TestOthersGetNoHints: a page whose analysis failed (ConfigOptions.Others) gets no hints
// from a rule over its directory, in any format, while its neighbours keep theirs.
func TestOthersGetNoHints(t *testing.T) {
	site, cfg := t.TempDir(), t.TempDir()
	var pages []*graph.Page
	for i := range 20 {
		p := fmt.Sprintf("/docs/%d.html", i)
		writeFile(t, filepath.Join(site, filepath.FromSlash(p)), "<!doctype html>\n")
		pages = append(pages, &graph.Page{Path: p, Hints: largeSets["B"]})
	}
	for _, h := range largeSets["B"] {
		writeFile(t, filepath.Join(site, filepath.FromSlash(h.URL)), "x")
	}
	failed := "/docs/broken.html"
	if _, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{Dir: cfg, SiteDir: site, Pages: pages, Others: []string{failed, "docs/relative.html", ""}}); err != nil {
		t.Fatal(err)
	}
	c := readConfigs(t, site, cfg)
	for _, f := range []string{"nginx", "caddy", "go", "headers", "json"} {
		if got := c.links(t, f, failed); got != nil {
			t.Errorf("%s: %s gets %q, want none", f, failed, got)
		}
		if got := c.links(t, f, pages[3].Path); len(got) != len(largeSets["B"]) {
			t.Errorf("%s: %s gets %q", f, pages[3].Path, got)
		}
	}
}

// fuzzSegments are the names FuzzGroupedConfigs builds page paths from: plain, upper case,
// prefixes of one another, and names the formats must escape or refuse.
var fuzzSegments = []string{"a", "ab", "A", "b", "docs", "docs.html", "index.html", "x.html", "X.html", "ab.html",
	"sp ace", "d$", "{p}", ":id", "st*r", "q\"", "é", "%41", "a.htm", "b.HTML"}

// FuzzGroupedConfigs builds a small site from the input (page paths from fuzzSegments, each
// page in one of four sets or none) and checks, in every format read back by its own rules
// (interp_test.go), that every page gets exactly its own hints.
func FuzzGroupedConfigs(f *testing.F) {
	f.Add([]byte{0, 1, 6, 1, 1, 6, 2, 4, 1, 6, 3, 3, 0, 7, 0})
	f.Add([]byte{4, 7, 1, 4, 6, 2, 5, 3, 4, 0, 6, 0, 2, 7, 4})
	f.Add([]byte{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 1, 2, 3, 4, 0})
	sets := [][]graph.Hint{nil, largeSets["A"], largeSets["B"], largeSets["C"], largeSets["E"]}
	site := f.TempDir()
	for _, hs := range largeSets {
		for _, h := range hs {
			p := filepath.Join(site, filepath.FromSlash(h.URL))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				f.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
				f.Fatal(err)
			}
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		seen := map[string]bool{}
		var pages []*graph.Page
		// Each page: a depth byte, that many segment bytes, a set byte.
		for len(in) >= 2 && len(pages) < 40 {
			depth := int(in[0])%3 + 1
			in = in[1:]
			if len(in) < depth+1 {
				break
			}
			var segs []string
			for _, c := range in[:depth] {
				segs = append(segs, fuzzSegments[int(c)%len(fuzzSegments)])
			}
			set := sets[int(in[depth])%len(sets)]
			in = in[depth+1:]
			p := "/" + strings.Join(segs, "/")
			if !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".htm") && !strings.HasSuffix(p, ".HTML") {
				p += "/index.html"
			}
			if seen[p] {
				continue
			}
			seen[p] = true
			pages = append(pages, &graph.Page{Path: p, Hints: set})
		}
		if len(pages) == 0 {
			return
		}
		headersDir, cfg := t.TempDir(), t.TempDir() // _headers goes here; the hinted files are in site
		res, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{Dir: cfg, SiteDir: headersDir, FilesDir: site, Pages: pages})
		if err != nil {
			t.Fatal(err)
		}
		checkEveryPage(t, headersDir, cfg, "", pages, res.Warnings)
	})
}
