package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/audit"
	"github.com/preloadgen/preloadgen/emit"
)

func TestAuditExitCodesAndFormats(t *testing.T) {
	site := filepath.Join("..", "..", "fixtures", "mistakes")
	code, out, errOut := runCLI(t, "audit", site)
	if code != 1 {
		t.Fatalf("audit of the mistakes: exit %d, want 1\n%s%s", code, out, errOut)
	}
	golden, err := os.ReadFile(filepath.Join("..", "..", "audit", "testdata", "mistakes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if out != string(golden) {
		t.Errorf("text output differs from audit/testdata/mistakes.txt:\n%s", out)
	}

	code, out, _ = runCLI(t, "audit", "-json", site)
	var res audit.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 1 {
		t.Fatalf("-json: exit %d, %v\n%s", code, err, out)
	}
	if res.Pages != 7 || res.Errors != 7 || len(res.Findings) != res.Errors+res.Warnings+res.Infos {
		t.Errorf("-json counts: %+v", res)
	}

	code, out, _ = runCLI(t, "audit", "-format", "github", site)
	if code != 1 || !strings.Contains(out, "::error file="+filepath.ToSlash(site)+"/index.html,line=23,col=3,title=preloadgen lcp-lazy::") {
		t.Errorf("-format github: exit %d\n%s", code, out)
	}

	// Every error-level rule off: exit 0.
	code, out, errOut = runCLI(t, "audit", "-rules", "-unused-preload,-preload-as-mismatch,-font-preload-cors,-lcp-lazy,lcp-fetchpriority-low=warning", site)
	if code != 0 || !strings.HasSuffix(out, "7 pages audited: 8 warnings\n") {
		t.Errorf("-rules: exit %d\n%s%s", code, out, errOut)
	}
	for _, bad := range [][]string{{"-rules", "-nope"}, {"-rules", "lcp-lazy=loud"}, {"-rules", "capo-order"}, {"-format", "xml"}} {
		if code, _, _ := runCLI(t, append(append([]string{"audit"}, bad...), site)...); code != 2 {
			t.Errorf("audit %v: exit %d, want 2", bad, code)
		}
	}

	code, out, errOut = runCLI(t, "audit", filepath.Join("..", "..", "fixtures", "blog"))
	if code != 0 || out != "7 pages audited: no findings\n" {
		t.Errorf("clean site: exit %d\n%s%s", code, out, errOut)
	}
}

// TestAuditPages: a finding a shared head repeats is printed once with its page count;
// -pages and -v list every place; -json keeps every finding.
func TestAuditPages(t *testing.T) {
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "s.css"), []byte("p{color:red}"), 0o644)
	os.WriteFile(filepath.Join(site, "a.js"), []byte("var a"), 0o644)
	const n = 5
	for i := range n {
		dir := filepath.Join(site, fmt.Sprintf("d%d", i))
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "index.html"), []byte(`<!doctype html><html><head><title>P</title><link rel="stylesheet" href="../s.css"><script src="../a.js"></script></head><body><p>x</p></body></html>`), 0o644)
	}
	_, out, _ := runCLI(t, "audit", site)
	if !strings.Contains(out, fmt.Sprintf("  %d pages: warning: /a.js: ", n)) || strings.Count(out, "index.html:1:") != 3 {
		t.Errorf("grouped output:\n%s", out)
	}
	for _, flag := range []string{"-pages", "-v"} {
		_, out, _ = runCLI(t, "audit", flag, site)
		if got := strings.Count(out, "      at d"); got != n {
			t.Errorf("audit %s lists %d places, want %d:\n%s", flag, got, n, out)
		}
	}
	_, out, _ = runCLI(t, "audit", "-json", site)
	var res audit.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Findings) != n {
		t.Errorf("-json: %v, %d findings, want %d", err, len(res.Findings), n)
	}
}

func TestAuditSettingsSeverities(t *testing.T) {
	site := siteCopy(t, "mistakes")
	cfg := filepath.Join(t.TempDir(), "settings.json")
	os.WriteFile(cfg, []byte(`{"audit": {"lcp-lazy": "info", "unused-preload": "off", "capo-order": "error"}}`), 0o644)
	_, out, _ := runCLI(t, "audit", "-config", cfg, site)
	if strings.Contains(out, "unused-preload") || !strings.Contains(out, "lcp-lazy: 2 infos") || !strings.Contains(out, "capo-order: 1 error") {
		t.Errorf("settings severities not applied:\n%s", out)
	}
	os.WriteFile(cfg, []byte(`{"audit": {"lcp-lazy": "loud"}}`), 0o644)
	if code, _, _ := runCLI(t, "audit", "-config", cfg, site); code != 2 {
		t.Errorf("bad severity in the settings: exit %d, want 2", code)
	}
}

// TestBuildFix checks build -fix byte for byte against audit/testdata/fixed (with
// preloadgen's own block removed), -check's list, and that a second run changes nothing.
func TestBuildFix(t *testing.T) {
	site := siteCopy(t, "mistakes")
	cfg := filepath.Join(t.TempDir(), "cfg")
	before, _ := os.ReadFile(filepath.Join(site, "index.html"))
	code, out, errOut := runCLI(t, "build", "-fix", "-check", "-config-dir", cfg, site)
	if code != 1 || !strings.Contains(out, "would fix: index.html:23:3: lcp-lazy: remove loading=lazy and add fetchpriority=high: <img class=\"hero-image\"") {
		t.Fatalf("build -fix -check: exit %d\n%s%s", code, out, errOut)
	}
	if after, _ := os.ReadFile(filepath.Join(site, "index.html")); string(after) != string(before) {
		t.Fatal("-fix -check wrote a page")
	}
	if code, out, errOut = runCLI(t, "build", "-fix", "-config-dir", cfg, site); code != 0 {
		t.Fatalf("build -fix: exit %d\n%s%s", code, out, errOut)
	}
	fixed := filepath.Join("..", "..", "audit", "testdata", "fixed")
	changes, err := os.ReadFile(filepath.Join(fixed, "changes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if n, want := strings.Count(out, "fixed: "), strings.Count(string(changes), "\n"); n != want {
		t.Errorf("%d repairs listed, want %d (audit/testdata/fixed/changes.txt):\n%s", n, want, out)
	}
	for _, page := range []string{"index.html", "about/index.html", "journal/index.html", "app/index.html", "photo/index.html"} {
		got, _ := os.ReadFile(filepath.Join(site, page))
		want, err := os.ReadFile(filepath.Join(fixed, strings.ReplaceAll(page, "/", "_")))
		if err != nil {
			t.Fatal(err)
		}
		if string(emit.Strip(got)) != string(want) {
			t.Errorf("%s after build -fix, without preloadgen's block:\n%s\nwant:\n%s", page, emit.Strip(got), want)
		}
	}
	code, out, _ = runCLI(t, "build", "-fix", "-check", "-config-dir", cfg, site)
	if code != 0 || strings.Contains(out, "would fix") || strings.Contains(out, "would change:") {
		t.Errorf("second build -fix -check: exit %d\n%s", code, out)
	}
}

// Without -fix a build changes nothing of the author's markup: removing its block gives
// back each page byte for byte.
func TestBuildWithoutFixKeepsMarkup(t *testing.T) {
	site := siteCopy(t, "mistakes")
	orig := filepath.Join("..", "..", "fixtures", "mistakes")
	if code, out, errOut := runCLI(t, "build", "-config-dir", filepath.Join(t.TempDir(), "cfg"), site); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, out, errOut)
	}
	for _, page := range []string{"index.html", "about/index.html", "journal/index.html", "app/index.html", "photo/index.html", "notes/index.html", "shop/index.html"} {
		got, _ := os.ReadFile(filepath.Join(site, page))
		want, _ := os.ReadFile(filepath.Join(orig, page))
		if string(emit.Strip(got)) != string(want) {
			t.Errorf("%s: build without -fix changed the author's markup", page)
		}
	}
}
