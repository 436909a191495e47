// A site whose file names try to break out of every config format. Each page links its own
// stylesheet, which @imports a CSS file with a hostile name, so both become header hints and
// each page has hints no other page has.
package emit_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
