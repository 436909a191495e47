package measure

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
)

// TestPrepareB covers where B and its header hints come from: a build of A (with the nginx
// configs emit writes), a second directory with A's analysis, a manifest, the caller's own
// table, and a control run.
func TestPrepareB(t *testing.T) {
	ctx := context.Background()
	a := filepath.Join("..", "fixtures", "blog")
	res, err := preloadgen.Analyze(ctx, preloadgen.Options{Source: preloadgen.Source{Dir: a}})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := emit.RequestHints(res.Pages, "")
	if len(want) == 0 {
		t.Fatal("the blog fixture has no header hints")
	}
	prep := func(o Options) (siteB, string) {
		t.Helper()
		o, err := o.check()
		if err != nil {
			t.Fatal(err)
		}
		tmp := t.TempDir()
		b, err := prepareB(ctx, o, tmp)
		if err != nil {
			t.Fatal(err)
		}
		return b, tmp
	}

	t.Run("build", func(t *testing.T) {
		b, tmp := prep(Options{A: a, Server: ServerNginx, Hints: HintsEarly})
		if !strings.HasPrefix(b.dir, tmp) {
			t.Errorf("B %s is not built under %s", b.dir, tmp)
		}
		page, err := os.ReadFile(filepath.Join(b.dir, "index.html"))
		if err != nil || !strings.Contains(string(page), `rel="preload"`) {
			t.Errorf("B's home page has no hints: %v", err)
		}
		if !reflect.DeepEqual(b.links, want) {
			t.Errorf("links %v, want %v", b.links, want)
		}
		if b.nginx.HTTP != filepath.Join(tmp, "config", emit.NginxHTTPFile) || b.nginx.Server != filepath.Join(tmp, "config", emit.NginxServerFile) {
			t.Errorf("nginx includes %+v", b.nginx)
		}
	})
	t.Run("second dir", func(t *testing.T) {
		b, tmp := prep(Options{A: a, B: a, Server: ServerNginx, Hints: HintsEarly})
		if b.dir != a || !reflect.DeepEqual(b.links, want) || !strings.HasPrefix(b.nginx.HTTP, tmp) {
			t.Errorf("B %s, nginx %+v, links %v", b.dir, b.nginx, b.links)
		}
		// Behind the Go server no nginx configs are written, and html needs no header hints.
		if b, _ := prep(Options{A: a, B: a, Hints: HintsEarly}); b.nginx.HTTP != "" || !reflect.DeepEqual(b.links, want) {
			t.Errorf("go: nginx %+v, links %v", b.nginx, b.links)
		}
		if b, _ := prep(Options{A: a, B: a}); b.links != nil {
			t.Errorf("html: links %v", b.links)
		}
	})
	t.Run("manifest", func(t *testing.T) {
		cfg := t.TempDir()
		if _, err := emit.WriteConfigs(ctx, emit.ConfigOptions{Dir: cfg, SiteDir: a, Formats: []emit.Format{emit.FormatJSON}, Pages: res.Pages}); err != nil {
			t.Fatal(err)
		}
		b, _ := prep(Options{A: a, B: a, Server: ServerNginx, Hints: HintsEarly, Manifest: filepath.Join(cfg, emit.ManifestFile)})
		if !reflect.DeepEqual(b.links, want) || b.nginx.HTTP != "" {
			t.Errorf("links %v, want %v; nginx %+v (the map is rendered from the links)", b.links, want, b.nginx)
		}
	})
	t.Run("caller's table", func(t *testing.T) {
		own := map[string][]string{"/": {"</x.css>; rel=preload; as=style"}}
		b, _ := prep(Options{A: a, Server: ServerNginx, Hints: HintsEarly, HeaderHints: own})
		if !reflect.DeepEqual(b.links, own) || b.nginx.HTTP != "" {
			t.Errorf("links %v, nginx %+v: the caller's table is not the one served", b.links, b.nginx)
		}
	})
	t.Run("control", func(t *testing.T) {
		b, _ := prep(Options{A: a, Hints: HintsNone})
		if b.dir != a || b.links != nil {
			t.Errorf("B %s, links %v", b.dir, b.links)
		}
	})
}
