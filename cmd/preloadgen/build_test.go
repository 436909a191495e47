package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/treecopy"
)

// siteCopy copies a fixture into a temp dir the test may rewrite.
func siteCopy(t *testing.T, fixture string) string {
	t.Helper()
	src := filepath.Join("..", "..", "fixtures", fixture)
	dst := t.TempDir()
	treecopy.Copy(t, src, dst)
	return dst
}

func TestBuildCheckExitCodes(t *testing.T) {
	site := siteCopy(t, "blog")
	cfg := filepath.Join(t.TempDir(), "cfg")
	before, _ := os.ReadFile(filepath.Join(site, "index.html"))

	code, out, errOut := runCLI(t, "build", "-check", "-config-dir", cfg, site)
	if code != 1 {
		t.Fatalf("-check before a build: exit %d, want 1\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "would change: index.html\n") || !strings.Contains(out, "would change: posts/typography/index.html\n") {
		t.Errorf("-check does not list the pages:\n%s", out)
	}
	if after, _ := os.ReadFile(filepath.Join(site, "index.html")); string(after) != string(before) {
		t.Fatal("-check modified a page")
	}
	if _, err := os.Stat(cfg); err == nil {
		t.Error("-check wrote the config dir")
	}

	code, out, errOut = runCLI(t, "build", "-config-dir", cfg, site)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.HasPrefix(out, "7 pages scanned: 7 rewritten, 0 left as they were; ") || !strings.Contains(out, "estimated LCP saving of the hint tags") {
		t.Errorf("summary: %q", out)
	}
	code, out, errOut = runCLI(t, "build", "-check", "-config-dir", cfg, site)
	if code != 0 {
		t.Fatalf("-check after a build: exit %d, want 0\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "0 would be rewritten, 7 would be left as they were") {
		t.Errorf("summary: %q", out)
	}
}

func TestBuildUsageErrors(t *testing.T) {
	site := siteCopy(t, "blog")
	for _, args := range [][]string{
		{"build"},
		{"build", site, site},
		{"build", "-emit", "apache", site},
		{"build", "-config-dir", filepath.Join(site, "cfg"), site},
		{"build", "-out", site, site},
		{"build", "-nope", site},
	} {
		if code, _, errOut := runCLI(t, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, errOut)
		}
	}
}

func TestBuildJSONQuietAndPiped(t *testing.T) {
	site := siteCopy(t, "app")
	cfg := filepath.Join(t.TempDir(), "cfg")
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, errOut := runCLI(t, "build", "-json", "-emit", "json", "-out", out, "-config-dir", cfg, site)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res preloadgen.BuildResult
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("-json output: %v\n%s", err, stdout)
	}
	if res.Scanned != 2 || len(res.Pages) != 2 || res.Pages[0].Page != "/index.html" || res.Pages[0].Added == 0 || len(res.Pages[0].Hints) == 0 {
		t.Errorf("report: %+v", res)
	}

	// Piped stderr (a pipe, not a terminal): no progress bar; -q: no summary.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	code = run(t.Context(), []string{"build", "-q", "-config-dir", cfg, site}, &sb, w)
	w.Close()
	piped, _ := io.ReadAll(r)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, piped)
	}
	if strings.Contains(string(piped), "\r") || strings.Contains(string(piped), "pages\x1b") {
		t.Errorf("progress bar drawn on a pipe: %q", piped)
	}
	if sb.Len() != 0 {
		t.Errorf("-q printed: %q", sb.String())
	}
}

func TestProgressBarOnlyOnTerminal(t *testing.T) {
	var sb strings.Builder
	b := newProgressBar(&sb, true)
	b.update(1, 2)
	b.finish()
	if sb.Len() != 0 {
		t.Fatalf("bar drawn on a non-terminal: %q", sb.String())
	}
	b = &progressBar{w: &sb, on: true, shown: -1}
	b.update(1, 2)
	b.update(2, 2)
	if !strings.Contains(sb.String(), "2/2 pages") {
		t.Fatalf("bar: %q", sb.String())
	}
}

func TestBuildPartialFailureExitsOne(t *testing.T) {
	site := siteCopy(t, "blog")
	out := t.TempDir()
	// A plain file where -out needs the about/ directory.
	os.WriteFile(filepath.Join(out, "about"), []byte("in the way"), 0o644)
	code, stdout, errOut := runCLI(t, "build", "-out", out, "-config-dir", filepath.Join(t.TempDir(), "cfg"), site)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, stdout, errOut)
	}
	if !strings.Contains(errOut, "error: about") {
		t.Errorf("failure not reported as file: error:\n%s", errOut)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("other pages not written: %v", err)
	}
}

// The settings file is the tool's, not the site's: build -out never copies it (it would be
// deployed), and removes a copy an earlier build left there. Other files are copied.
func TestBuildOutLeavesSettingsFileBehind(t *testing.T) {
	site := siteCopy(t, "blog")
	out := filepath.Join(t.TempDir(), "out")
	os.WriteFile(filepath.Join(site, "preloadgen.json"), []byte(`{"max_fonts": 2}`), 0o644)
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "preloadgen.json"), []byte(`{"stale": true}`), 0o644)
	if code, o, e := runCLI(t, "build", "-q", "-out", out, "-config-dir", filepath.Join(t.TempDir(), "cfg"), site); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, o, e)
	}
	if _, err := os.Stat(filepath.Join(out, "preloadgen.json")); err == nil {
		t.Error("preloadgen.json is in the -out tree")
	}
	if _, err := os.Stat(filepath.Join(site, "preloadgen.json")); err != nil {
		t.Errorf("the site's own settings file is gone: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "css", "main.css")); err != nil {
		t.Errorf("assets not copied: %v", err)
	}
	// A settings file given with -config elsewhere in the site is kept out too.
	os.MkdirAll(filepath.Join(site, "conf"), 0o755)
	os.WriteFile(filepath.Join(site, "conf", "hints.json"), []byte(`{}`), 0o644)
	if code, o, e := runCLI(t, "build", "-q", "-config", filepath.Join(site, "conf", "hints.json"), "-out", out, "-config-dir", filepath.Join(t.TempDir(), "cfg"), site); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, o, e)
	}
	if _, err := os.Stat(filepath.Join(out, "conf", "hints.json")); err == nil {
		t.Error("the -config file is in the -out tree")
	}
}

// TestBuildSummary: the summary counts pages rewritten apart from pages left or copied as
// they were, and hints in pages apart from header hints; the saving is per page in
// milliseconds, and a saving the LCP's bytes hide is named with what hides it.
func TestBuildSummary(t *testing.T) {
	pol := graph.DefaultPolicy()
	hidden := graph.Saving{SlowMS: 0, FastMS: 85, ChainMS: 240, Bound: true, WaitsMS: 2165, Scripts: 9, ScriptBytes: 381959}
	plain := graph.Saving{SlowMS: 160, FastMS: 150, ChainMS: 160, WaitsMS: 107}
	pages := func(n, added int, s graph.Saving) []preloadgen.PageBuild {
		var ps []preloadgen.PageBuild
		for range n {
			ps = append(ps, preloadgen.PageBuild{Added: added, Saving: s})
		}
		return ps
	}
	for _, tc := range []struct {
		name       string
		res        preloadgen.BuildResult
		check, out bool
		want, not  []string
	}{
		{"nothing to hint, copied", preloadgen.BuildResult{Scanned: 32101, Changed: 32101, Kept: 32101, HeaderHints: 40000, HeaderPages: 32101, Pages: pages(3, 0, graph.Saving{})}, false, true,
			[]string{"32101 pages scanned: 0 rewritten, 32101 copied as they were; 0 hint tags in the pages, 40000 header hints for 32101 pages\n"}, []string{"saving"}},
		{"hidden", preloadgen.BuildResult{Scanned: 530, Changed: 530, Rewritten: 530, PageHints: 1590, Pages: pages(530, 3, hidden)}, false, false,
			[]string{"530 rewritten, 0 left as they were", "(median of 530 pages with tags): 0 ms at 1.6 Mbit/s, 85 ms at 20 Mbit/s (80 ms round trips)",
				"hidden on 530 of them: the tags take 240 ms of round trips off the chain, but the LCP waits 2165 ms for its bytes at 1.6 Mbit/s, 373 KB of them parser-blocking scripts in the head: defer them (audit rule blocking-scripts)"}, nil},
		{"saving", preloadgen.BuildResult{Scanned: 7, Changed: 0, Rewritten: 6, Kept: 1, PageHints: 15, Pages: append(pages(6, 2, plain), pages(1, 0, graph.Saving{})...)}, true, false,
			[]string{"7 pages scanned: 6 would be rewritten, 1 would be left as they were", "(median of 6 pages with tags): 160 ms at 1.6 Mbit/s, 150 ms at 20 Mbit/s"}, []string{"hidden"}},
		{"out, up to date", preloadgen.BuildResult{Scanned: 7, Changed: 0, Rewritten: 6, Kept: 1}, false, true,
			[]string{"6 rewritten, 1 copied as they were (0 written; -out held the others already)"}, nil},
	} {
		got := buildSummary(&tc.res, tc.check, tc.out, pol)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: summary lacks %q:\n%s", tc.name, w, got)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: summary has %q:\n%s", tc.name, w, got)
			}
		}
	}
}
