package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// build -speculation: the flag and the settings key, -check's exit code for the rules file,
// a second run that changes nothing, and usage errors.
func TestBuildSpeculation(t *testing.T) {
	site := siteCopy(t, "blog")
	cfg := filepath.Join(t.TempDir(), "cfg")
	code, out, errOut := runCLI(t, "build", "-speculation", "prefetch", "-config-dir", cfg, site)
	if code != 0 || !strings.Contains(out, "speculation rules (prefetch): inline in 7 pages") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	home, _ := os.ReadFile(filepath.Join(site, "index.html"))
	if !strings.Contains(string(home), `<script type="speculationrules">`) {
		t.Fatalf("no rules in the home page")
	}
	if code, out, _ = runCLI(t, "build", "-check", "-speculation", "prefetch", "-config-dir", cfg, site); code != 0 {
		t.Errorf("-check after the build: exit %d\n%s", code, out)
	}

	// The settings file asks for a rules file and a header; -check sees the file missing.
	settings := filepath.Join(t.TempDir(), "preloadgen.json")
	os.WriteFile(settings, []byte(`{"speculation": "prerender", "speculation_via": "header", "speculation_exclude": ["/about/**"]}`), 0o644)
	code, out, _ = runCLI(t, "build", "-check", "-config", settings, "-config-dir", cfg, site)
	if code != 1 || !strings.Contains(out, "speculationrules.json would change") {
		t.Errorf("-check with a missing rules file: exit %d\n%s", code, out)
	}
	code, out, errOut = runCLI(t, "build", "-config", settings, "-config-dir", cfg, site)
	if code != 0 || !strings.Contains(out, `served with Speculation-Rules: "/speculationrules.json"`) {
		t.Fatalf("header build: exit %d\n%s%s", code, out, errOut)
	}
	for _, f := range []string{filepath.Join(cfg, "nginx-server.conf"), filepath.Join(cfg, "preloadgen.caddy"), filepath.Join(cfg, "preloadhints.go"), filepath.Join(site, "_headers")} {
		if b, _ := os.ReadFile(f); !strings.Contains(string(b), "speculationrules.json") {
			t.Errorf("%s does not serve the rules file", f)
		}
	}
	rules, err := os.ReadFile(filepath.Join(site, "speculationrules.json"))
	if err != nil || !strings.Contains(string(rules), `"prerender"`) || strings.Contains(string(rules), "/about/") {
		t.Errorf("rules file: %v\n%s", err, rules)
	}
	if home, _ = os.ReadFile(filepath.Join(site, "index.html")); strings.Contains(string(home), "speculationrules") {
		t.Errorf("header delivery left inline rules in the page")
	}
	// The flag wins over the settings file: off, the configs would lose the header.
	code, out, _ = runCLI(t, "build", "-check", "-config", settings, "-speculation", "off", "-config-dir", cfg, site)
	if code != 1 || !strings.Contains(out, "nginx-server.conf") || strings.Contains(out, "speculation rules (") {
		t.Errorf("-speculation off over the settings file: exit %d\n%s", code, out)
	}

	for _, args := range [][]string{
		{"-speculation", "sometimes"},
		{"-speculation", "prefetch", "-speculation-via", "carrier-pigeon"},
		{"-speculation", "prefetch", "-speculation-eagerness", "now"},
		{"-speculation", "prefetch", "-speculation-exclude", "search/**"},
	} {
		if code, _, errOut := runCLI(t, append(append([]string{"build"}, args...), "-config-dir", cfg, site)...); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, code, errOut)
		}
	}
}
