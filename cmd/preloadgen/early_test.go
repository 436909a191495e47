package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The Early Hints model's settings reach the ranking from the flags and the settings file
// (flags win): whether a 60 KB hero rides in the headers.
func TestEarlyHintsSettings(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"index.html": `<!doctype html><html><head><link rel=stylesheet href=/a.css></head><body><img src=/hero.jpg width=1600 height=900 alt=""><p>Some text of the page.</p></body></html>`,
		"a.css":      `p{margin:0}`,
		"hero.jpg":   strings.Repeat("x", 60000),
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	heroInHeaders := func(t *testing.T, args ...string) bool {
		t.Helper()
		code, out, errOut := runCLI(t, append(append([]string{"analyze", "-json"}, args...), dir)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var res struct {
			Pages []struct {
				Hints []struct {
					URL    string `json:"url"`
					Header bool   `json:"header"`
				} `json:"hints"`
			} `json:"pages"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		for _, p := range res.Pages {
			for _, h := range p.Hints {
				if h.URL == "/hero.jpg" {
					return h.Header
				}
			}
		}
		t.Fatalf("no hint for the hero: %s", out)
		return false
	}
	settings := filepath.Join(dir, "preloadgen.json")
	for _, tc := range []struct {
		name     string
		settings string
		args     []string
		want     bool
	}{
		{"defaults: 21,600 bytes", "", nil, false},
		{"-early-think 500ms: 75,600 bytes", "", []string{"-early-think", "500ms"}, true},
		{"-early-rate 20M", "", []string{"-early-rate", "20M"}, true},
		{"-early-priorities", "", []string{"-early-priorities"}, true},
		{"settings file", `{"early_think_ms": 500}`, nil, true},
		{"settings file rate and round trip", `{"early_rate": 1600000, "early_rtt_ms": 100, "early_think_ms": 400}`, nil, false},
		{"settings file priorities", `{"early_priorities": true}`, nil, true},
		{"the flag wins", `{"early_think_ms": 500}`, []string{"-early-think", "0"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(settings)
			if tc.settings != "" {
				if err := os.WriteFile(settings, []byte(tc.settings), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := heroInHeaders(t, tc.args...); got != tc.want {
				t.Errorf("hero in the headers: %v, want %v", got, tc.want)
			}
		})
	}
	os.Remove(settings)
	if code, _, errOut := runCLI(t, "analyze", "-early-think", "-1s", dir); code != 2 || !strings.Contains(errOut, "must not be negative") {
		t.Errorf("negative think time: exit %d, %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "analyze", "-early-rate", "fast", dir); code != 2 || !strings.Contains(errOut, "bad rate") {
		t.Errorf("bad rate: exit %d, %s", code, errOut)
	}
}
