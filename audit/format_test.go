package audit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedHeadSite writes a site of n pages in three directory depths that share one head:
// two parser-blocking scripts after the stylesheet (spelled relative to each page) and an
// unused preconnect. Page 0 also has a finding of its own.
func sharedHeadSite(t *testing.T, n int) string {
	dir := t.TempDir()
	write := func(name, s string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("_static/site.css", "body{color:#111}")
	write("_static/jquery.js", "var a=1")
	write("_static/doctools.js", "var b=1")
	for i := range n {
		prefix, up := []string{"", "library/", "c-api/deep/"}[i%3], []string{"", "../", "../../"}[i%3]
		extra := ""
		if i == 0 {
			extra = `<link rel="preload" href="/missing.woff2" as="font" crossorigin>`
		}
		write(fmt.Sprintf("%spage%03d.html", prefix, i), `<!doctype html><html><head><meta charset="utf-8"><title>Page</title>
<link rel="preconnect" href="https://cdn.example">
<link rel="stylesheet" href="`+up+`_static/site.css">
<script src="`+up+`_static/jquery.js"></script>
<script src="`+up+`_static/doctools.js"></script>`+extra+`
</head><body><p>Text.</p></body></html>
`)
	}
	return dir
}

// TestGroupsSharedHead: findings a shared head repeats on every page are one group each,
// whatever each page's spelling of the URL, and the text prints each once.
func TestGroupsSharedHead(t *testing.T) {
	const n = 60
	res := auditSite(t, sharedHeadSite(t, n), Options{})
	gs := res.Groups()
	if len(gs) != 4 {
		for _, g := range gs {
			t.Logf("%s %s %s (%d places)", g.Rule, g.URL, g.Why, len(g.Places))
		}
		t.Fatalf("%d groups of %d findings, want 4 (2 scripts, 1 preconnect, 1 preload)", len(gs), len(res.Findings))
	}
	total := 0
	for _, g := range gs {
		total += len(g.Places)
		if want := n; g.Rule != RuleUnusedPreload && (g.Pages != want || len(g.Places) != want) {
			t.Errorf("%s %s: %d places on %d pages, want %d", g.Rule, g.URL, len(g.Places), g.Pages, want)
		}
	}
	if total != len(res.Findings) {
		t.Errorf("groups hold %d findings, the result %d", total, len(res.Findings))
	}
	for _, tc := range []struct {
		o        TextOptions
		maxLines int
		places   int // "at" places listed
	}{
		{TextOptions{}, 30, 3*3 + 1},
		{TextOptions{Examples: 1}, 30, 3 + 1},
		{TextOptions{AllPlaces: true}, 30 + 3*n, 3*n + 1},
	} {
		var b bytes.Buffer
		if err := WriteText(&b, res, tc.o); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if lines := strings.Count(out, "\n"); lines > tc.maxLines {
			t.Errorf("%+v: %d lines, want at most %d:\n%s", tc.o, lines, tc.maxLines, out)
		}
		places := strings.Count(out, ".html:") // every place is page:line:col
		if places != tc.places {
			t.Errorf("%+v: %d places printed, want %d:\n%s", tc.o, places, tc.places, out)
		}
		if !strings.Contains(out, fmt.Sprintf("%d pages: warning: /_static/jquery.js: ", n)) {
			t.Errorf("%+v: no grouped line for jquery.js:\n%s", tc.o, out)
		}
	}
}

// TestGitHubWithinLimits: GitHub shows 10 annotations of each level per step, so the
// annotations are of groups, at most 10 a level, and what does not fit is in the log.
func TestGitHubWithinLimits(t *testing.T) {
	for _, tc := range []struct{ groups, pages int }{{1, 1}, {3, 200}, {10, 5}, {11, 5}, {40, 3}} {
		var fs []Finding
		for g := range tc.groups {
			for p := range tc.pages {
				for _, sev := range []Severity{Error, Warning} {
					fs = append(fs, Finding{Rule: RuleCapoOrder, Severity: sev, Page: fmt.Sprintf("/p%d.html", p), Line: 3, Col: 1,
						URL: fmt.Sprintf("/s%d.js", g), Why: "why", Fix: "fix"})
				}
			}
		}
		var b bytes.Buffer
		if err := WriteGitHub(&b, Summarize(fs, tc.pages), "public"); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, level := range []string{"error", "warning"} {
			n := strings.Count(out, "::"+level+" ")
			if want := min(tc.groups, ghPerLevel); n != want {
				t.Errorf("%+v: %d %s annotations, want %d", tc, n, level, want)
			}
			logged := strings.Count(out, "\npreloadgen capo-order: "+level+": ")
			if want := max(tc.groups-ghPerLevel, 0); logged != want {
				t.Errorf("%+v: %d %s findings in the log, want %d", tc, logged, level, want)
			}
			if more := strings.Contains(out, "more "+level+" findings are in the log"); more != (tc.groups > ghPerLevel) {
				t.Errorf("%+v: says more %s findings are in the log: %v", tc, level, more)
			}
		}
		if tc.pages > 1 && !strings.Contains(out, fmt.Sprintf("on %d pages: ", tc.pages)) {
			t.Errorf("%+v: annotation does not give the page count:\n%s", tc, out)
		}
	}
}
