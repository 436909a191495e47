// The Go server a measurement runs behind: HTTP/2 over TLS with a self-signed certificate,
// the hint middleware preloadgen ships (emit/hintmw: Link headers from a per-path table and
// an optional 103 Early Hints response), and a think time before each page's body. The
// listener is its own rather than serve.Start's because it must keep the kernel send buffer
// small (see smallSendBuffers), and the think step is its own because it must delay pages
// only, not every asset. It logs each request so tests can check what the browser fetched.
package measure

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
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/preloadgen/preloadgen/emit/hintmw"
	"github.com/preloadgen/preloadgen/measure/link"
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

// SelfSigned makes a fresh certificate.
func SelfSigned() (*Cert, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "preloadgen measure"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(7 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(leaf.RawSubjectPublicKeyInfo)
	return &Cert{
		TLS:     tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf},
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}),
		SPKI:    base64.StdEncoding.EncodeToString(sum[:]),
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
		if isPage(r.URL.Path) {
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
		files.ServeHTTP(w, r)
	})
	h := &hintmw.Middleware{Hints: o.Hints, NoEarlyHints: !o.Early, Next: think}
	cfg := &tls.Config{Certificates: []tls.Certificate{o.Cert.TLS}, NextProtos: []string{"h2", "http/1.1"}}
	s.srv = &http.Server{Handler: h, TLSConfig: cfg, ReadHeaderTimeout: 30 * time.Second}
	go s.srv.Serve(tls.NewListener(smallSendBuffers{ln}, cfg))
	return s, nil
}

// isPage says whether a request path names an HTML page (a directory index or .html file).
func isPage(p string) bool {
	l := strings.ToLower(p)
	return strings.HasSuffix(l, "/") || strings.HasSuffix(l, ".html") || strings.HasSuffix(l, ".htm")
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
	var got, keep []Request
	for _, r := range s.log {
		if match(r.Remote) {
			got = append(got, r)
		} else {
			keep = append(keep, r)
		}
	}
	s.log = keep
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
