// Package serve serves a built site locally the way preloadgen's configs would: each page's
// hints as Link headers, and a 103 Early Hints response first for navigations.
//
// It is shaped for two users, `preloadgen serve` and `preloadgen measure`:
//
//   - New(Options) is an http.Handler: the site dir through http.FileServer, behind an
//     optional think delay for pages (server work before a page is ready), behind the same
//     middleware the generated Go file carries (package emit/hintmw), outermost.
//   - SelfSigned() makes an ECDSA P-256 certificate for 127.0.0.1/localhost and returns
//     the base64 SHA-256 of its SubjectPublicKeyInfo, the value Chromium takes in
//     --ignore-certificate-errors-spki-list (a browser only uses Early Hints over HTTP/2 or
//     HTTP/3 with TLS, and only caches responses from a trusted certificate).
//   - Start(ctx, handler, StartOptions) listens on a TLS address (HTTP/2 and HTTP/1.1) and
//     a plain HTTP/1.1 address, and stops when ctx ends or Close is called.
//
// Hints maps request paths to Link values; emit.RequestHints builds it from an analysis:
//
//	hints, _ := emit.RequestHints(res.Pages, "")
//	h := serve.New(serve.Options{Dir: "public", Hints: hints, Think: 200 * time.Millisecond, EarlyHints: true})
//	srv, err := serve.Start(ctx, h, serve.StartOptions{TLSAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0"})
//	// srv.TLSURL, srv.HTTPURL, srv.SPKI
package serve

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/preloadgen/preloadgen/emit/hintmw"
)

// Options configure the handler.
type Options struct {
	Dir        string              // site root
	Hints      map[string][]string // request path -> Link header values
	Think      time.Duration       // delay before a page is served (after the 103); assets are not delayed
	EarlyHints bool                // send 103 Early Hints to navigations
	// SpeculationRules, when set, is the URL path of the site's speculation rules file
	// (docs/speculation.md): it is served as application/speculationrules+json, and
	// every page names it in a Speculation-Rules header.
	SpeculationRules string
}

// New returns the handler that serves o.Dir with the hints.
func New(o Options) http.Handler {
	var next http.Handler = http.FileServer(http.Dir(o.Dir))
	if o.Think > 0 {
		files := next
		think := o.Think
		next = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !IsPage(r.URL.Path) {
				files.ServeHTTP(w, r) // static assets: no server work to simulate
				return
			}
			t := time.NewTimer(think)
			defer t.Stop()
			select {
			case <-t.C:
			case <-r.Context().Done():
				return
			}
			files.ServeHTTP(w, r)
		})
	}
	if rules := o.SpeculationRules; rules != "" {
		files := next
		value := strconv.Quote(rules) // a structured-field string: the path holds no quote or backslash
		next = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.URL.Path == rules:
				w.Header().Set("Content-Type", "application/speculationrules+json")
			case IsPage(r.URL.Path):
				w.Header().Set("Speculation-Rules", value)
			}
			files.ServeHTTP(w, r)
		})
	}
	// The plain-HTTP address is for looking at the hints with curl and the like, so it
	// sends the 103 too (the generated middleware sends it over HTTP/2 and later only).
	return &hintmw.Middleware{Hints: o.Hints, NoEarlyHints: !o.EarlyHints, EarlyHintsHTTP1: o.EarlyHints, Next: next}
}

// IsPage says whether a request path names an HTML page (a directory index or an .html
// or .htm file): the responses a server builds, as opposed to static assets.
func IsPage(p string) bool {
	l := strings.ToLower(p)
	return strings.HasSuffix(l, "/") || strings.HasSuffix(l, ".html") || strings.HasSuffix(l, ".htm")
}

// SelfSigned makes a fresh self-signed ECDSA certificate for 127.0.0.1, ::1 and localhost,
// valid for a day, and returns it with the base64 SHA-256 of its SubjectPublicKeyInfo.
func SelfSigned() (tls.Certificate, string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return tls.Certificate{}, "", err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "preloadgen serve"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	sum := sha256.Sum256(leaf.RawSubjectPublicKeyInfo)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, base64.StdEncoding.EncodeToString(sum[:]), nil
}

// ChromiumFlag is the Chromium command-line flag that trusts the certificate with this SPKI
// hash.
func ChromiumFlag(spki string) string {
	return "--ignore-certificate-errors-spki-list=" + spki
}

// StartOptions say where Start listens. An empty address is not served; port 0 picks one.
type StartOptions struct {
	TLSAddr  string // HTTP/2 and HTTP/1.1 over TLS
	HTTPAddr string // plain HTTP/1.1
	// Cert is the TLS certificate; zero means a fresh SelfSigned one.
	Cert *tls.Certificate
}

// Server is a running pair of listeners.
type Server struct {
	TLSURL  string // https://host:port, or "" when not served
	HTTPURL string // http://host:port, or ""
	SPKI    string // base64 SHA-256 of the certificate's SubjectPublicKeyInfo

	servers []*http.Server
	errc    chan error
}

// Start serves h on the addresses of o until ctx ends or Close is called.
func Start(ctx context.Context, h http.Handler, o StartOptions) (*Server, error) {
	s := &Server{errc: make(chan error, 2)}
	if o.TLSAddr != "" {
		var cert tls.Certificate
		if o.Cert != nil {
			cert = *o.Cert
			if cert.Leaf == nil && len(cert.Certificate) > 0 {
				cert.Leaf, _ = x509.ParseCertificate(cert.Certificate[0])
			}
			if cert.Leaf != nil {
				sum := sha256.Sum256(cert.Leaf.RawSubjectPublicKeyInfo)
				s.SPKI = base64.StdEncoding.EncodeToString(sum[:])
			}
		} else {
			var err error
			if cert, s.SPKI, err = SelfSigned(); err != nil {
				return nil, fmt.Errorf("certificate: %w", err)
			}
		}
		ln, err := net.Listen("tcp", o.TLSAddr)
		if err != nil {
			return nil, err
		}
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, Protocols: new(http.Protocols),
			TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}}
		srv.Protocols.SetHTTP1(true)
		srv.Protocols.SetHTTP2(true)
		s.TLSURL = "https://" + ln.Addr().String()
		s.servers = append(s.servers, srv)
		go func() { s.errc <- srv.ServeTLS(ln, "", "") }()
	}
	if o.HTTPAddr != "" {
		ln, err := net.Listen("tcp", o.HTTPAddr)
		if err != nil {
			s.Close()
			return nil, err
		}
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, Protocols: new(http.Protocols)}
		srv.Protocols.SetHTTP1(true)
		s.HTTPURL = "http://" + ln.Addr().String()
		s.servers = append(s.servers, srv)
		go func() { s.errc <- srv.Serve(ln) }()
	}
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	return s, nil
}

// Wait blocks until a listener fails or the server is closed; it returns nil after Close.
func (s *Server) Wait() error {
	for range s.servers {
		if err := <-s.errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Close()
			return err
		}
	}
	return nil
}

// Close stops both listeners, letting requests in flight finish for up to two seconds.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var errs []error
	for _, srv := range s.servers {
		if err := srv.Shutdown(ctx); err != nil {
			errs = append(errs, err)
			srv.Close()
		}
	}
	return errors.Join(errs...)
}
