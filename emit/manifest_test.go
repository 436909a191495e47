package emit_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/preloadgen/preloadgen/emit"
)

// TestReadManifest reads back the manifest of each fixture: as a request-path table it is
// the table RequestHints builds from the same analysis (the JSON format caps nothing the Go
// middleware's cap would cut on these sites).
func TestReadManifest(t *testing.T) {
	for _, name := range []string{"blog", "app"} {
		t.Run(name, func(t *testing.T) {
			s := makeSite(t, name)
			m, err := emit.ReadManifest(filepath.Join(s.cfg, emit.ManifestFile))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(map[string][]string(m), s.manifest) {
				t.Errorf("ReadManifest = %v, want %v", m, s.manifest)
			}
			want, _ := emit.RequestHints(s.pages, "")
			if got := m.RequestHints(""); !reflect.DeepEqual(got, want) {
				t.Errorf("RequestHints:\n got %v\nwant %v", got, want)
			}
		})
	}
	if _, err := emit.ReadManifest(filepath.Join(t.TempDir(), "missing.json")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"/index.html": "not a list"}`), 0o644)
	if _, err := emit.ReadManifest(bad); err == nil {
		t.Error("a malformed manifest was read")
	}
}
