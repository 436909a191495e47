package measure

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"testing"
	"time"
)

type h2Resp struct{ proto, link string }

// h2Get fetches url over HTTP/2, trusting cert.
func h2Get(t *testing.T, cert *Cert, url string) h2Resp {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AddCert(cert.TLS.Leaf)
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return h2Resp{proto: resp.Proto, link: resp.Header.Get("Link")}
}

func TestGoServerSpeaksH2AndSendsEarlyHints(t *testing.T) {
	site := writeSite(t, map[string]string{"index.html": "<!doctype html><p>x", "a.css": "p{}"})
	cert, err := SelfSigned()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := startGoServer(goServerOptions{Dir: site, Cert: cert, Early: true, Hints: map[string][]string{"/": {"</a.css>; rel=preload; as=style"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.close()
	r := h2Get(t, cert, "https://"+srv.addr()+"/")
	if r.proto != "HTTP/2.0" || r.link != "</a.css>; rel=preload; as=style" {
		t.Errorf("proto %s, Link %q", r.proto, r.link)
	}
	if len(cert.SPKI) != 44 {
		t.Errorf("SPKI %q is not a base64 SHA-256", cert.SPKI)
	}
}
