package hintmw_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"reflect"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/emit/hintmw"
)

var links = []string{`</a.css>; rel=preload; as=style`, `</f.woff2>; rel=preload; as=font; type="font/woff2"; crossorigin`}

// newServer serves "page" at / behind the middleware, inside an outer handler that sets a
// cookie first (which must not leak into the 103).
func newServer(t *testing.T, noEarly bool) *httptest.Server {
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Inner", "1")
		io.WriteString(w, "page")
	})
	mw := &hintmw.Middleware{Hints: map[string][]string{"/": links}, NoEarlyHints: noEarly, Next: inner}
	outer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "session=secret")
		mw.ServeHTTP(w, r)
	})
	srv := httptest.NewUnstartedServer(outer)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

type result struct {
	codes []int
	early []http.Header
	resp  http.Header
	proto int
}

func fetch(t *testing.T, srv *httptest.Server, h2 bool, method, path string, hdr map[string]string) result {
	t.Helper()
	tr := srv.Client().Transport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	tr.Protocols = new(http.Protocols)
	if h2 {
		tr.Protocols.SetHTTP2(true)
	} else {
		tr.Protocols.SetHTTP1(true)
	}
	var r result
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
		r.codes = append(r.codes, code)
		r.early = append(r.early, http.Header(h).Clone())
		return nil
	}}
	req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), method, srv.URL+path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	r.resp, r.proto = resp.Header, resp.ProtoMajor
	return r
}

func TestEarlyHints(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(fmt.Sprintf("h2=%v", h2), func(t *testing.T) {
			srv := newServer(t, false)
			r := fetch(t, srv, h2, "GET", "/", map[string]string{"Sec-Fetch-Mode": "navigate"})
			if want := map[bool]int{false: 1, true: 2}[h2]; r.proto != want {
				t.Fatalf("answered over HTTP/%d, want %d", r.proto, want)
			}
			if len(r.codes) != 1 || r.codes[0] != 103 {
				t.Fatalf("1xx codes %v, want [103]", r.codes)
			}
			if got := r.early[0]["Link"]; !reflect.DeepEqual(got, links) {
				t.Errorf("103 Link %q, want %q", got, links)
			}
			for k := range r.early[0] {
				if k != "Link" {
					t.Errorf("103 leaks header %s: %q", k, r.early[0][k])
				}
			}
			if got := r.resp["Link"]; !reflect.DeepEqual(got, links) {
				t.Errorf("final Link %q, want %q", got, links)
			}
			if r.resp.Get("Set-Cookie") != "session=secret" || r.resp.Get("X-Inner") != "1" {
				t.Errorf("final response lost headers: %v", r.resp)
			}

			// No Sec-Fetch-Mode: treated as a navigation.
			if r := fetch(t, srv, h2, "GET", "/", nil); len(r.codes) != 1 {
				t.Errorf("without Sec-Fetch-Mode: 1xx %v, want one 103", r.codes)
			}
			// A subresource request: Links, no 103.
			r = fetch(t, srv, h2, "GET", "/", map[string]string{"Sec-Fetch-Mode": "no-cors"})
			if len(r.codes) != 0 || !reflect.DeepEqual(r.resp["Link"], links) {
				t.Errorf("no-cors: 1xx %v Link %q", r.codes, r.resp["Link"])
			}
			// Other methods and paths: untouched.
			if r := fetch(t, srv, h2, "POST", "/", nil); len(r.codes) != 0 || r.resp["Link"] != nil {
				t.Errorf("POST: 1xx %v Link %q", r.codes, r.resp["Link"])
			}
			if r := fetch(t, srv, h2, "GET", "/other", nil); len(r.codes) != 0 || r.resp["Link"] != nil {
				t.Errorf("/other: 1xx %v Link %q", r.codes, r.resp["Link"])
			}
			// Early Hints off: Links only.
			off := newServer(t, true)
			if r := fetch(t, off, h2, "GET", "/", nil); len(r.codes) != 0 || !reflect.DeepEqual(r.resp["Link"], links) {
				t.Errorf("NoEarlyHints: 1xx %v Link %q", r.codes, r.resp["Link"])
			}
		})
	}
}

// TestHTTP10 checks that an HTTP/1.0 client, which cannot parse a 1xx, gets none.
func TestHTTP10(t *testing.T) {
	mw := &hintmw.Middleware{Hints: map[string][]string{"/": links}, Next: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "page") })}
	srv := httptest.NewServer(mw)
	defer srv.Close()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET / HTTP/1.0\r\nHost: x\r\n\r\n")
	status, _ := bufio.NewReader(conn).ReadString('\n')
	if !strings.Contains(status, " 200 ") {
		t.Errorf("HTTP/1.0 first status line %q, want 200 (no 103)", status)
	}
}
