// Shared helpers of the live tests: real nginx, Caddy and compiled Go servers serve a copy of
// a fixture site with the emitted configs, and every page is requested by each of its URLs.
// The JSON manifest is the reference: each page's Link headers must equal its entry.
package emit_test

import (
	"context"
	"crypto/tls"
	"flag"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/testenv"
	"github.com/preloadgen/preloadgen/internal/treecopy"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// needTool returns the path of a server binary, skipping the test when it is missing
// locally and failing it when CI is set.
func needTool(t *testing.T, candidates ...string) string {
	t.Helper()
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	testenv.Missing(t, "none of %q found; run make deps", candidates)
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	return freePorts(t, 1)[0]
}

// freePorts returns n distinct free ports on 127.0.0.1. Each listener stays open until all n
// are chosen: ports asked for one at a time, each listener closed before the next, can come
// back equal (CI once got nginx's "duplicate listen" from four ports taken that way).
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports
}

// worldReadable opens dir and its parents up to the test's temp root, so nginx workers
// (nobody, when the tests run as root) can read the tree.
func worldReadable(t *testing.T, dir string) {
	t.Helper()
	for d := dir; d != "/" && d != "." && strings.HasPrefix(d, os.TempDir()) && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil {
			if e.IsDir() {
				os.Chmod(p, 0o755)
			} else {
				os.Chmod(p, 0o644)
			}
		}
		return nil
	})
}

// liveSite is a site copy, its analysis and its emitted configs.
type liveSite struct {
	name     string
	dir      string // site root
	cfg      string // config dir
	pages    []*graph.Page
	manifest map[string][]string // page -> Link values
}

// makeSite analyses site (a fixture name under ../fixtures, "hostile", or "large", whose
// hints are given) and writes every config format.
func makeSite(t *testing.T, name string) *liveSite {
	t.Helper()
	root := t.TempDir()
	s := &liveSite{name: name, dir: filepath.Join(root, "site"), cfg: filepath.Join(root, "config")}
	switch name {
	case "hostile":
		buildHostile(t, s.dir)
	case "large":
		s.pages = buildLarge(t, s.dir) // hints given, as an analysis would find them
	default:
		treecopy.Copy(t, filepath.Join("..", "fixtures", name), s.dir)
	}
	if s.pages == nil {
		res, err := preloadgen.Analyze(context.Background(), preloadgen.Options{Source: preloadgen.Source{Dir: s.dir}})
		if err != nil {
			t.Fatal(err)
		}
		s.pages = res.Pages
	}
	cr, err := emit.WriteConfigs(context.Background(), emit.ConfigOptions{Dir: s.cfg, SiteDir: s.dir, Pages: s.pages})
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range cr.Warnings {
		if i == 20 {
			t.Logf("and %d more warnings", len(cr.Warnings)-i)
			break
		}
		t.Logf("warning: %s", w)
	}
	s.manifest = readManifest(t, s.cfg, s.pages)
	if len(s.manifest) == 0 {
		t.Fatalf("%s: manifest has no pages", name)
	}
	// Every hinted path exists in the built output.
	for page, links := range s.manifest {
		for _, l := range links {
			u := l[1:strings.IndexByte(l, '>')]
			p, err := url.PathUnescape(u)
			if err != nil {
				t.Fatalf("%s: %s: bad URL %q", name, page, u)
			}
			if st, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(p))); err != nil || !st.Mode().IsRegular() {
				t.Errorf("%s: %s: hinted %s is not in the site", name, page, p)
			}
		}
	}
	worldReadable(t, root)
	return s
}

// readManifest reads the manifest in cfg as each page's Link values, and checks them
// against the pages' own hints as emit.RequestHints lists them (one entry per page, the
// servers' cap): grouping by hint set changes no page's hints.
func readManifest(t *testing.T, cfg string, pages []*graph.Page) map[string][]string {
	t.Helper()
	m, err := emit.ReadManifest(filepath.Join(cfg, emit.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	own, _ := emit.RequestHints(pages, "")
	out := map[string][]string{}
	for _, p := range pages {
		links := m.Links(p.Path)
		if want := own[p.Path]; !reflect.DeepEqual(links, want) && (len(links) > 0 || len(want) > 0) {
			t.Errorf("manifest: %s has %q, want its own hints %q", p.Path, links, want)
		}
		if len(links) > 0 {
			out[p.Path] = links
		}
	}
	return out
}

// pageURLs are the request paths (escaped) a page answers to: /dir/ and /dir/index.html,
// / and /index.html, or the file's own path.
func pageURLs(page string) []string {
	esc := func(p string) string { return (&url.URL{Path: p}).EscapedPath() }
	if strings.HasSuffix(page, "/index.html") {
		return []string{esc(strings.TrimSuffix(page, "index.html")), esc(page)}
	}
	return []string{esc(page)}
}

// splitLinks turns the Link header lines of a response into single values. Values never
// hold "<" (link.go encodes it), so ", <" separates them exactly.
func splitLinks(h http.Header) []string {
	lines := h.Values("Link")
	if len(lines) == 0 {
		return nil
	}
	parts := strings.Split(strings.Join(lines, ", "), ", <")
	for i := 1; i < len(parts); i++ {
		parts[i] = "<" + parts[i]
	}
	return parts
}

// allowedHeaders are the response header names a server may send; anything else is an
// injected header.
var allowedHeaders = map[string]bool{
	"Accept-Ranges": true, "Content-Length": true, "Content-Type": true, "Date": true,
	"Etag": true, "Last-Modified": true, "Link": true, "Server": true, "Connection": true,
	"Vary": true, "Keep-Alive": true, "Alt-Svc": true,
}

// checker requests pages and compares what comes back with the manifest.
type checker struct {
	base    string // e.g. http://127.0.0.1:1234
	client  *http.Client
	want103 bool     // the server sends 103 Early Hints to navigations
	major   int      // the HTTP major version responses must use; 0: any
	skip    []string // request paths not to check (documented server behaviour)
}

type got struct {
	status  int
	header  http.Header
	body    []byte
	early   []http.Header // 1xx responses, in order
	codes1x []int
	major   int
}

func (c *checker) get(t *testing.T, path string, hdr map[string]string) got {
	t.Helper()
	var g got
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
		g.codes1x = append(g.codes1x, code)
		g.early = append(g.early, http.Header(h).Clone())
		return nil
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), "GET", c.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	g.body, _ = io.ReadAll(resp.Body)
	g.status = resp.StatusCode
	g.major = resp.ProtoMajor
	if c.major != 0 && resp.ProtoMajor != c.major {
		t.Fatalf("GET %s: answered over HTTP/%d.%d, want HTTP/%d", path, resp.ProtoMajor, resp.ProtoMinor, c.major)
	}
	g.header = resp.Header
	return g
}

// checkSite requests every page of s by each of its URLs and checks status, body, Link
// headers (equal to the manifest entry, or none), that no unexpected header appears, and,
// when want103, that exactly one 103 with the same Links precedes the response.
func (c *checker) checkSite(t *testing.T, s *liveSite) {
	t.Helper()
	skip := map[string]bool{}
	for _, p := range c.skip {
		skip[p] = true
	}
	checked := 0
	for _, p := range s.pages {
		want := s.manifest[p.Path]
		body, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(p.Path)))
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range pageURLs(p.Path) {
			if skip[u] {
				continue
			}
			checked++
			g := c.get(t, u, nil)
			if g.status != http.StatusOK {
				t.Errorf("%s %s: status %d, want 200", s.name, u, g.status)
				continue
			}
			if string(g.body) != string(body) {
				t.Errorf("%s %s: body is not the page's content", s.name, u)
			}
			if gl := splitLinks(g.header); !reflect.DeepEqual(gl, want) {
				t.Errorf("%s %s: Link headers\n got %q\nwant %q", s.name, u, gl, want)
			}
			for k := range g.header {
				if !allowedHeaders[k] {
					t.Errorf("%s %s: unexpected response header %s: %q", s.name, u, k, g.header[k])
				}
			}
			if !c.want103 {
				continue
			}
			if len(want) == 0 {
				if len(g.codes1x) != 0 {
					t.Errorf("%s %s: got 1xx %v for a page without hints", s.name, u, g.codes1x)
				}
				continue
			}
			if len(g.codes1x) != 1 || g.codes1x[0] != http.StatusEarlyHints {
				t.Errorf("%s %s: 1xx responses %v, want one 103", s.name, u, g.codes1x)
				continue
			}
			if gl := splitLinks(g.early[0]); !reflect.DeepEqual(gl, want) {
				t.Errorf("%s %s: 103 Links\n got %q\nwant %q", s.name, u, gl, want)
			}
			for k := range g.early[0] {
				if k != "Link" && k != "Server" && k != "Alt-Svc" {
					t.Errorf("%s %s: 103 carries header %s", s.name, u, k)
				}
			}
			// A subresource fetch (not a navigation) gets the Links but no 103.
			g = c.get(t, u, map[string]string{"Sec-Fetch-Mode": "no-cors"})
			if len(g.codes1x) != 0 {
				t.Errorf("%s %s: 1xx %v for a non-navigation", s.name, u, g.codes1x)
			}
		}
	}
	if checked == 0 {
		t.Fatalf("%s: no page checked", s.name)
	}
	t.Logf("%s: %d page URLs checked against %d manifest entries", s.name, checked, len(s.manifest))
}

// h1Client speaks HTTP/1.1 only and does not follow redirects.
func h1Client() *http.Client {
	tr := &http.Transport{DisableKeepAlives: false, Protocols: new(http.Protocols)}
	tr.Protocols.SetHTTP1(true)
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// h2cClient speaks HTTP/2 without TLS (prior knowledge).
func h2cClient() *http.Client {
	tr := &http.Transport{Protocols: new(http.Protocols)}
	tr.Protocols.SetUnencryptedHTTP2(true)
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// tlsClient speaks HTTP/2 over TLS to a test server (certificate not checked).
func tlsClient(h2 bool) *http.Client {
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, Protocols: new(http.Protocols)}
	if h2 {
		tr.Protocols.SetHTTP2(true)
	} else {
		tr.Protocols.SetHTTP1(true)
	}
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// waitHTTP polls url until the server answers.
// startServer starts a server process and stops it when the test ends: SIGTERM, then a
// kill after grace. The channel it returns is closed once the process has exited.
func startServer(t *testing.T, cmd *exec.Cmd, grace time.Duration) <-chan struct{} {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(grace):
			cmd.Process.Kill()
			<-done
		}
	})
	return done
}

func waitHTTP(t *testing.T, u string, done <-chan struct{}) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			t.Fatalf("server exited before answering %s", u)
		default:
		}
		resp, err := http.Get(u)
		if err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no answer from %s", u)
}

func sortedKeys(m map[string][]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

var _ = strconv.Itoa
