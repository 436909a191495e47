package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/internal/testenv"
	"github.com/preloadgen/preloadgen/verify"
)

func TestAnalyzeVerifyNoChrome(t *testing.T) {
	site := filepath.Join("..", "..", "fixtures", "gallery")
	code, out, errOut := runCLI(t, "analyze", "-verify", "-chrome", filepath.Join(t.TempDir(), "no-such-chrome"), site)
	if code != 1 || !strings.Contains(errOut, "no-such-chrome") || out != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 1, nothing on stdout, the path in the error", code, out, errOut)
	}
	if verify.ErrNoChrome.Error() == "" || !strings.Contains(verify.ErrNoChrome.Error(), "install chromium") ||
		!strings.Contains(verify.ErrNoChrome.Error(), "-chrome PATH") {
		t.Errorf("ErrNoChrome %q should say: install chromium or pass -chrome PATH", verify.ErrNoChrome)
	}
}

func TestAnalyzeVerify(t *testing.T) {
	if _, err := verify.FindChrome(os.Getenv("PRELOADGEN_CHROME")); err != nil {
		testenv.Missing(t, "%v", err)
	}
	site := filepath.Join("..", "..", "fixtures", "gallery")
	chrome, _ := verify.FindChrome(os.Getenv("PRELOADGEN_CHROME"))
	code, out, errOut := runCLI(t, "analyze", "-verify", "-chrome", chrome, "-json", site)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Verify *verify.Result `json:"verify"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	v := res.Verify
	if v == nil || len(v.Checks) != 6 || len(v.Summary) != 3 || v.Summary[2].Viewport != "all" || v.Summary[2].Pages != 6 {
		t.Fatalf("verify object: %+v", v)
	}
	for _, c := range v.Checks {
		if c.Page == "/landing/index.html" && (c.Verdict != verify.SameElement || !c.ImageRight) {
			t.Errorf("%s %s: %s, want the banner background, same element", c.Page, c.Viewport, c.Verdict)
		}
	}

	// The text report, on a one-page site.
	one := t.TempDir()
	if err := os.WriteFile(filepath.Join(one, "index.html"), []byte(`<!doctype html><title>t</title><h1>A title</h1><p>Some text.</p>`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, "analyze", "-verify", "-chrome", chrome, one)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"LCP as ", "VIEWPORT", "IMAGE RIGHT", "TEXT AS TEXT", "SAME ELEMENT", "phone", "desktop"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
}

// TestLCPSettings: the settings file's "lcp" object reaches the analysis, and a bad glob or
// selector is a usage error.
func TestLCPSettings(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("hero.jpg", "x")
	write("index.html", `<!doctype html><title>t</title><img src="hero.jpg" width="1200" height="800"><h1 class="t">Title</h1>`)
	for _, tc := range []struct {
		name     string
		settings string
		code     int
		want     string // in the LCP element, or in stderr for a usage error
	}{
		{"none", ``, 0, `"element": "img"`},
		{"selector", `{"lcp": {"/": "h1.t"}}`, 0, `"element": "h1.t"`},
		{"other pages", `{"lcp": {"/blog/**": "h1.t"}}`, 0, `"element": "img"`},
		{"bad selector", `{"lcp": {"/": "h1["}}`, 2, "selector"},
		{"bad glob", `{"lcp": {"/[": "h1"}}`, 2, "page glob"},
		{"relative glob", `{"lcp": {"blog/*": "h1"}}`, 2, "must start with /"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(filepath.Join(dir, "preloadgen.json"))
			if tc.settings != "" {
				write("preloadgen.json", tc.settings)
			}
			code, out, errOut := runCLI(t, "analyze", "-json", dir)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, errOut)
			}
			if got := out + errOut; !strings.Contains(got, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, got)
			}
		})
	}
}
