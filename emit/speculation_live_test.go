package emit_test

// Live: with delivery by header, nginx, Caddy and the generated Go middleware serve the
// rules file as application/speculationrules+json and name it in a Speculation-Rules header
// on every page but those with rules of their own, hostile names among them; pages keep
// their Link headers.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/internal/treecopy"
)

// The pages that carry rules of their own: a plain one, and one whose name holds what
// each format must quote.
var ownRules = []string{"/about/index.html", "/q\"uote {x} `tick` $dollar/index.html"}

func specSite(t *testing.T) *liveSite {
	t.Helper()
	root := t.TempDir()
	s := &liveSite{name: "blog-speculation", dir: filepath.Join(root, "site"), cfg: filepath.Join(root, "config")}
	treecopy.Copy(t, filepath.Join("..", "fixtures", "blog"), s.dir)
	hostile := filepath.Join(s.dir, filepath.FromSlash(strings.TrimPrefix(ownRules[1], "/")))
	os.MkdirAll(filepath.Dir(hostile), 0o755)
	os.WriteFile(hostile, []byte(`<!doctype html><title>own</title><script type="speculationrules">{}</script>`), 0o644)
	os.WriteFile(filepath.Join(s.dir, "speculationrules.json"), []byte(`{"prefetch":[]}`), 0o644)
	res, err := preloadgen.Analyze(context.Background(), preloadgen.Options{Source: preloadgen.Source{Dir: s.dir}})
	if err != nil {
		t.Fatal(err)
	}
	s.pages = res.Pages
	cr, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{Dir: s.cfg, SiteDir: s.dir, Pages: s.pages,
		Speculation: &emit.SpeculationConfig{File: "/speculationrules.json", Except: ownRules}})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range cr.Warnings {
		t.Logf("warning: %s", w)
	}
	s.manifest = readManifest(t, s.cfg, s.pages)
	worldReadable(t, root)
	return s
}

// checkSpeculation requests the rules file and pages from a server.
func checkSpeculation(t *testing.T, c *checker, s *liveSite, skipOwn map[string]bool) {
	t.Helper()
	g := c.get(t, "/speculationrules.json", nil)
	if g.status != 200 || g.header.Get("Content-Type") != "application/speculationrules+json" || string(g.body) != `{"prefetch":[]}` {
		t.Errorf("rules file: status %d, Content-Type %q, body %q", g.status, g.header.Get("Content-Type"), g.body)
	}
	for _, u := range []string{"/", "/posts/", "/posts/slow-networks/"} {
		g := c.get(t, u, nil)
		if g.status != 200 || g.header.Get("Speculation-Rules") != `"/speculationrules.json"` {
			t.Errorf("%s: status %d, Speculation-Rules %q", u, g.status, g.header.Get("Speculation-Rules"))
		}
		if want := s.manifest[u+"index.html"]; len(want) > 0 && len(g.header.Values("Link")) == 0 {
			t.Errorf("%s: no Link header beside the Speculation-Rules one", u)
		}
	}
	for _, p := range ownRules {
		if skipOwn[p] {
			continue
		}
		u := "/" + strings.TrimSuffix(strings.TrimPrefix(p, "/"), "index.html")
		g := c.get(t, escapePath(u), nil)
		if g.status != 200 || len(g.header.Values("Speculation-Rules")) != 0 {
			t.Errorf("%q (rules of its own): status %d, Speculation-Rules %q", u, g.status, g.header.Values("Speculation-Rules"))
		}
	}
}

// escapePath percent-encodes what the hostile name holds.
func escapePath(p string) string {
	return strings.NewReplacer(" ", "%20", "\"", "%22", "{", "%7B", "}", "%7D", "`", "%60", "$", "%24").Replace(p)
}

func TestSpeculationNginxLive(t *testing.T) {
	s := specSite(t)
	base := startNginx(t, s, "")
	// nginx cannot hold the $ of the hostile name in a map key: that page is the one
	// the warning names.
	checkSpeculation(t, &checker{base: base, client: h1Client()}, s, map[string]bool{ownRules[1]: true})
}

func TestSpeculationCaddyLive(t *testing.T) {
	s := specSite(t)
	base := startCaddy(t, s)
	checkSpeculation(t, &checker{base: base, client: h1Client()}, s, nil)
}

func TestSpeculationGoLive(t *testing.T) {
	s := specSite(t)
	bin := buildGoServer(t, s, goMain)
	port := freePort(t)
	cmd := exec.Command(bin, s.dir, fmt.Sprintf("127.0.0.1:%d", port))
	cmd.Stderr = os.Stderr
	done := startServer(t, cmd, 5*time.Second)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(t, base+"/", done)
	checkSpeculation(t, &checker{base: base, client: h1Client()}, s, nil)
}

// The _headers section and the manifest carry the same.
func TestSpeculationHeadersAndManifest(t *testing.T) {
	s := specSite(t)
	h, err := os.ReadFile(filepath.Join(s.dir, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	want := "/speculationrules.json\n  Content-Type: application/speculationrules+json\n/*\n  Speculation-Rules: \"/speculationrules.json\"\n# preloadgen:end\n"
	if !strings.HasSuffix(string(h), want) {
		t.Errorf("_headers does not end with the speculation rules:\n%s", h)
	}
	m, err := emit.ReadManifest(filepath.Join(s.cfg, emit.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Speculation == nil || m.Speculation.File != "/speculationrules.json" || m.Speculation.Header != `"/speculationrules.json"` || len(m.Speculation.Except) != 2 {
		t.Errorf("manifest: %+v", m.Speculation)
	}
}
