package hintmw_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen/emit/hintmw"
)

var links = []string{`</a.css>; rel=preload; as=style`, `</f.woff2>; rel=preload; as=font; type="font/woff2"; crossorigin`}

// page is the site's index.html: large enough that http.FileServer sends it with
// ReadFrom (sendfile over HTTP/1.1) after sniffing, as it would a real page.
var page = "<!doctype html><title>t</title><link rel=stylesheet href=/a.css>\n" + strings.Repeat("<p>Some text of the page.</p>\n", 400)

// writeSite writes the temp site the servers serve: index.html (at / and /index.html),
// a.css, and plain.html, which has no hints.
func writeSite(t testing.TB) string {
	dir := t.TempDir()
	for name, body := range map[string]string{"index.html": page, "a.css": "p{}", "plain.html": "<p>plain"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// siteHints has hints for "/", "/index.html" (FileServer redirects it to ./), "/gone.html"
// (no such file: 404) and "/broken/" (the wrapped handler fails with a 500).
var siteHints = map[string][]string{"/": links, "/index.html": links, "/gone.html": links, "/broken/": links}

// newHandler is the handler under test: an outer handler that sets a cookie, then the
// middleware, then a real http.FileServer over dir, which also sets an ETag (as many
// static setups do) and answers /broken/ with a 500. The query picks the middleware's
// settings: ?mw=h1 sets EarlyHintsHTTP1, ?mw=off sets NoEarlyHints; the default otherwise.
func newHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/broken/" {
			http.Error(w, "broken", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Etag", `"v1"`)
		files.ServeHTTP(w, r)
	})
	mws := map[string]*hintmw.Middleware{
		"":    {Hints: siteHints, Next: inner},
		"h1":  {Hints: siteHints, EarlyHintsHTTP1: true, Next: inner},
		"off": {Hints: siteHints, NoEarlyHints: true, Next: inner},
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "session=secret")
		w.Header().Set("X-Outer", "1")
		mws[r.URL.Query().Get("mw")].ServeHTTP(w, r)
	})
}

// newServer serves newHandler over TLS with HTTP/2 and HTTP/1.1.
func newServer(t testing.TB) *httptest.Server {
	srv := httptest.NewUnstartedServer(newHandler(writeSite(t)))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// client returns a client of srv that speaks only HTTP/2 (h2) or only HTTP/1.1.
func client(srv *httptest.Server, h2 bool) *http.Client {
	tr := srv.Client().Transport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	tr.MaxIdleConnsPerHost = 64
	tr.Protocols = new(http.Protocols)
	if h2 {
		tr.Protocols.SetHTTP2(true)
	} else {
		tr.Protocols.SetHTTP1(true)
	}
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type result struct {
	status int
	codes  []int         // 1xx statuses, in order
	early  []http.Header // their headers
	header http.Header
	body   string
	proto  int
}

func do(c *http.Client, method, url string, hdr map[string]string) (result, error) {
	var r result
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
		r.codes = append(r.codes, code)
		r.early = append(r.early, http.Header(h).Clone())
		return nil
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), method, url, nil)
	if err != nil {
		return r, err
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		return r, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	r.status, r.header, r.body, r.proto = resp.StatusCode, resp.Header, string(b), resp.ProtoMajor
	return r, err
}

// tcase is one request and what must come back over HTTP/1.1 and over HTTP/2.
type tcase struct {
	name    string
	method  string
	path    string
	hdr     map[string]string
	status  int
	body    string // "" to skip the check
	link    bool   // the final response carries exactly the page's Links (else none)
	h1, h2  bool   // a 103 with exactly the Links precedes it (else no 1xx at all)
	headers bool   // the outer handler's Set-Cookie and X-Outer are on the final response
}

// cases returns the behaviour table. lastMod is the Last-Modified FileServer sends for /.
func cases(lastMod string) []tcase {
	nav := map[string]string{"Sec-Fetch-Mode": "navigate"}
	return []tcase{
		{name: "navigation", method: "GET", path: "/", hdr: nav, status: 200, body: page, link: true, h2: true},
		{name: "no Sec-Fetch-Mode", method: "GET", path: "/", status: 200, body: page, link: true, h2: true},
		{name: "cors", method: "GET", path: "/", hdr: map[string]string{"Sec-Fetch-Mode": "cors"}, status: 200, body: page, link: true},
		{name: "no-cors", method: "GET", path: "/", hdr: map[string]string{"Sec-Fetch-Mode": "no-cors"}, status: 200, body: page, link: true},
		{name: "navigation EarlyHintsHTTP1", method: "GET", path: "/?mw=h1", hdr: nav, status: 200, body: page, link: true, h1: true, h2: true},
		{name: "navigation NoEarlyHints", method: "GET", path: "/?mw=off", hdr: nav, status: 200, body: page, link: true},
		{name: "HEAD", method: "HEAD", path: "/", hdr: nav, status: 200, link: true},
		{name: "HEAD EarlyHintsHTTP1", method: "HEAD", path: "/?mw=h1", hdr: nav, status: 200, link: true},
		{name: "If-None-Match 304", method: "GET", path: "/?mw=h1", hdr: map[string]string{"Sec-Fetch-Mode": "navigate", "If-None-Match": `"v1"`}, status: 304, h1: true, h2: true},
		{name: "If-Modified-Since 304", method: "GET", path: "/?mw=h1", hdr: map[string]string{"If-Modified-Since": lastMod}, status: 304, h1: true, h2: true},
		{name: "If-None-Match stale 200", method: "GET", path: "/", hdr: map[string]string{"If-None-Match": `"v0"`}, status: 200, body: page, link: true, h2: true},
		{name: "Range 206", method: "GET", path: "/?mw=h1", hdr: map[string]string{"Sec-Fetch-Mode": "navigate", "Range": "bytes=0-14"}, status: 206, body: page[:15]},
		{name: "Range 416", method: "GET", path: "/?mw=h1", hdr: map[string]string{"Range": "bytes=999999-"}, status: 416},
		{name: "404 from FileServer", method: "GET", path: "/gone.html", hdr: nav, status: 404, h2: true},
		{name: "500 from handler", method: "GET", path: "/broken/", hdr: nav, status: 500, h2: true},
		{name: "301 from FileServer", method: "GET", path: "/index.html", hdr: nav, status: 301, h2: true},
		{name: "no hints for path", method: "GET", path: "/plain.html?mw=h1", hdr: nav, status: 200, body: "<p>plain"},
		{name: "POST", method: "POST", path: "/?mw=h1", hdr: nav, status: 200, body: page},
	}
}

// check compares r with c; h2 says which protocol was used.
func (c tcase) check(r result, h2 bool) error {
	var errs []string
	fail := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	if want := map[bool]int{false: 1, true: 2}[h2]; r.proto != want {
		fail("answered over HTTP/%d, want %d", r.proto, want)
	}
	if r.status != c.status {
		fail("status %d, want %d", r.status, c.status)
	}
	if c.body != "" && r.body != c.body {
		fail("body %.40q..., want %.40q...", r.body, c.body)
	}
	if c.method == "HEAD" && r.body != "" {
		fail("HEAD has a body")
	}
	if c.link && !reflect.DeepEqual(r.header["Link"], links) {
		fail("final Link %q, want %q", r.header["Link"], links)
	} else if !c.link && r.header["Link"] != nil {
		fail("final Link %q, want none", r.header["Link"])
	}
	if r.header.Get("Set-Cookie") != "session=secret" || r.header.Get("X-Outer") != "1" {
		fail("final response lost the outer handler's headers: %v", r.header)
	}
	if want103 := (h2 && c.h2) || (!h2 && c.h1); !want103 {
		if len(r.codes) != 0 {
			fail("1xx %v, want none", r.codes)
		}
	} else if len(r.codes) != 1 || r.codes[0] != 103 {
		fail("1xx %v, want one 103", r.codes)
	} else {
		if !reflect.DeepEqual(r.early[0]["Link"], links) {
			fail("103 Link %q, want %q", r.early[0]["Link"], links)
		}
		for k := range r.early[0] {
			if k != "Link" {
				fail("103 carries %s: %q", k, r.early[0][k])
			}
		}
	}
	if len(errs) != 0 {
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}

func TestBehaviour(t *testing.T) {
	srv := newServer(t)
	for _, h2 := range []bool{false, true} {
		c := client(srv, h2)
		first, err := do(c, "GET", srv.URL+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		lastMod := first.header.Get("Last-Modified")
		if lastMod == "" || first.header.Get("Etag") != `"v1"` {
			t.Fatalf("FileServer sent Last-Modified %q, ETag %q", lastMod, first.header.Get("Etag"))
		}
		for _, tc := range cases(lastMod) {
			t.Run(fmt.Sprintf("h2=%v/%s", h2, tc.name), func(t *testing.T) {
				r, err := do(c, tc.method, srv.URL+tc.path, tc.hdr)
				if err != nil {
					t.Fatal(err)
				}
				if err := tc.check(r, h2); err != nil {
					t.Error(err)
				}
			})
		}
	}
}

// TestHTTP10 checks that an HTTP/1.0 client, which cannot parse a 1xx, gets none even with
// EarlyHintsHTTP1 set, and still gets the Link headers.
func TestHTTP10(t *testing.T) {
	srv := newServer(t)
	conn, err := tls.Dial("tcp", srv.Listener.Addr().String(), &tls.Config{InsecureSkipVerify: true, NextProtos: []string{"http/1.1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /?mw=h1 HTTP/1.0\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.ProtoMinor != 0 || !reflect.DeepEqual(resp.Header["Link"], links) {
		t.Errorf("HTTP/1.0: first response %s %s, Link %q; want a 200 with the Links (no 103)", resp.Proto, resp.Status, resp.Header["Link"])
	}
}

// TestConcurrent sends 64 x 200 requests at once to one server, half the goroutines over
// HTTP/2 and half over HTTP/1.1, cycling through the behaviour table. Run with -race.
func TestConcurrent(t *testing.T) {
	srv := newServer(t)
	clients := map[bool]*http.Client{false: client(srv, false), true: client(srv, true)}
	first, err := do(clients[true], "GET", srv.URL+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	table := cases(first.header.Get("Last-Modified"))
	workers, each := 64, 200
	if testing.Short() {
		each = 20
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			h2 := g%2 == 0
			for i := 0; i < each; i++ {
				tc := table[(g+i)%len(table)]
				r, err := do(clients[h2], tc.method, srv.URL+tc.path, tc.hdr)
				if err == nil {
					err = tc.check(r, h2)
				}
				if err != nil {
					mu.Lock()
					failed++
					if failed <= 10 {
						t.Errorf("goroutine %d request %d (h2=%v %s): %v", g, i, h2, tc.name, err)
					}
					mu.Unlock()
					return
				}
			}
		}(g)
	}
	wg.Wait()
	if failed > 10 {
		t.Errorf("%d goroutines failed in all", failed)
	}
}

// recorder is a ResponseWriter that records what reaches it: statuses with the Link
// header at the time, and which optional interfaces were used.
type recorder struct {
	h        http.Header
	statuses []int
	links    [][]string
	body     strings.Builder
	readFrom bool
	flushed  int
	deadline bool
	wrapped  bool // reached through unwrapOnly
}

func (w *recorder) Header() http.Header { return w.h }
func (w *recorder) WriteHeader(code int) {
	w.statuses = append(w.statuses, code)
	w.links = append(w.links, append([]string(nil), w.h["Link"]...))
}
func (w *recorder) Write(p []byte) (int, error) {
	if len(w.statuses) == 0 {
		w.WriteHeader(200)
	}
	return w.body.Write(p)
}
func (w *recorder) ReadFrom(r io.Reader) (int64, error) {
	w.readFrom = true
	if len(w.statuses) == 0 {
		w.WriteHeader(200)
	}
	return io.Copy(&w.body, r)
}
func (w *recorder) FlushError() error                  { w.flushed++; return nil }
func (w *recorder) SetWriteDeadline(d time.Time) error { w.deadline = true; return nil }

// TestWriterInterfaces checks the ResponseWriter Next sees: ReadFrom reaches the server's
// (FileServer's sendfile path), Flush through http.Flusher and http.ResponseController
// writes the status with the Links first, Unwrap gives http.ResponseController the
// server's methods, and a 103 of Next's own passes through before the final status.
func TestWriterInterfaces(t *testing.T) {
	dir := writeSite(t)
	for _, tc := range []struct {
		name  string
		next  http.Handler
		check func(t *testing.T, w *recorder)
	}{
		{"FileServer uses ReadFrom", http.FileServer(http.Dir(dir)), func(t *testing.T, w *recorder) {
			// Behind a wrapper without ReadFrom, Write is the only way through.
			if w.readFrom == w.wrapped || w.body.String() != page {
				t.Errorf("ReadFrom used %v, body ok %v", w.readFrom, w.body.String() == page)
			}
		}},
		{"Write only", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "x")
		}), func(t *testing.T, w *recorder) {
			if w.body.String() != "x" {
				t.Errorf("body %q", w.body.String())
			}
		}},
		{"Flusher first", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.(http.Flusher).Flush()
			io.WriteString(w, "x")
		}), func(t *testing.T, w *recorder) {
			if w.flushed != 1 {
				t.Errorf("flushed %d times, want 1", w.flushed)
			}
		}},
		{"ResponseController", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rc := http.NewResponseController(w)
			if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
				t.Errorf("SetWriteDeadline: %v", err)
			}
			if err := rc.Flush(); err != nil {
				t.Errorf("Flush: %v", err)
			}
			if _, _, err := rc.Hijack(); !errors.Is(err, http.ErrNotSupported) {
				t.Errorf("Hijack: %v, want ErrNotSupported from the recorder", err)
			}
		}), func(t *testing.T, w *recorder) {
			if w.flushed != 1 || !w.deadline {
				t.Errorf("flushed %d times, deadline set %v", w.flushed, w.deadline)
			}
		}},
		{"own 103 first", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", "</x.js>; rel=preload; as=script")
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusOK)
		}), func(t *testing.T, w *recorder) {
			want := [][]string{{"</x.js>; rel=preload; as=script"}, append([]string{"</x.js>; rel=preload; as=script"}, links...)}
			if !reflect.DeepEqual(w.statuses, []int{103, 200}) || !reflect.DeepEqual(w.links, want) {
				t.Errorf("statuses %v with Links %q, want [103 200] with %q", w.statuses, w.links, want)
			}
		}},
	} {
		// Directly on the server's writer, and behind an outer wrapper that has only Unwrap.
		for _, wrapped := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/wrapped=%v", tc.name, wrapped), func(t *testing.T) {
				w := &recorder{h: http.Header{}, wrapped: wrapped}
				var rw http.ResponseWriter = w
				if wrapped {
					rw = unwrapOnly{w}
				}
				mw := &hintmw.Middleware{Hints: siteHints, Next: tc.next}
				mw.ServeHTTP(rw, httptest.NewRequest("GET", "/", nil))
				n := len(w.statuses)
				if n == 0 || w.statuses[n-1] != 200 || len(w.links[n-1]) < len(links) || !reflect.DeepEqual(w.links[n-1][len(w.links[n-1])-len(links):], links) {
					t.Errorf("final status %v with Links %q, want 200 with %q", w.statuses, w.links, links)
				}
				tc.check(t, w)
			})
		}
	}
}

// unwrapOnly hides the recorder's optional methods behind Unwrap, as an outer
// middleware's ResponseWriter would.
type unwrapOnly struct{ rec *recorder }

func (u unwrapOnly) Header() http.Header         { return u.rec.Header() }
func (u unwrapOnly) Write(p []byte) (int, error) { return u.rec.Write(p) }
func (u unwrapOnly) WriteHeader(code int)        { u.rec.WriteHeader(code) }
func (u unwrapOnly) Unwrap() http.ResponseWriter { return u.rec }

// TestTableUnchanged checks that a handler appending to the response's Link header does
// not write into the hint table.
func TestTableUnchanged(t *testing.T) {
	table := make([]string, len(links), len(links)+4)
	copy(table, links)
	mw := &hintmw.Middleware{Hints: map[string][]string{"/": table}, Next: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.Header().Add("Link", "</late.css>; rel=preload; as=style")
	})}
	mw.ServeHTTP(&recorder{h: http.Header{}}, httptest.NewRequest("GET", "/", nil))
	if got := table[:cap(table)][len(links)]; got != "" {
		t.Errorf("the hint table's spare capacity was written: %q", got)
	}
}

// BenchmarkLoopback measures requests/s of a navigation to / through a real loopback server
// and client, many requests in flight: http.FileServer alone (plain) and behind the
// middleware (hintmw), over HTTP/1.1 (Link headers only, the default) and over unencrypted
// HTTP/2 (Link headers and a 103; hintmw-noearly: Link headers only, to tell the 103's own
// cost apart). No TLS, so the fixed cost per request is small. The
// client reads bodies with a 64 KB buffer: with io.Copy's 8 KB reads, the ~110 bytes of
// Link headers alone cost the client one more read syscall per request for this page size
// (a client-side artefact of where the buffer boundaries fall, not a cost of the server).
func BenchmarkLoopback(b *testing.B) {
	files := http.FileServer(http.Dir(writeSite(b)))
	for _, proto := range []string{"h1", "h2c"} {
		handlers := []string{"plain", "hintmw"}
		if proto == "h2c" {
			handlers = append(handlers, "hintmw-noearly")
		}
		for _, handler := range handlers {
			b.Run("proto="+proto+"/handler="+handler, func(b *testing.B) {
				var h http.Handler = files
				if handler != "plain" {
					h = &hintmw.Middleware{Hints: siteHints, NoEarlyHints: handler == "hintmw-noearly", Next: files}
				}
				srv := httptest.NewUnstartedServer(h)
				srv.Config.Protocols = new(http.Protocols)
				srv.Config.Protocols.SetHTTP1(true)
				srv.Config.Protocols.SetUnencryptedHTTP2(true)
				srv.Start()
				defer srv.Close()
				tr := &http.Transport{MaxIdleConnsPerHost: 256, Protocols: new(http.Protocols)}
				defer tr.CloseIdleConnections()
				if proto == "h2c" {
					tr.Protocols.SetUnencryptedHTTP2(true)
				} else {
					tr.Protocols.SetHTTP1(true)
				}
				c := &http.Client{Transport: tr}
				wantLinks, want103 := 0, 0
				if handler != "plain" {
					wantLinks = len(links)
					if proto == "h2c" && handler == "hintmw" {
						want103 = 1
					}
				}
				b.SetParallelism(8)
				b.ReportAllocs()
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					buf := make([]byte, 64<<10)
					n103 := 0
					trace := &httptrace.ClientTrace{Got1xxResponse: func(int, textproto.MIMEHeader) error { n103++; return nil }}
					req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", srv.URL+"/", nil)
					req.Header.Set("Sec-Fetch-Mode", "navigate")
					for pb.Next() {
						n103 = 0
						resp, err := c.Do(req)
						if err != nil {
							b.Error(err)
							return
						}
						n, err := readAll(resp.Body, buf)
						resp.Body.Close()
						if err != nil {
							b.Error(err)
							return
						}
						if resp.StatusCode != 200 || n != int64(len(page)) || len(resp.Header["Link"]) != wantLinks || n103 != want103 {
							b.Errorf("status %d, %d bytes, %d Links, %d 103s", resp.StatusCode, n, len(resp.Header["Link"]), n103)
							return
						}
					}
				})
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
			})
		}
	}
}

// readAll reads r to its end into buf, over and over, and returns the byte count.
func readAll(r io.Reader, buf []byte) (int64, error) {
	var n int64
	for {
		m, err := r.Read(buf)
		n += int64(m)
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// discardWriter is a ResponseWriter that keeps nothing.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

// BenchmarkInProcess calls the handlers directly with a ResponseWriter that discards: the
// middleware's own cost (lookup, wrapper, Link headers and, for HTTP/2 requests, the 103's
// header shuffle) next to FileServer's open, stat and read of the page.
func BenchmarkInProcess(b *testing.B) {
	files := http.FileServer(http.Dir(writeSite(b)))
	for _, proto := range []string{"h1", "h2"} {
		for _, handler := range []string{"plain", "hintmw"} {
			b.Run("proto="+proto+"/handler="+handler, func(b *testing.B) {
				var h http.Handler = files
				if handler == "hintmw" {
					h = &hintmw.Middleware{Hints: siteHints, Next: files}
				}
				r := httptest.NewRequest("GET", "/", nil)
				r.Header.Set("Sec-Fetch-Mode", "navigate")
				if proto == "h2" {
					r.Proto, r.ProtoMajor, r.ProtoMinor = "HTTP/2.0", 2, 0
				}
				w := &discardWriter{h: http.Header{}}
				b.ReportAllocs()
				for b.Loop() {
					clear(w.h)
					h.ServeHTTP(w, r)
				}
				if handler == "hintmw" && len(w.h["Link"]) != len(links) {
					b.Fatalf("Link %q", w.h["Link"])
				}
			})
		}
	}
}

// BenchmarkOverhead is BenchmarkInProcess with a handler that only writes a 200 in place of
// FileServer: the middleware's own cost per request, in ns and allocations.
func BenchmarkOverhead(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) })
	for _, proto := range []string{"h1", "h2"} {
		for _, handler := range []string{"plain", "hintmw"} {
			b.Run("proto="+proto+"/handler="+handler, func(b *testing.B) {
				var h http.Handler = ok
				if handler == "hintmw" {
					h = &hintmw.Middleware{Hints: siteHints, Next: ok}
				}
				r := httptest.NewRequest("GET", "/", nil)
				r.Header.Set("Sec-Fetch-Mode", "navigate")
				if proto == "h2" {
					r.Proto, r.ProtoMajor, r.ProtoMinor = "HTTP/2.0", 2, 0
				}
				w := &discardWriter{h: http.Header{}}
				b.ReportAllocs()
				for b.Loop() {
					clear(w.h)
					h.ServeHTTP(w, r)
				}
			})
		}
	}
}

// TestTableLookup: exact paths first, then the directories from the path's own up to the
// root, for paths ending in "/" or ".html" only; set 0 and unknown sets are no hints.
func TestTableLookup(t *testing.T) {
	tab := &hintmw.Table{
		Sets:  [][]string{nil, {"a"}, {"b"}},
		Paths: map[string]int{"/docs/x.html": 1, "/docs/none/": 0, "/docs/bad.html": 7, "/p.htm": 2},
		Dirs:  map[string]int{"/": 1, "/docs/": 2, "/docs/old/": 0},
	}
	for p, want := range map[string]string{
		"/": "a", "/index.html": "a", "/docs/": "b", "/docs/a/b/c.html": "b", "/docs/x.html": "a",
		"/docs/none/": "", "/docs/none/index.html": "b", "/docs/old/": "", "/docs/old/deeper/y.html": "",
		"/docs/bad.html": "", "/p.htm": "b", "/q.htm": "", "/docs/style.css": "", "/docs": "", "": "",
	} {
		if got := strings.Join(tab.Lookup(p), ","); got != want {
			t.Errorf("Lookup(%q) = %q, want %q", p, got, want)
		}
	}
}
