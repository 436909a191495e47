// The Go server a measurement runs behind: HTTP/2 over TLS with a self-signed certificate,
// the hint middleware preloadgen ships (emit/hintmw: Link headers from a per-path table and
// an optional 103 Early Hints response), and a think time before each page's body. The
// listener is its own rather than serve.Start's because it must keep the kernel send buffer
// small (see smallSendBuffers), and the handler is its own because it logs each request,
// with when a page's body started after the think time, so tests can check what the browser
// fetched and when.

package measure

import (
	"context"
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/preloadgen/preloadgen/emit/hintmw"
	"github.com/preloadgen/preloadgen/measure/link"
	"github.com/preloadgen/preloadgen/serve"
)

// Cert is a self-signed certificate for 127.0.0.1 and localhost, and the SPKI hash that
// Chromium's --ignore-certificate-errors-spki-list takes to trust it. Trusting it that way
// (rather than ignoring certificate errors) keeps the HTTP cache on, which preload reuse
// needs.
type Cert struct {
	TLS     tls.Certificate
	CertPEM []byte
	KeyPEM  []byte
	SPKI    string // base64 of the SHA-256 of the public key
}

// SelfSigned makes a fresh certificate (serve's), with the PEM files nginx reads.
func SelfSigned() (*Cert, error) {
	c, spki, err := serve.SelfSigned()
	if err != nil {
		return nil, err
	}
	key, ok := c.PrivateKey.(*ecdsa.PrivateKey)
	if !ok {
		return nil, errors.New("self-signed certificate: not an ECDSA key")
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	return &Cert{
		TLS:     c,
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Certificate[0]}),
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}),
		SPKI:    spki,
	}, nil
}

// Request is one request a test server saw.
type Request struct {
	Path   string
	Proto  string
	Remote string // the client's address
	At     time.Time
	// BodyAt is when a page's body started to be written (after think time); zero for
	// other files.
	BodyAt time.Time
}

// goServer is a running Go server.
type goServer struct {
	srv *http.Server
	ln  net.Listener

	mu  sync.Mutex
	log []Request
}

// goServerOptions configure startGoServer.
type goServerOptions struct {
	Dir   string
	Hints map[string][]string // request path -> Link values
	Early bool                // send a 103 with the Link values before the page
	Think time.Duration       // wait before each page's body (after the 103)
	Cert  *Cert
	// Plain serves HTTP/1.1 without TLS, as a backend behind a proxy (Caddy); Cert is then
	// not needed.
	Plain bool
	// CacheControl, when set, is sent with every response (tests use no-store so that the
	// browser's HTTP cache cannot stand in for a second fetch).
	CacheControl string
}

// smallSendBuffers makes accepted connections use a small kernel send buffer, so that the
// HTTP/2 write scheduler, not a megabyte of queued socket data, decides what crosses the
// emulated link next.
type smallSendBuffers struct{ net.Listener }

func (l smallSendBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(link.SocketBuffer)
	}
	return c, err
}

func startGoServer(o goServerOptions) (*goServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &goServer{ln: ln}
	files := http.FileServer(http.Dir(o.Dir))
	// Think time applies to pages only, after the 103 (which the middleware sends first).
	think := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := Request{Path: r.URL.Path, Proto: r.Proto, Remote: r.RemoteAddr, At: time.Now()}
		if serve.IsPage(r.URL.Path) {
			if o.Think > 0 {
				t := time.NewTimer(o.Think)
				select {
				case <-t.C:
				case <-r.Context().Done():
					t.Stop()
					return
				}
			}
			rec.BodyAt = time.Now()
		}
		s.mu.Lock()
		s.log = append(s.log, rec)
		s.mu.Unlock()
		if o.CacheControl != "" {
			w.Header().Set("Cache-Control", o.CacheControl)
		}
		files.ServeHTTP(w, r)
	})
	h := &hintmw.Middleware{Hints: o.Hints, NoEarlyHints: !o.Early, Next: think}
	s.srv = &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second}
	if o.Plain {
		go s.srv.Serve(smallSendBuffers{ln})
		return s, nil
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{o.Cert.TLS}, NextProtos: []string{"h2", "http/1.1"}}
	s.srv.TLSConfig = cfg
	go s.srv.Serve(tls.NewListener(smallSendBuffers{ln}, cfg))
	return s, nil
}

func (s *goServer) addr() string { return s.ln.Addr().String() }

// requests returns the log since the last reset and clears it.
func (s *goServer) takeLog() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.log
	s.log = nil
	return l
}

// takeLogOf removes and returns the logged requests whose client matches.
func (s *goServer) takeLogOf(match func(remote string) bool) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return takeMatching(&s.log, func(r Request) bool { return match(r.Remote) })
}

// takeMatching removes the entries of *log that match and returns them, in order.
func takeMatching[T any](log *[]T, match func(T) bool) []T {
	var got, keep []T
	for _, r := range *log {
		if match(r) {
			got = append(got, r)
		} else {
			keep = append(keep, r)
		}
	}
	*log = keep
	return got
}

func (s *goServer) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return s.srv.Close()
	}
	return err
}
