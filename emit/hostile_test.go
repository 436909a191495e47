// A site whose file names try to break out of every config format. Each page links its own
// stylesheet, which @imports a CSS file with a hostile name, so both become header hints and
// each page has hints no other page has.
package emit_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
)

// hostileNames are asset names (a CSS file each); pages get names from the same list.
var hostileNames = []string{
	`q"uote`, `br{ace}`, `dol$lar`, `$document_root`, `{$HOME}`, `{path}`, `semi;colon`,
	`star*`, `pct%41`, `sp ace`, `ünï`, "cr\rlf\n", `back\slash`, "back`tick",
	`x"; } location = { return 200 "pwned`, "x`\n\trespond 200 {\n", `:colon`, `Upper`,
	`a,b<c>d`, `#hash?q`,
}

// buildHostile writes the hostile site into dir. Names the filesystem refuses are left out.
func buildHostile(t *testing.T, dir string) {
	t.Helper()
	for _, d := range []string{"h", "s"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) bool {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Logf("skipping %q: %v", p, err)
			return false
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Logf("skipping %q: %v", p, err)
			return false
		}
		return true
	}
	for i, n := range hostileNames {
		if !write(filepath.Join(dir, "h", n+".css"), fmt.Sprintf("h1{color:#%06x}\n", i)) {
			continue
		}
		write(filepath.Join(dir, "s", fmt.Sprintf("%d.css", i)),
			fmt.Sprintf("@import url(\"../h/%s\");\nbody{margin:%dpx}\n", url.PathEscape(n+".css"), i))
		html := fmt.Sprintf("<!doctype html><html><head><meta charset=utf-8><title>page %d</title>"+
			"<link rel=stylesheet href=\"/s/%d.css\"></head><body><h1>Hello %d</h1></body></html>\n", i, i, i)
		// Even pages sit in a directory with a hostile name, odd ones are hostile files.
		var page string
		if i%2 == 0 {
			page = filepath.Join(dir, n, "index.html")
		} else {
			page = filepath.Join(dir, n+".html")
		}
		if strings.ContainsAny(n, "?#") {
			// Browsers cannot ask for such a path by name; keep it an asset only.
			page = filepath.Join(dir, fmt.Sprintf("p%d.html", i))
		}
		write(page, html)
	}
	write(filepath.Join(dir, "index.html"), "<!doctype html><html><head><title>home</title><link rel=stylesheet href=\"/s/0.css\"></head><body><h1>Home</h1></body></html>\n")
}

// TestHostileCapDropsWholeValues: cutting to a cap only drops whole values. Under tight caps
// every page gets, in every format, a leading run of the values it gets uncut, and some
// page gets fewer.
func TestHostileCapDropsWholeValues(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	buildHostile(t, site)
	res, err := preloadgen.Analyze(context.Background(), preloadgen.Options{Source: preloadgen.Source{Dir: site}})
	if err != nil {
		t.Fatal(err)
	}
	write := func(caps map[emit.Format]int) (*configs, []string) {
		cfg := t.TempDir()
		cr, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{Dir: cfg, SiteDir: site, Pages: res.Pages, LinkCaps: caps})
		if err != nil {
			t.Fatal(err)
		}
		return readConfigs(t, site, cfg), cr.Warnings
	}
	none := -1
	full, _ := write(map[emit.Format]int{"nginx": none, "caddy": none, "go": none, "headers": none, "json": none})
	cut, warns := write(map[emit.Format]int{"nginx": 60, "caddy": 60, "go": 20, "headers": 60, "json": 60})
	if len(warns) == 0 {
		t.Fatal("no page was cut")
	}
	for _, f := range []string{"nginx", "caddy", "go", "headers", "json"} {
		dropped := 0
		for _, p := range res.Pages {
			if strings.ContainsAny(p.Path, "\r\n") {
				continue // left out of every format
			}
			all, kept := full.links(t, f, p.Path), cut.links(t, f, p.Path)
			if len(kept) > len(all) || strings.Join(kept, "\n") != strings.Join(all[:len(kept)], "\n") {
				t.Errorf("%s: %s: cut to %q, not a leading run of %q", f, p.Path, kept, all)
			}
			dropped += len(all) - len(kept)
		}
		if dropped == 0 {
			t.Errorf("%s: nothing cut", f)
		}
	}
}
