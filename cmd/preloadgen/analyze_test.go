package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/graph"
)

var update = flag.Bool("update", false, "rewrite golden files")

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test ./cmd/preloadgen -update and review the diff.\n got: %.2000s", path, got)
	}
}

func TestAnalyzeJSONGolden(t *testing.T) {
	for _, site := range []string{"blog", "app", "gallery"} {
		t.Run(site, func(t *testing.T) {
			code, out, errOut := runCLI(t, "analyze", "-json", filepath.Join("..", "..", "fixtures", site))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, filepath.Join("analyze", site+".json"), []byte(out))
		})
	}
}

// The text report of each fixture, whole: its tables, LCP lines and savings are the
// interface people read (go test -update rewrites the files).
func TestAnalyzeTextGolden(t *testing.T) {
	for _, site := range []string{"blog", "app", "gallery", "mistakes"} {
		t.Run(site, func(t *testing.T) {
			code, out, errOut := runCLI(t, "analyze", "-q", filepath.Join("..", "..", "fixtures", site))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, filepath.Join("analyze", site+".txt"), []byte(out))
		})
	}
}

func TestAnalyzeText(t *testing.T) {
	code, out, _ := runCLI(t, "analyze", filepath.Join("..", "..", "fixtures", "gallery"))
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"/landing/index.html\n  LCP: background /img/banner-1600.jpg (section.hero-banner)",
		"/img/banner-1600.jpg  preload as=image fetchpriority=high  html    saves 1 RTT", // not in the 103: larger than the yield budget
		"estimated saving: LCP 70 ms sooner at 1.6 Mbit/s, 79 ms at 20 Mbit/s (80 ms round trips; the hints take 80 ms of them off the chain)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage: preloadgen"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"analyze"}, 2, "expected one SITE_DIR argument"},
		{[]string{"analyze", "-max-preloads", "x", "dir"}, 2, "invalid value"},
		{[]string{"analyze", "-base-path", "docs", "dir"}, 2, "-base-path must start with /"},
		{[]string{"analyze", "/nonexistent/site"}, 1, "no such file or directory"},
		{[]string{"help"}, 0, ""},
	}
	for _, tt := range tests {
		code, _, errOut := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte(`<link rel=stylesheet href=a.css><p>x</p>`), 0o644)
	os.WriteFile(filepath.Join(dir, "a.css"), []byte(`@import "b.css"; @import "c.css";`), 0o644)
	os.WriteFile(filepath.Join(dir, "b.css"), []byte(`p{}`), 0o644)
	os.WriteFile(filepath.Join(dir, "c.css"), []byte(`p{}`), 0o644)
	os.WriteFile(filepath.Join(dir, "preloadgen.json"), []byte(`{"base_path": "/docs"}`), 0o644)
	code, out, errOut := runCLI(t, "analyze", "-json", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `"href": "./b.css"`) {
		t.Errorf("relative page spelling not kept: %s", out)
	}
	os.WriteFile(filepath.Join(dir, "preloadgen.json"), []byte(`{"max_preload": 1}`), 0o644)
	if code, _, errOut := runCLI(t, "analyze", dir); code != 2 || !strings.Contains(errOut, "unknown field") {
		t.Errorf("unknown config field: exit %d, %s", code, errOut)
	}
}

// analyze -json streams its pages; the document must be what encoding the whole Result at
// once gives, including with no pages and with failed pages.
func TestAnalyzeJSONStreamMatchesResult(t *testing.T) {
	empty := t.TempDir()
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "a.html"), []byte("<!doctype html><title>A</title><p>Hi"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A page over the size limit fails (sparse: no disk is used).
	if f, err := os.Create(filepath.Join(broken, "b.html")); err != nil {
		t.Fatal(err)
	} else if err := f.Truncate(33 << 20); err != nil {
		t.Fatal(err)
	} else {
		f.Close()
	}
	for _, dir := range []string{filepath.Join("..", "..", "fixtures", "blog"), empty, broken} {
		res, err := preloadgen.Analyze(context.Background(), preloadgen.Options{Source: preloadgen.Source{Dir: dir}})
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			t.Fatal(err)
		}
		if dir == broken && len(res.Failed) != 1 {
			t.Fatalf("want one failed page, got %+v", res.Failed)
		}
		_, out, _ := runCLI(t, "analyze", "-json", dir)
		if out != want.String() {
			t.Errorf("%s: streamed JSON differs from the encoded Result:\n got: %.1500s\nwant: %.1500s", dir, out, want.String())
		}
	}
}

// A budget of 0 means none, given as a flag or in the settings file (it used to mean the
// default).
func TestZeroBudgetMeansNone(t *testing.T) {
	fonts := func(t *testing.T, args ...string) int {
		t.Helper()
		code, out, errOut := runCLI(t, append([]string{"analyze", "-json"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var res struct {
			Pages []struct {
				Hints []struct{ As string } `json:"hints"`
			} `json:"pages"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range res.Pages {
			for _, h := range p.Hints {
				if h.As == "font" {
					n++
				}
			}
		}
		return n
	}
	site := filepath.Join("..", "..", "fixtures", "blog")
	if n := fonts(t, site); n == 0 {
		t.Fatal("the blog gets no font hints by default: the test proves nothing")
	}
	if n := fonts(t, "-max-fonts", "0", site); n != 0 {
		t.Errorf("-max-fonts 0: %d font hints, want none", n)
	}
	cfg := filepath.Join(t.TempDir(), "preloadgen.json")
	os.WriteFile(cfg, []byte(`{"max_fonts": 0}`), 0o644)
	if n := fonts(t, "-config", cfg, site); n != 0 {
		t.Errorf(`settings file "max_fonts": 0: %d font hints, want none`, n)
	}
}

func TestAppendSaving(t *testing.T) {
	tests := []struct {
		s    graph.Saving
		want string
	}{
		{graph.Saving{}, "none"},
		{graph.Saving{SlowMS: 70, FastMS: 79, ChainMS: 80, WaitsMS: 900},
			"LCP 70 ms sooner at 1.6 Mbit/s, 79 ms at 20 Mbit/s (80 ms round trips; the hints take 80 ms of them off the chain)"},
		{graph.Saving{SlowMS: 0, FastMS: 85, ChainMS: 240, Bound: true, WaitsMS: 1900},
			"LCP 0 ms sooner at 1.6 Mbit/s, 85 ms at 20 Mbit/s (80 ms round trips; the hints take 240 ms of them off the chain); hidden at 1.6 Mbit/s: the LCP waits 1900 ms for its bytes"},
		{graph.Saving{SlowMS: 0, FastMS: 85, ChainMS: 240, Bound: true, WaitsMS: 1900, Scripts: 3, ScriptBytes: 373*1024 + 511},
			"LCP 0 ms sooner at 1.6 Mbit/s, 85 ms at 20 Mbit/s (80 ms round trips; the hints take 240 ms of them off the chain); hidden at 1.6 Mbit/s: the LCP waits 1900 ms for its bytes, 373 KB of them 3 parser-blocking scripts (audit rule blocking-scripts)"},
		// Bound, but the saving is not mostly hidden: no clause.
		{graph.Saving{SlowMS: 200, FastMS: 230, ChainMS: 240, Bound: true, WaitsMS: 1900, Scripts: 1, ScriptBytes: 4096},
			"LCP 200 ms sooner at 1.6 Mbit/s, 230 ms at 20 Mbit/s (80 ms round trips; the hints take 240 ms of them off the chain)"},
	}
	pol := graph.DefaultPolicy().Resolved()
	r := newTextReport(nil, pol)
	for _, tt := range tests {
		if got := string(appendSaving([]byte("x"), tt.s, r.rttMS, r.slow, r.fast)); got != "x"+tt.want {
			t.Errorf("%+v:\n got %q\nwant %q", tt.s, got, "x"+tt.want)
		}
	}
}
