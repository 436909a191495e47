package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/graph"
)

func TestPageFile(t *testing.T) {
	seen := map[string]string{}
	for _, p := range []string{
		"/index.html", "/posts/hello/index.html", "/posts-hello/index.html", "/../../etc/passwd",
		"/a b/ü.html", "/", "", "/" + strings.Repeat("x", 300) + ".html", `/"><script>x</script>.html`,
	} {
		f := PageFile(p)
		if strings.ContainsAny(f, `/\ "'<>&`) || strings.HasPrefix(f, ".") || strings.HasPrefix(f, "-") || f == IndexFile || len(f) > 80 || !strings.HasSuffix(f, ".html") {
			t.Errorf("PageFile(%q) = %q: not a safe file name", p, f)
		}
		if q, dup := seen[f]; dup {
			t.Errorf("PageFile(%q) = PageFile(%q) = %q", p, q, f)
		}
		seen[f] = p
	}
	if got := PageFile("/posts/hello/index.html"); !strings.HasPrefix(got, "posts-hello-index-html-") {
		t.Errorf("PageFile keeps the path readable: got %q", got)
	}
}

// A page's path, URLs, reasons and LCP text come from the site: they are escaped wherever
// they land (text, SVG text, titles, attributes).
func TestChainsEscape(t *testing.T) {
	dir := t.TempDir()
	c, err := NewChains(ChainOptions{Dir: dir, Title: "<b>site</b>"})
	if err != nil {
		t.Fatal(err)
	}
	evil := `/"><script>alert(1)</script>.html`
	p := &graph.Page{
		Path: evil,
		LCP:  &graph.LCP{Kind: graph.LCPText, Element: "h1", Text: "</title><script>x</script>"},
		Resources: []*graph.Resource{
			{URL: "/a<script>.css", Kind: graph.KindStyle, Depth: 1, Needed: true, Why: "render-blocking stylesheet", Via: evil, Bytes: 10},
			{URL: "/b.woff2", Kind: graph.KindFont, Depth: 2, Needed: true, Why: "used <img onerror=x> (not hinted: over the font budget (0 per page))", Via: "/a<script>.css", Bytes: 10},
		},
		Hints: []graph.Hint{{URL: "/a<script>.css", Rel: "preload", As: "style", Depth: 1, Header: true, Reason: "render-blocking <stylesheet>"}},
	}
	if err := c.Add(p); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{IndexFile, PageFile(evil)} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, bad := range []string{"<script", "<b>", "<img"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s: unescaped %q", f, bad)
			}
		}
		if f != IndexFile && !strings.Contains(s, "over the font budget (0 per page)") {
			t.Errorf("%s: the budget that left the font out is not named", f)
		}
	}
}

func TestHumanBytes(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 B"},
		{812, "812 B"},
		{1023, "1023 B"},
		{1024, "1.0 KiB"},
		{2047, "2.0 KiB"},
		{1536, "1.5 KiB"},
		{1<<20 - 1, "1024.0 KiB"},
		{1 << 20, "1.0 MiB"},
		{1363148, "1.3 MiB"},
		{5 << 30, "5120.0 MiB"},
	}
	for _, tt := range tests {
		if got := HumanBytes(tt.n); got != tt.want {
			t.Errorf("HumanBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
