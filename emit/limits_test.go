package emit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/graph"
)

// capSite is a site with one page of many long header hints and a small page.
type capSite struct {
	site, cfg string
	pages     []*graph.Page
	big       []string // the big page's Link values, in rank order
	small     []string
}

const bigPage = "/big/index.html"

// makeCapSite writes n font and stylesheet files with long hashed names and a page that
// hints all of them (fonts first), plus a page with two short hints.
func makeCapSite(t *testing.T, n int) *capSite {
	t.Helper()
	root := t.TempDir()
	s := &capSite{site: filepath.Join(root, "site"), cfg: filepath.Join(root, "config")}
	var hints []graph.Hint
	for i := range n {
		var h graph.Hint
		if i%3 == 2 {
			h = graph.Hint{URL: fmt.Sprintf("/assets/css/components-%02d.5f0c1d2e3a4b5c6d7e8f9a0b1c2d3e4f.css", i), Rel: "preload", As: "style", Header: true}
		} else {
			h = graph.Hint{URL: fmt.Sprintf("/assets/fonts/source-serif-4-latin-ext-%03d-normal.9a8b7c6d5e4f3a2b.woff2", i*100), Rel: "preload", As: "font", Type: "font/woff2", CrossOrigin: "anonymous", Header: true}
		}
		hints = append(hints, h)
	}
	small := []graph.Hint{
		{URL: "/assets/fonts/source-serif-4-latin-ext-000-normal.9a8b7c6d5e4f3a2b.woff2", Rel: "preload", As: "font", Type: "font/woff2", CrossOrigin: "anonymous", Header: true},
		{URL: "/assets/css/components-02.5f0c1d2e3a4b5c6d7e8f9a0b1c2d3e4f.css", Rel: "preload", As: "style", Header: true},
	}
	s.pages = []*graph.Page{{Path: bigPage, Hints: hints}, {Path: "/small.html", Hints: small}}
	for _, p := range s.pages {
		writeFile(t, filepath.Join(s.site, p.Path), "<!doctype html><title>"+p.Path+"</title>\n")
		for _, h := range p.Hints {
			writeFile(t, filepath.Join(s.site, h.URL), "x")
			v, err := emit.LinkValue(h, "")
			if err != nil {
				t.Fatal(err)
			}
			if p.Path == bigPage {
				s.big = append(s.big, v)
			} else {
				s.small = append(s.small, v)
			}
		}
	}
	return s
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fitting is the longest leading run of links whose ", "-joined size is at most limit.
func fitting(links []string, limit int) []string {
	for n := len(links); n > 0; n-- {
		if len(strings.Join(links[:n], ", ")) <= limit {
			return links[:n]
		}
	}
	return nil
}

// emittedLinks reads the Link values one format gives a page, from its file (interp_test.go).
func emittedLinks(t *testing.T, format, site, cfg, page string) []string {
	t.Helper()
	return readConfigs(t, site, cfg).links(t, format, page)
}

var capTargets = []struct {
	format, file string
	cap          int
}{
	{"nginx", "nginx-http.conf", emit.ServerLinkCap},
	{"caddy", "preloadgen.caddy", emit.ServerLinkCap},
	{"go", "preloadhints.go", emit.ServerLinkCap},
	{"headers", "_headers", emit.HeadersLinkCap},
	{"json", "preloadgen-manifest.json", emit.ServerLinkCap},
}

// TestLinkCapPerTarget: a page with 60 long font and style hints gets, in each format, the
// longest run of its top-ranked values that fits that format's cap, whole values in rank
// order; the small page is untouched; a warning names the page, the format's file, the
// number dropped and the cap.
func TestLinkCapPerTarget(t *testing.T) {
	s := makeCapSite(t, 60)
	if size := len(strings.Join(s.big, ", ")); size <= emit.ServerLinkCap {
		t.Fatalf("fixture too small: %d bytes", size)
	}
	res, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{Dir: s.cfg, SiteDir: s.site, Pages: s.pages})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range capTargets {
		t.Run(tc.format, func(t *testing.T) {
			want := fitting(s.big, tc.cap)
			if len(want) == 0 || len(want) == len(s.big) {
				t.Fatalf("cap %d keeps %d of %d: not a cut", tc.cap, len(want), len(s.big))
			}
			got := emittedLinks(t, tc.format, s.site, s.cfg, bigPage)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: big page's Links (%d)\n got %q\nwant %q", tc.file, len(got), got, want)
			}
			if size := len(strings.Join(got, ", ")); size > tc.cap {
				t.Errorf("%s: %d bytes of Link values, over the %d cap", tc.file, size, tc.cap)
			}
			if got := emittedLinks(t, tc.format, s.site, s.cfg, "/small.html"); !reflect.DeepEqual(got, s.small) {
				t.Errorf("%s: small page's Links %q, want %q", tc.file, got, s.small)
			}
			var warn string
			for _, w := range res.Warnings {
				if strings.HasPrefix(w, bigPage+": ") && strings.Contains(w, tc.file) {
					if warn != "" {
						t.Errorf("two warnings name %s: %q and %q", tc.file, warn, w)
					}
					warn = w
				}
			}
			for _, part := range []string{
				fmt.Sprintf("over the %d-byte cap", tc.cap),
				fmt.Sprintf("the %d lowest-ranked of %d hints dropped", len(s.big)-len(want), len(s.big)),
			} {
				if !strings.Contains(warn, part) {
					t.Errorf("warning %q lacks %q", warn, part)
				}
			}
		})
	}
	if len(res.Warnings) != 2 {
		t.Errorf("want one warning per distinct cap, got %q", res.Warnings)
	}
	for _, w := range res.Warnings {
		if strings.Contains(w, "small") {
			t.Errorf("warning about the small page: %q", w)
		}
	}
}

// TestLinkCapOverrides: LinkCaps sets one format's cap or lifts it; a page whose first value
// alone is over the cap is left out of that format; an unknown format is an error.
func TestLinkCapOverrides(t *testing.T) {
	s := makeCapSite(t, 60)
	caps := map[emit.Format]int{"nginx": -1, "caddy": 500, "go": 10}
	res, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{Dir: s.cfg, SiteDir: s.site, Pages: s.pages, LinkCaps: caps})
	if err != nil {
		t.Fatal(err)
	}
	if got := emittedLinks(t, "nginx", s.site, s.cfg, bigPage); !reflect.DeepEqual(got, s.big) {
		t.Errorf("nginx without a cap: %d values, want all %d", len(got), len(s.big))
	}
	if got, want := emittedLinks(t, "caddy", s.site, s.cfg, bigPage), fitting(s.big, 500); !reflect.DeepEqual(got, want) || len(want) == 0 {
		t.Errorf("caddy at 500 bytes: got %q, want %q", got, want)
	}
	for _, page := range []string{bigPage, "/small.html"} {
		if got := emittedLinks(t, "go", s.site, s.cfg, page); got != nil {
			t.Errorf("go at 10 bytes: %s still has %q", page, got)
		}
	}
	joined := strings.Join(res.Warnings, "\n")
	for _, part := range []string{"500-byte cap in preloadgen.caddy:", "/small.html: Link header of", "10-byte cap in preloadhints.go: the 2 lowest-ranked of 2 hints dropped, 0 kept"} {
		if !strings.Contains(joined, part) {
			t.Errorf("warnings lack %q:\n%s", part, joined)
		}
	}
	if strings.Contains(joined, "nginx-http.conf") {
		t.Errorf("a warning for nginx, which has no cap:\n%s", joined)
	}
	if _, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{Dir: s.cfg, SiteDir: s.site, Pages: s.pages, LinkCaps: map[emit.Format]int{"apache": 10}}); err == nil {
		t.Error("no error for a cap on an unknown format")
	}
}

// TestRequestHintsCapped: the table `preloadgen serve` uses is cut like the Go middleware.
func TestRequestHintsCapped(t *testing.T) {
	s := makeCapSite(t, 60)
	m, warns := emit.RequestHints(s.pages, "")
	want := fitting(s.big, emit.ServerLinkCap)
	for _, p := range []string{"/big/", bigPage} {
		if !reflect.DeepEqual(m[p], want) {
			t.Errorf("%s: %d values, want %d", p, len(m[p]), len(want))
		}
	}
	if len(warns) != 1 || !strings.HasPrefix(warns[0], bigPage+": ") || !strings.Contains(warns[0], fmt.Sprintf("%d-byte cap", emit.ServerLinkCap)) {
		t.Errorf("warnings %q", warns)
	}
}
