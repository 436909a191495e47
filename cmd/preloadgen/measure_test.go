package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/internal/testenv"
	"github.com/preloadgen/preloadgen/measure"
)

func TestMeasureUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"measure"}, "expected"},
		{[]string{"measure", "-profile", "dialup", "x"}, "unknown profile"},
		{[]string{"measure", "-down", "fast", "x"}, "bad rate"},
		{[]string{"measure", "-runs", "0", "x"}, "-runs"},
	} {
		code, _, errOut := runCLI(t, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]int64{"1.6M": 1_600_000, "768k": 768_000, "20Mbit/s": 20_000_000, "1000": 1000} {
		if got, err := parseRate(in); err != nil || got != want {
			t.Errorf("parseRate(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestMeasureBuildsAndReportsJSON(t *testing.T) {
	if _, err := measure.FindChrome(""); err != nil {
		testenv.Missing(t, "%v", err)
	}
	site := filepath.Join("..", "..", "fixtures", "gallery")
	code, out, errOut := runCLI(t, "measure", "-json", "-runs", "1", "-profile", "fast", "-pages", "/photo/", site)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep measure.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Pages) != 1 || rep.Pages[0].Page != "/photo/index.html" || len(rep.Pages[0].RunsB) != 1 || rep.Pages[0].B.LCP <= 0 {
		t.Errorf("report: %s", out)
	}
	if !strings.Contains(rep.B, "preloadgen-measure-") || rep.Network != "tcp" {
		t.Errorf("B should be a built temp copy, model tcp: B=%s model=%s", rep.B, rep.Network)
	}
}

// TestMeasureBadOptions: what measure.Run refuses (measure.ErrBadOptions) is a usage error,
// found before Chromium is looked for; the help lists each choice from the measure package.
func TestMeasureBadOptions(t *testing.T) {
	site := filepath.Join("..", "..", "fixtures", "blog")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-model", "udp", site}, `unknown network model "udp" (want tcp or cdp)`},
		{[]string{"-server", "apache", site}, `unknown server "apache"`},
		{[]string{"-hints", "all", site}, `unknown hint mode "all" (want html, early or none)`},
		{[]string{"-manifest", "m.json", site}, "a manifest needs the B site"},
	} {
		args := append([]string{"measure", "-chrome", "/nonexistent/chromium"}, tt.args...)
		code, _, errOut := runCLI(t, args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	code, _, help := runCLI(t, "measure", "-h")
	for _, want := range []string{
		"tcp (link emulator, real TCP) or cdp (DevTools emulation, fallback)",
		"html (page tags only), early (",
		"go (Go net/http",
		"fast (RTT 80ms, 20 Mbit/s down, 5 Mbit/s up) or slow (RTT 80ms, 1.6 Mbit/s down, 768 kbit/s up)",
	} {
		if code != 0 || !strings.Contains(help, want) {
			t.Errorf("measure -h: exit %d, help lacks %q:\n%s", code, want, help)
		}
	}
}
