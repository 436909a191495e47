package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/report"
)

// analyze -report on the blog: every file of the report is a golden file
// (testdata/analyze-report/blog; go test -update rewrites them all).
func TestAnalyzeReportGolden(t *testing.T) {
	out := t.TempDir()
	code, stdout, errOut := runCLI(t, "analyze", "-report", out, filepath.Join("..", "..", "fixtures", "blog"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(stdout, "estimated saving") {
		t.Errorf("-report replaced the text report on stdout: %.300s", stdout)
	}
	if want := "report: " + filepath.Join(out, report.IndexFile); !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q: %s", want, errOut)
	}
	goldenDir(t, filepath.Join("analyze-report", "blog"), out)

	// The home page: its chain has four waves, hints with reasons, and the two fonts the
	// yield budget left out.
	b, err := os.ReadFile(filepath.Join(out, report.PageFile("/index.html")))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{
		"<svg", ">wave 4: ", "hero-slow-networks-1600.jpg", "LCP image; fetchpriority=high",
		"the first paint and the LCP do not wait for it, and it does not fit the 14600-byte budget for such hints",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the home page's report lacks %q", want)
		}
	}
	// Self-contained: no script, nothing fetched, nothing the escaper had to refuse.
	for _, bad := range []string{"<script", `src="`, "url(", `href="http`, "ZgotmplZ"} {
		if strings.Contains(page, bad) {
			t.Errorf("the home page's report has %q: it must need nothing outside itself", bad)
		}
	}
}

// goldenDir compares the files of dir with testdata/name, or with -update makes
// testdata/name a copy of dir.
func goldenDir(t *testing.T, name, dir string) {
	t.Helper()
	want := filepath.Join("testdata", name)
	got, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.RemoveAll(want); err != nil {
			t.Fatal(err)
		}
		for _, e := range got {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join(name, e.Name()), b)
		}
		return
	}
	wantFiles, err := os.ReadDir(want)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	names := func(es []os.DirEntry) []string {
		var n []string
		for _, e := range es {
			n = append(n, e.Name())
		}
		return n
	}
	if g, w := names(got), names(wantFiles); !slices.Equal(g, w) {
		t.Errorf("report files %q, want %q", g, w)
	}
	for _, e := range got {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join(name, e.Name()), b)
	}
}
