package serve_test

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/serve"
)

func TestServeBlog(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := "../fixtures/blog"
	res, err := preloadgen.Analyze(ctx, preloadgen.Options{Source: preloadgen.Source{Dir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	hints, warns := emit.RequestHints(res.Pages, "")
	if len(warns) != 0 || len(hints["/"]) == 0 {
		t.Fatalf("hints %v warnings %v", hints, warns)
	}
	h := serve.New(serve.Options{Dir: dir, Hints: hints, Think: 30 * time.Millisecond, EarlyHints: true})
	srv, err := serve.Start(ctx, h, serve.StartOptions{TLSAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(dir + "/index.html")

	for _, tc := range []struct {
		url   string
		major int
	}{{srv.TLSURL, 2}, {srv.HTTPURL, 1}} {
		var events []string
		var early http.Header
		trace := &httptrace.ClientTrace{
			Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
				events = append(events, "1xx")
				early = http.Header(h).Clone()
				return nil
			},
		}
		var spki string
		tr := &http.Transport{ForceAttemptHTTP2: true, TLSClientConfig: &tls.Config{InsecureSkipVerify: true,
			VerifyConnection: func(cs tls.ConnectionState) error {
				sum := sha256.Sum256(cs.PeerCertificates[0].RawSubjectPublicKeyInfo)
				spki = base64.StdEncoding.EncodeToString(sum[:])
				return nil
			}}}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), "GET", tc.url+"/", nil)
		req.Header.Set("Sec-Fetch-Mode", "navigate")
		resp, err := (&http.Client{Transport: tr}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.ProtoMajor != tc.major || resp.StatusCode != 200 || string(body) != string(want) {
			t.Errorf("%s: HTTP/%d status %d, body ok %v", tc.url, resp.ProtoMajor, resp.StatusCode, string(body) == string(want))
		}
		if tc.major == 2 && spki != srv.SPKI {
			t.Errorf("certificate SPKI %s, server reports %s", spki, srv.SPKI)
		}
		if len(events) != 1 || !reflect.DeepEqual(early["Link"], hints["/"]) {
			t.Errorf("%s: events %v, 103 Links %q, want one 103 (before the response) with %q", tc.url, events, early["Link"], hints["/"])
		}
		if !reflect.DeepEqual(resp.Header["Link"], hints["/"]) {
			t.Errorf("%s: final Links %q", tc.url, resp.Header["Link"])
		}
	}
	cancel()
	done := make(chan error)
	go func() { done <- srv.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Wait after cancel: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop after the context ended")
	}
}

func TestSelfSigned(t *testing.T) {
	c1, s1, err := serve.SelfSigned()
	if err != nil {
		t.Fatal(err)
	}
	_, s2, _ := serve.SelfSigned()
	if s1 == s2 || len(s1) != 44 || c1.Leaf == nil {
		t.Errorf("spki %q %q", s1, s2)
	}
	if err := c1.Leaf.VerifyHostname("127.0.0.1"); err != nil {
		t.Error(err)
	}
	if f := serve.ChromiumFlag(s1); f != "--ignore-certificate-errors-spki-list="+s1 {
		t.Error(f)
	}
}

// Think time delays pages, the responses a server builds, and not static assets. With an
// hour of think time a page cannot arrive within the test, and an asset arrives at once.
func TestThinkDelaysPagesOnly(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"index.html": "<p>hi", "a.css": "p{}"} {
		if err := os.WriteFile(dir+"/"+name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(serve.New(serve.Options{Dir: dir, Think: time.Hour}))
	defer ts.Close()
	get := func(p string, wait time.Duration) error {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+p, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.ReadAll(resp.Body); err != nil {
			return err
		}
		if resp.StatusCode != 200 {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
	if err := get("/a.css", time.Minute); err != nil {
		t.Errorf("asset /a.css: %v (assets must not wait for the think time)", err)
	}
	for _, p := range []string{"/", "/index.html"} {
		if err := get(p, 300*time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("page %s: got %v, want it held back by the think time", p, err)
		}
	}
}

// The rules file goes out with the speculation rules media type, and pages (only pages)
// name it in a Speculation-Rules header.
func TestSpeculationRulesFile(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"index.html": "<p>hi", "a.css": "p{}", "speculationrules.json": "{}"} {
		if err := os.WriteFile(dir+"/"+name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(serve.New(serve.Options{Dir: dir, SpeculationRules: "/speculationrules.json"}))
	defer ts.Close()
	for _, tc := range []struct{ path, ctype, rules string }{
		{"/", "text/html; charset=utf-8", `"/speculationrules.json"`},
		{"/a.css", "text/css; charset=utf-8", ""},
		{"/speculationrules.json", "application/speculationrules+json", ""},
	} {
		resp, err := http.Get(ts.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Content-Type"); got != tc.ctype {
			t.Errorf("%s: Content-Type %q, want %q", tc.path, got, tc.ctype)
		}
		if got := resp.Header.Get("Speculation-Rules"); got != tc.rules {
			t.Errorf("%s: Speculation-Rules %q, want %q", tc.path, got, tc.rules)
		}
	}
}
