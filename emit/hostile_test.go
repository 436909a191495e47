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
// every line of every format is a line the uncut output has too (so no new line, and none
// cut short), except nginx map rows, whose value is then a leading run of the uncut row's
// values ending at a value boundary.
func TestHostileCapDropsWholeValues(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	buildHostile(t, site)
	res, err := preloadgen.Analyze(context.Background(), preloadgen.Options{Source: preloadgen.Source{Dir: site}})
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"nginx-http.conf", "preloadgen.caddy", "preloadhints.go", "preloadgen-manifest.json", "_headers"}
	write := func(caps map[emit.Format]int) (map[string][]string, []string) {
		cfg := t.TempDir()
		cr, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{Dir: cfg, SiteDir: site, Pages: res.Pages, LinkCaps: caps})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]string{}
		for _, f := range files {
			p := filepath.Join(cfg, f)
			if f == "_headers" {
				p = filepath.Join(site, f)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range strings.Split(string(b), "\n") {
				if f == "preloadgen-manifest.json" {
					l = strings.TrimSuffix(l, ",") // the last value of a list has none
				}
				out[f] = append(out[f], l)
			}
		}
		return out, cr.Warnings
	}
	none := -1
	full, _ := write(map[emit.Format]int{"nginx": none, "caddy": none, "go": none, "headers": none, "json": none})
	cut, warns := write(map[emit.Format]int{"nginx": 60, "caddy": 60, "go": 20, "headers": 60, "json": 60})
	if len(warns) == 0 {
		t.Fatal("no page was cut")
	}
	for _, f := range files {
		have := map[string]bool{}
		rows := map[string]string{} // nginx map rows by key
		for _, l := range full[f] {
			have[l] = true
			if k, _, ok := strings.Cut(l, `" "`); ok && f == "nginx-http.conf" {
				rows[k] = l
			}
		}
		dropped := len(full[f]) - len(cut[f])
		for _, l := range cut[f] {
			if have[l] {
				continue
			}
			k, _, ok := strings.Cut(l, `" "`)
			if f == "nginx-http.conf" && ok && rows[k] != "" && strings.HasPrefix(rows[k], strings.TrimSuffix(l, `";`)+", <") {
				dropped++
				continue
			}
			t.Errorf("%s: line not in the uncut output: %q", f, l)
		}
		if dropped == 0 {
			t.Errorf("%s: nothing cut", f)
		}
	}
}
