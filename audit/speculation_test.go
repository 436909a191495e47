package audit

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/speculate"
)

func TestSpeculationRules(t *testing.T) {
	page := func(head, body string) string {
		return "<!doctype html><html><head><title>t</title>" + head + "</head><body>" + body + "</body></html>"
	}
	links := `<a href="/a/">a</a><a href="/files/report.pdf">pdf</a><a href="/files/kit.zip" download>zip</a><a href="https://other.example/x.pdf">other</a>`
	files := map[string]string{
		"a/index.html":     page("", ""),
		"404.html":         page("", ""),
		"files/report.pdf": "%PDF",
		"files/kit.zip":    "PK",
		// The author's rules, one rule set a page.
		"bad-json/index.html": page(`<script type="speculationrules">{"prefetch": [</script>`, links),
		"bad-rule/index.html": page(`<script type="speculationrules">{"prefetch": [{"eagerness": "soon", "urls": ["/a/"]}]}</script>`, links),
		"src/index.html":      page(`<script type="speculationrules" src="/rules.json"></script>`, links),
		"wide/index.html":     page(`<script type="speculationrules">{"prefetch": [{"where": {"href_matches": "/*"}}]}</script>`, links),
		"narrow/index.html":   page(`<script type="speculationrules">{"prefetch": [{"source": "document", "where": {"and": [{"href_matches": "/*"}, {"not": {"selector_matches": "a[href$='.pdf'], [download]"}}]}}]}</script>`, links),
		"unknown/index.html":  page(`<script type="speculationrules">{"prefetch": [{"source": "document", "where": {"href_matches": "/:section/*"}}]}</script>`, links),
		"list/index.html":     page(`<script type="speculationrules">{"prerender": [{"source": "list", "urls": ["/a/", "../missing/", "/404.html", "https://other.example/x.pdf"]}]}</script>`, links),
		"fine/index.html":     page(`<script type="speculationrules">{"prefetch": [{"source": "list", "urls": ["/a/"], "eagerness": "moderate"}]}</script>`, links),
		"ours/index.html":     page("<!-- preloadgen -->\n"+`<script type="speculationrules">{"prefetch": [{"where": {"href_matches": "/*"}}]}</script>`+"\n<!-- /preloadgen -->", links),
		"_headers":            "/*\n  Speculation-Rules: \"/rules.json\", \"/untyped.json\", \"/gone.json\", \"https://cdn.example/r.json\"\n/rules.json\n  Content-Type: application/speculationrules+json; charset=utf-8\n",
		"rules.json":          `{"prefetch": [{"source": "document", "where": {"href_matches": "/*"}}]}`,
		"untyped.json":        `{"prefetch": []}`,
	}
	dir := t.TempDir()
	for name, s := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := auditSite(t, dir, Options{})
	var got []string
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Rule, "speculation-") {
			got = append(got, f.Rule+" "+f.Page+" "+f.URL)
		}
	}
	a, err := New(Options{FS: os.DirFS(dir)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.HeadersSpeculation() {
		got = append(got, f.Rule+" "+f.Page+" "+f.URL)
	}
	sort.Strings(got)
	want := []string{
		"speculation-rules-invalid /bad-json/index.html ",
		"speculation-rules-invalid /bad-rule/index.html ",
		"speculation-rules-invalid /src/index.html /rules.json",
		"speculation-rules-mime /_headers /gone.json",
		"speculation-rules-mime /_headers /untyped.json",
		"speculation-rules-non-page /list/index.html /missing/",
		"speculation-rules-non-page /wide/index.html /files/report.pdf",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The whole list of the wide rule names both files.
	for _, f := range res.Findings {
		if f.Rule == RuleSpeculationNonPage && f.Page == "/wide/index.html" && !strings.Contains(f.Why, "/files/kit.zip") {
			t.Errorf("wide: %s", f.Why)
		}
		if f.Rule == RuleSpeculationNonPage && f.Page == "/list/index.html" && !strings.Contains(f.Why, "/404.html") {
			t.Errorf("list: %s", f.Why)
		}
	}
}

// FuzzSpeculationRuleSet: any text parses or fails without panicking, and any parsed
// document rule can be evaluated against a link.
func FuzzSpeculationRuleSet(f *testing.F) {
	f.Add(`{"prefetch": [{"where": {"and": [{"href_matches": ["/*", {"pathname": "/a/*"}]}, {"not": {"selector_matches": "a"}}]}}]}`)
	f.Add(`{"prerender": [{"source": "list", "urls": ["/a/"]}]}`)
	f.Add(`{"prefetch": [{"where": {"or": [{"href_matches": "/\\*:x(.*)"}]}}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := parseRuleSet([]byte(s))
		if err != nil {
			return
		}
		for _, r := range rs.rules {
			if r.document {
				evalWhere(r.where, pageLink{node: &html.Node{Type: html.ElementNode, Data: "a"}, urlPath: "/a/b", kind: speculate.NotPage})
			}
		}
	})
}
