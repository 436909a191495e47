package emit_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/emit"
)

// TestReadManifest reads back the manifest of each fixture: as a request-path table it is
// the table RequestHints builds from the same analysis (the JSON format caps nothing the Go
// middleware's cap would cut on these sites).
func TestReadManifest(t *testing.T) {
	for _, name := range []string{"blog", "app", "hostile"} {
		t.Run(name, func(t *testing.T) {
			s := makeSite(t, name)
			m, err := emit.ReadManifest(filepath.Join(s.cfg, emit.ManifestFile))
			if err != nil {
				t.Fatal(err)
			}
			var pages []string
			for _, p := range s.pages {
				pages = append(pages, p.Path)
			}
			want, _ := emit.RequestHints(s.pages, "")
			if got := m.RequestHints("", pages); !reflect.DeepEqual(got, want) {
				t.Errorf("RequestHints:\n got %v\nwant %v", got, want)
			}
		})
	}
	if _, err := emit.ReadManifest(filepath.Join(t.TempDir(), "missing.json")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
	for _, bad := range []string{
		`{"/index.html": ["</a.css>; rel=preload; as=style"]}`, // version 1
		`{"version": 2, "sets": [{"links": [], "pages": 0}], "pages": {"/a.html": 1}}`,
		`{"version": 2, "sets": [{"links": [], "pages": 0}], "dirs": {"/": -1}}`,
		`{"version": 3, "sets": []}`,
	} {
		f := filepath.Join(t.TempDir(), "bad.json")
		os.WriteFile(f, []byte(bad), 0o644)
		if _, err := emit.ReadManifest(f); err == nil {
			t.Errorf("a malformed manifest was read: %s", bad)
		}
	}
}

// TestManifestLinks: a page's hints are its own entry's, else the deepest directory's for
// .html pages, else none.
func TestManifestLinks(t *testing.T) {
	m := &emit.Manifest{
		Version: emit.ManifestVersion,
		Sets:    []emit.ManifestSet{{}, {Links: []string{"a"}}, {Links: []string{"b"}}},
		Dirs:    map[string]int{"/": 1, "/docs/": 2, "/docs/old/": 0},
		Pages:   map[string]int{"/docs/x.html": 1, "/docs/y.html": 0, "/p.htm": 2},
	}
	for page, want := range map[string]string{
		"/index.html": "a", "/docs/index.html": "b", "/docs/deep/er/z.html": "b", "/docs/old/q.html": "",
		"/docs/x.html": "a", "/docs/y.html": "", "/p.htm": "b", "/q.htm": "", "/docs/a.css": "",
	} {
		if got := strings.Join(m.Links(page), ","); got != want {
			t.Errorf("Links(%q) = %q, want %q", page, got, want)
		}
	}
}
