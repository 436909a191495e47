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

// TestAnalyzePagesFlag: -pages keeps the report to the pages its globs match; a malformed
// glob or viewport is a usage error, as is -verify with globs that match no page.
func TestAnalyzePagesFlag(t *testing.T) {
	site := filepath.Join("..", "..", "fixtures", "gallery")
	code, out, errOut := runCLI(t, "analyze", "-pages", "/landing/**", site)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "/landing/index.html") || strings.Contains(out, "/photo/") || strings.Contains(out, "\n/index.html") {
		t.Errorf("report not limited to /landing/**:\n%s", out)
	}
	for _, args := range [][]string{
		{"-pages", "/blog/[a"},
		{"-viewports", "tablet"},
		{"-viewports", "800x"},
		{"-verify", "-chrome", filepath.Join(t.TempDir(), "no-such-chrome"), "-pages", "/nothing/**"},
	} {
		code, _, errOut := runCLI(t, append(append([]string{"analyze"}, args...), site)...)
		if code != 2 && !(args[0] == "-verify" && code == 1) {
			t.Errorf("%q: exit %d, want 2 (usage): %s", args, code, errOut)
		}
	}
}

// TestAnalyzeVerifyPagesViewports: -verify loads only the pages -pages matches, at the
// screens -viewports names.
func TestAnalyzeVerifyPagesViewports(t *testing.T) {
	chrome, err := verify.FindChrome(os.Getenv("PRELOADGEN_CHROME"))
	if err != nil {
		testenv.Missing(t, "%v", err)
	}
	site := filepath.Join("..", "..", "fixtures", "gallery")
	code, out, errOut := runCLI(t, "analyze", "-verify", "-chrome", chrome, "-json", "-pages", "/landing/", "-viewports", "phone,1024x768", site)
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
	if v == nil || len(v.Checks) != 2 {
		t.Fatalf("verify object: %+v", v)
	}
	for i, vp := range []string{"phone", "1024x768"} {
		if c := v.Checks[i]; c.Page != "/landing/index.html" || c.Viewport != vp || c.Error != "" {
			t.Errorf("check %d: %+v, want /landing/index.html at %s", i, c, vp)
		}
	}
	if len(v.Viewports) != 2 || v.Viewports[1].Width != 1024 || v.Viewports[1].Height != 768 {
		t.Errorf("viewports %+v", v.Viewports)
	}
}
