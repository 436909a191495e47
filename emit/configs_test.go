package emit_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/atomicfile"
)

// TestGolden compares the emitted configs of the fixtures (and the hostile site's nginx and
// Caddy files) with testdata/golden/<site>/. Refresh with go test ./emit -run TestGolden -update.
func TestGolden(t *testing.T) {
	for _, name := range []string{"blog", "app", "hostile"} {
		t.Run(name, func(t *testing.T) {
			s := makeSite(t, name)
			files := map[string]string{}
			for _, f := range []string{"nginx-http.conf", "nginx-server.conf", "preloadgen.caddy", "preloadhints.go", "preloadgen-manifest.json"} {
				files[f] = filepath.Join(s.cfg, f)
			}
			files["_headers"] = filepath.Join(s.dir, "_headers")
			for f, p := range files {
				got, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", "golden", name, f+".golden")
				if *update {
					os.MkdirAll(filepath.Dir(golden), 0o755)
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run with -update)", err)
				}
				if string(got) != string(want) {
					t.Errorf("%s differs from %s (run with -update after checking the change)", f, golden)
				}
			}
		})
	}
}

// TestCheckAndRerun: a second run writes nothing; Check reports changes without writing; the
// user's _headers rules survive byte for byte and the section is replaced, not duplicated.
func TestCheckAndRerun(t *testing.T) {
	site, cfg := t.TempDir(), t.TempDir()
	user := "# my rules\r\n/*\n  X-Frame-Options: DENY\n\n/assets/*\n  Cache-Control: max-age=31536000"
	os.WriteFile(filepath.Join(site, "_headers"), []byte(user), 0o600)
	os.WriteFile(filepath.Join(site, "a.css"), []byte("x"), 0o644)
	pages := func(as string) []*graph.Page {
		return []*graph.Page{{Path: "/index.html", Hints: []graph.Hint{
			{URL: "/a.css", Rel: "preload", As: as, Header: true},
			{URL: "/missing.css", Rel: "preload", As: "style", Header: true},
			{URL: "/html-only.css", Rel: "preload", As: "style", HTML: true},
		}}}
	}
	opts := emit.ConfigOptions{Dir: cfg, SiteDir: site, Pages: pages("style")}
	ctx := context.Background()
	r1, err := emit.WriteConfigs(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(r1.Written) != 6 {
		t.Errorf("first run wrote %q, want 6 files", r1.Written)
	}
	if !strings.Contains(strings.Join(r1.Warnings, "\n"), "/missing.css") {
		t.Errorf("no warning for the missing file: %q", r1.Warnings)
	}
	h1, _ := os.ReadFile(filepath.Join(site, "_headers"))
	if !strings.HasPrefix(string(h1), user+"\n") {
		t.Errorf("user rules not kept:\n%s", h1)
	}
	if st, _ := os.Stat(filepath.Join(site, "_headers")); st.Mode().Perm() != 0o600 {
		t.Errorf("_headers mode %v, want 0600 kept", st.Mode().Perm())
	}
	m, _ := os.ReadFile(filepath.Join(cfg, "preloadgen-manifest.json"))
	if strings.Contains(string(m), "missing") || strings.Contains(string(m), "html-only") {
		t.Errorf("manifest holds a missing or HTML-only hint:\n%s", m)
	}

	r2, err := emit.WriteConfigs(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(r2.Written) != 0 || len(r2.Changed) != 0 {
		t.Errorf("second run: written %q changed %q, want none", r2.Written, r2.Changed)
	}

	opts.Pages, opts.Check = pages("fetch"), true
	r3, err := emit.WriteConfigs(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(r3.Written) != 0 || len(r3.Changed) != 5 {
		t.Errorf("check: written %q changed %q, want 5 changed (all but nginx-server.conf)", r3.Written, r3.Changed)
	}
	if h, _ := os.ReadFile(filepath.Join(site, "_headers")); string(h) != string(h1) {
		t.Errorf("check mode changed _headers")
	}

	opts.Check = false
	if _, err := emit.WriteConfigs(ctx, opts); err != nil {
		t.Fatal(err)
	}
	h3, _ := os.ReadFile(filepath.Join(site, "_headers"))
	if strings.Count(string(h3), "# preloadgen:begin") != 1 || !strings.Contains(string(h3), "as=fetch") || !strings.HasPrefix(string(h3), user+"\n") {
		t.Errorf("re-run did not replace the section in place:\n%s", h3)
	}
	// Writes go through internal/atomicfile: no temporary file of its naming, nor of any
	// other, is left behind.
	for _, dir := range []string{cfg, site} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if atomicfile.IsTemp(e.Name()) || strings.Contains(e.Name(), ".tmp") {
				t.Errorf("temp file left behind: %s", e.Name())
			}
		}
	}
}

// TestHeadersUserTextAfterSection keeps rules the user wrote after preloadgen's section.
func TestHeadersUserTextAfterSection(t *testing.T) {
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "a.css"), []byte("x"), 0o644)
	before := "/x\n  A: b\n# preloadgen:begin old\n/old\n  Link: <old>\n# preloadgen:end\n/y\n  C: d\n"
	os.WriteFile(filepath.Join(site, "_headers"), []byte(before), 0o644)
	_, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{SiteDir: site, Formats: []emit.Format{emit.FormatHeaders},
		Pages: []*graph.Page{{Path: "/about.html", Hints: []graph.Hint{{URL: "/a.css", Rel: "preload", As: "style", Header: true}}}}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(site, "_headers"))
	want := "/x\n  A: b\n# preloadgen:begin (generated by preloadgen; a rebuild replaces this section)\n/about*\n  Link: </a.css>; rel=preload; as=style\n# preloadgen:end\n/y\n  C: d\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// An unterminated section is an error, and the file is left alone.
	os.WriteFile(filepath.Join(site, "_headers"), []byte("# preloadgen:begin\n/x\n"), 0o644)
	if _, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{SiteDir: site, Formats: []emit.Format{emit.FormatHeaders}}); err == nil {
		t.Error("no error for a section without its end marker")
	}
}

func TestLinkValue(t *testing.T) {
	cases := []struct {
		h    graph.Hint
		want string
	}{
		{graph.Hint{URL: "/f.woff2", Rel: "preload", As: "font", Type: "font/woff2", CrossOrigin: "anonymous"}, `</docs/f.woff2>; rel=preload; as=font; type="font/woff2"; crossorigin`},
		{graph.Hint{URL: "/m.js", Rel: "modulepreload", CrossOrigin: "use-credentials"}, `</docs/m.js>; rel=modulepreload; crossorigin=use-credentials`},
		{graph.Hint{URL: "/a b$c;d,e\"f{g}.css", Rel: "preload", As: "style", Media: "(min-width: 40em)"}, `</docs/a%20b%24c%3Bd%2Ce%22f%7Bg%7D.css>; rel=preload; as=style; media="(min-width: 40em)"`},
		{graph.Hint{URL: "/a.css", Query: "digest=78b0&v=2", Rel: "preload", As: "style"}, `</docs/a.css?digest=78b0&v=2>; rel=preload; as=style`},
		{graph.Hint{URL: "/a.css", Query: "a>b;rel=x,c\"$", Rel: "preload", As: "style"}, `</docs/a.css?a%3Eb%3Brel=x%2Cc%22%24>; rel=preload; as=style`},
		{graph.Hint{URL: "/h.jpg", Rel: "preload", As: "image", HeaderSrcset: "/docs/h%241.jpg 1x, /docs/h.jpg 2x", ImageSizes: "100vw", FetchPriority: "high"}, `</docs/h.jpg>; rel=preload; as=image; imagesrcset="/docs/h%241.jpg 1x, /docs/h.jpg 2x"; imagesizes="100vw"; fetchpriority=high`},
	}
	for _, c := range cases {
		got, err := emit.LinkValue(c.h, "/docs/")
		if err != nil || got != c.want {
			t.Errorf("LinkValue(%+v) = %q, %v; want %q", c.h, got, err, c.want)
		}
	}
	for _, bad := range []graph.Hint{
		{URL: "/a.css", Rel: "preload", As: "style", Media: "x\"; y"},
		{URL: "/a.css", Rel: "preload", As: "style", Media: "$uri"},
		{URL: "/a.css", Rel: "preload", As: "style\r\nX-Evil: 1"},
		{URL: "/a.css", Rel: "stylesheet"},
		{URL: "/a.jpg", Rel: "preload", As: "image", HeaderSrcset: "/a.jpg 1x, /b.jpg evil\"x"},
	} {
		if v, err := emit.LinkValue(bad, ""); err == nil {
			t.Errorf("LinkValue(%+v) = %q, want an error", bad, v)
		}
	}
}

// FuzzLinkValue: whatever the names, a Link value has no control character, no non-ASCII
// byte and none of $ \ { } ` outside what link.go allows, and its URL no quote or space.
func FuzzLinkValue(f *testing.F) {
	for _, n := range hostileNames {
		f.Add("/h/"+n+".css", "(min-width: 1px)")
	}
	f.Fuzz(func(t *testing.T, p, media string) {
		// What follows a "?" is the query the page requests the file with.
		path, query, _ := strings.Cut(p, "?")
		v, err := emit.LinkValue(graph.Hint{URL: path, Query: query, Rel: "preload", As: "style", Media: media}, "/b")
		if err != nil {
			return
		}
		for i := 0; i < len(v); i++ {
			if c := v[i]; c < 0x20 || c >= 0x7f || strings.IndexByte("$\\{}`", c) >= 0 {
				t.Fatalf("unsafe byte %q in %q", c, v)
			}
		}
		u := v[:strings.IndexByte(v, '>')]
		if strings.ContainsAny(u[1:], "<\" ,;") {
			t.Fatalf("unsafe URL in %q", v)
		}
	})
}
