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

// makeAtCapSite builds a site whose pages send exactly emit.ServerLinkCap bytes of Link
// values: /index.html has font hints that come to exactly the cap, and /over/index.html the
// same ones followed by 20 lower-ranked hints that the cap drops. It returns the site and the
// Link values both pages must carry.
func makeAtCapSite(t *testing.T) (*liveSite, []string) {
	t.Helper()
	root := t.TempDir()
	s := &liveSite{name: "at-cap", dir: filepath.Join(root, "site"), cfg: filepath.Join(root, "config")}
	font := func(name string) graph.Hint {
		return graph.Hint{URL: "/f/" + name + ".woff2", Rel: "preload", As: "font", Type: "font/woff2", CrossOrigin: "anonymous", Header: true}
	}
	value := func(h graph.Hint) string {
		v, err := emit.LinkValue(h, "")
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	var kept []graph.Hint
	size := 0
	for i := 0; ; i++ {
		h := font(fmt.Sprintf("inter-%02d-%s", i, strings.Repeat("x", 60)))
		add := len(value(h))
		if i > 0 {
			add += len(", ")
		}
		if size+add > emit.ServerLinkCap {
			break
		}
		kept, size = append(kept, h), size+add
	}
	// Lengthen the last name so that the values come to the cap exactly.
	last := &kept[len(kept)-1]
	last.URL = strings.TrimSuffix(last.URL, ".woff2") + strings.Repeat("y", emit.ServerLinkCap-size) + ".woff2"
	var want []string
	for _, h := range kept {
		want = append(want, value(h))
	}
	if n := len(strings.Join(want, ", ")); n != emit.ServerLinkCap {
		t.Fatalf("fixture comes to %d bytes, want %d", n, emit.ServerLinkCap)
	}
	over := append([]graph.Hint(nil), kept...)
	for i := range 20 {
		h := font(fmt.Sprintf("late-%02d", i))
		if i%2 == 1 {
			h = graph.Hint{URL: fmt.Sprintf("/c/late-%02d.css", i), Rel: "preload", As: "style", Header: true}
		}
		over = append(over, h)
	}
	s.pages = []*graph.Page{{Path: "/index.html", Hints: kept}, {Path: "/over/index.html", Hints: over}}
	for _, p := range s.pages {
		writeFile(t, filepath.Join(s.dir, p.Path), "<!doctype html><title>"+p.Path+"</title><h1>at the cap</h1>\n")
		for _, h := range p.Hints {
			writeFile(t, filepath.Join(s.dir, h.URL), "x")
		}
	}
	res, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{Dir: s.cfg, SiteDir: s.dir, Pages: s.pages})
	if err != nil {
		t.Fatal(err)
	}
	// The servers' cap cuts only /over/; _headers' smaller cap cuts both pages.
	var serverWarns []string
	for _, w := range res.Warnings {
		if strings.Contains(w, "nginx-http.conf") {
			serverWarns = append(serverWarns, w)
		}
	}
	if len(serverWarns) != 1 || !strings.HasPrefix(serverWarns[0], "/over/index.html: ") || !strings.Contains(serverWarns[0], "the 20 lowest-ranked of") {
		t.Fatalf("warnings for the servers' cap: %q", serverWarns)
	}
	m, err := emit.ReadManifest(filepath.Join(s.cfg, emit.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	s.manifest = map[string][]string{}
	for _, p := range s.pages {
		s.manifest[p.Path] = m.Links(p.Path)
	}
	for _, p := range s.pages {
		if !reflect.DeepEqual(s.manifest[p.Path], want) {
			t.Fatalf("manifest %s: %d values, want the %d that fit", p.Path, len(s.manifest[p.Path]), len(want))
		}
	}
	worldReadable(t, root)
	return s, want
}

// TestLinkCapLive serves pages whose Link values come to exactly the servers' cap (one of
// them cut down to it) through a real nginx (HTTP/1.1) and a real Caddy (HTTP/1.1 and h2c):
// every page URL answers 200 with its content and the cut Link header intact (every kept
// value, in rank order, exactly the cap in total, none of the dropped ones), Caddy sends the
// same in its 103, and neither server logs an error.
func TestLinkCapLive(t *testing.T) {
	for _, server := range []string{"nginx", "caddy"} {
		t.Run(server, func(t *testing.T) {
			s, want := makeAtCapSite(t)
			var base, logPath string
			protos := []string{"h1"}
			if server == "nginx" {
				base, logPath = startNginxLog(t, s, "")
			} else {
				base, logPath = startCaddyLog(t, s)
				protos = append(protos, "h2c")
			}
			for _, proto := range protos {
				t.Run(proto, func(t *testing.T) {
					c := &checker{base: base, client: h1Client(), want103: server == "caddy", major: 1}
					if proto == "h2c" {
						c.client, c.major = h2cClient(), 2
					}
					c.checkSite(t, s)
					for _, p := range s.pages {
						for _, u := range pageURLs(p.Path) {
							g := c.get(t, u, nil)
							heads := []struct {
								what string
								h    []string
							}{{"response", g.header.Values("Link")}}
							if c.want103 && len(g.early) > 0 {
								heads = append(heads, struct {
									what string
									h    []string
								}{"103", g.early[0].Values("Link")})
							}
							for _, hd := range heads {
								joined := strings.Join(hd.h, ", ")
								if got := splitLinks(map[string][]string{"Link": hd.h}); !reflect.DeepEqual(got, want) {
									t.Errorf("%s %s: %s Links (%d) are not the %d kept values in order", proto, u, hd.what, len(got), len(want))
								}
								if len(joined) != emit.ServerLinkCap {
									t.Errorf("%s %s: %s Link header of %d bytes, want exactly the %d-byte cap", proto, u, hd.what, len(joined), emit.ServerLinkCap)
								}
								if strings.Contains(joined, "late-") {
									t.Errorf("%s %s: %s carries a dropped hint", proto, u, hd.what)
								}
							}
						}
					}
				})
			}
			b, err := os.ReadFile(logPath)
			if err != nil {
				t.Fatal(err)
			}
			bad := []string{`"level":"error"`}
			if server == "nginx" {
				bad = []string{"[warn]", "[error]", "[crit]", "[alert]", "[emerg]"}
			}
			for _, line := range strings.Split(string(b), "\n") {
				for _, level := range bad {
					if strings.Contains(line, level) {
						t.Errorf("%s logged: %s", server, line)
					}
				}
			}
		})
	}
}
