package measure

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen/internal/testenv"
)

// TestCaddyServesTheEmittedSnippet builds the blog fixture the way a measurement does and
// serves it through a private Caddy importing the emitted snippet, with a think time: a page
// comes over HTTP/2 with a 103 carrying its Link values well before the final response,
// which carries them too; an asset gets none.
func TestCaddyServesTheEmittedSnippet(t *testing.T) {
	bin, err := findCaddy("")
	if err != nil {
		testenv.Missing(t, "%v", err)
	}
	ctx := context.Background()
	o, err := Options{A: filepath.Join("..", "fixtures", "blog"), Server: ServerCaddy, Hints: HintsEarly}.check()
	if err != nil {
		t.Fatal(err)
	}
	b, err := prepareB(ctx, o, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if b.caddy == "" || len(b.links["/"]) == 0 {
		t.Fatalf("no snippet (%q) or no hints for / (%v)", b.caddy, b.links["/"])
	}
	cert, err := SelfSigned()
	if err != nil {
		t.Fatal(err)
	}
	const think = 300 * time.Millisecond
	c, err := startCaddy(ctx, caddyOptions{Bin: bin, Root: b.dir, Cert: cert, Snippet: b.caddy, Think: think})
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()

	pool := x509.NewCertPool()
	pool.AddCert(cert.TLS.Leaf)
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}
	defer tr.CloseIdleConnections()
	get := func(path string) (resp *http.Response, early []string, earlyAfter, finalAfter time.Duration) {
		t.Helper()
		start := time.Now()
		trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
			if code == http.StatusEarlyHints {
				early, earlyAfter = h.Values("Link"), time.Since(start)
			}
			return nil
		}}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), "GET", "https://"+c.addr()+path, nil)
		req.Header.Set("Sec-Fetch-Mode", "navigate")
		resp, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		finalAfter = time.Since(start)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp, early, earlyAfter, finalAfter
	}
	want := strings.Join(b.links["/"], ", ")
	get("/favicon.ico") // the connection, so that the times below are the request's own
	resp, early, earlyAfter, finalAfter := get("/")
	if resp.StatusCode != 200 || resp.Proto != "HTTP/2.0" {
		t.Fatalf("/: %s %s", resp.Proto, resp.Status)
	}
	if got := strings.Join(resp.Header.Values("Link"), ", "); got != want {
		t.Errorf("Link on the page:\n got %s\nwant %s", got, want)
	}
	if got := strings.Join(early, ", "); got != want {
		t.Errorf("Link in the 103:\n got %s\nwant %s", got, want)
	}
	if finalAfter < think || earlyAfter > finalAfter-think/2 {
		t.Errorf("103 after %v, page after %v: the 103 should come while the backend thinks (%v)", earlyAfter, finalAfter, think)
	}
	if resp, early, _, _ := get("/css/main.css"); resp.StatusCode != 200 || len(resp.Header.Values("Link")) > 0 || early != nil {
		t.Errorf("asset: %s, Link %q, 103 %q", resp.Status, resp.Header.Values("Link"), early)
	}
}

// TestRunBehindCaddy measures a page of the blog fixture behind Caddy end to end: both sides
// load without failed requests, and the report names the server.
func TestRunBehindCaddy(t *testing.T) {
	needChrome(t)
	if _, err := findCaddy(""); err != nil {
		testenv.Missing(t, "%v", err)
	}
	site := filepath.Join("..", "fixtures", "blog")
	rep, err := Run(context.Background(), Options{A: site, Server: ServerCaddy, Hints: HintsEarly, Pages: []string{"/"}, Runs: 1,
		RTT: fast.RTT, Down: fast.Down, Up: fast.Up, Think: 100 * time.Millisecond, UnusedWait: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Server != ServerCaddy || len(rep.Pages) != 1 {
		t.Fatalf("server %q, pages %+v", rep.Server, rep.Pages)
	}
	p := rep.Pages[0]
	if len(p.Errors) > 0 || len(p.RunsA) != 1 || len(p.RunsB) != 1 || p.B.LCP <= 0 || rep.Totals.FailedA+rep.Totals.FailedB > 0 {
		t.Errorf("page %s: errors %v, runs %d/%d, LCP B %.0f, failed %d/%d", p.Page, p.Errors, len(p.RunsA), len(p.RunsB), p.B.LCP, rep.Totals.FailedA, rep.Totals.FailedB)
	}
}
