// A private Caddy for a measurement, the setup users run for 103 Early Hints: HTTP/2 over
// TLS on a high port of 127.0.0.1 with the measurement's self-signed certificate, its own
// Caddyfile, data, config and log paths, no admin endpoint and no certificate management.
// For the optimised side it imports the snippet preloadgen emits (emit.CaddyFile), which
// sends each page's Link headers and, for navigations, a 103 with the same links first.
//
// Caddy serves the files itself. With a think time it proxies instead to a plain HTTP Go
// backend on loopback that waits before each page's body, as an application server would:
// the snippet's 103 goes out while the backend thinks.
//
// Unlike nginx (sndbuf), Caddy has no setting for the kernel send buffer of its
// connections, so more of a response can sit queued in the socket ahead of the link than
// behind the Go server or nginx.

package measure

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// findCaddy returns the Caddy binary: path, $PRELOADGEN_CADDY, the one
// scripts/install-test-deps.sh installs, or the first on PATH.
func findCaddy(path string) (string, error) {
	if path != "" {
		return path, nil
	}
	if p := os.Getenv("PRELOADGEN_CADDY"); p != "" {
		return p, nil
	}
	if home, err := os.UserHomeDir(); err == nil {
		p := filepath.Join(home, ".cache", "preloadgen-tools", "bin", "caddy")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath("caddy"); err == nil {
		return p, nil
	}
	return "", errors.New("no caddy found: run scripts/install-test-deps.sh, set PRELOADGEN_CADDY or pass -caddy PATH")
}

type caddyServer struct {
	cmd     *exec.Cmd
	dir     string
	port    int
	backend *goServer // the thinking backend, if any
	out     *lockedBuffer
	exited  chan struct{}
}

// caddyOptions configure startCaddy.
type caddyOptions struct {
	Bin     string
	Root    string // the site
	Cert    *Cert
	Snippet string        // the emitted snippet to import; "" for none
	Think   time.Duration // > 0: proxy to a Go backend that waits before each page
	// CacheControl, when set, is sent with every response (checked by Options.check).
	CacheControl string
}

// caddyQuote writes s as a Caddyfile quoted token. Paths with a brace (an {$ENV} or
// {placeholder} to the Caddyfile), a quote, a backslash or a control character are refused.
func caddyQuote(s string) (string, error) {
	if strings.ContainsAny(s, "{}\"\\`") || strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return "", fmt.Errorf("path %q: a brace, quote, backslash or control character cannot go into a Caddyfile", s)
	}
	return `"` + s + `"`, nil
}

// startCaddy serves o.Root on a free port of 127.0.0.1.
func startCaddy(ctx context.Context, o caddyOptions) (*caddyServer, error) {
	root, err := filepath.Abs(o.Root)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "preloadgen-caddy-")
	if err != nil {
		return nil, err
	}
	c := &caddyServer{dir: dir, out: &lockedBuffer{}, exited: make(chan struct{})}
	fail := func(err error) (*caddyServer, error) {
		if c.backend != nil {
			c.backend.close()
		}
		os.RemoveAll(dir)
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), o.Cert.CertPEM, 0o644); err != nil {
		return fail(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "key.pem"), o.Cert.KeyPEM, 0o600); err != nil {
		return fail(err)
	}
	q := map[string]string{}
	for k, p := range map[string]string{"root": root, "data": filepath.Join(dir, "data"), "cert": filepath.Join(dir, "cert.pem"), "key": filepath.Join(dir, "key.pem"), "snippet": o.Snippet} {
		if q[k], err = caddyQuote(p); err != nil {
			return fail(err)
		}
	}
	if c.port, err = freePort(); err != nil {
		return fail(err)
	}
	handler := "\tfile_server\n"
	if o.Think > 0 {
		c.backend, err = startGoServer(goServerOptions{Dir: root, Think: o.Think, Plain: true})
		if err != nil {
			return fail(err)
		}
		handler = fmt.Sprintf("\treverse_proxy %s\n", c.backend.addr())
	}
	imp := ""
	if o.Snippet != "" {
		imp = fmt.Sprintf("\timport %s\n", q["snippet"])
	}
	if o.CacheControl != "" {
		imp = fmt.Sprintf("\theader Cache-Control %q\n", o.CacheControl) + imp
	}
	conf := fmt.Sprintf(`{
	admin off
	persist_config off
	auto_https off
	storage file_system %s
	servers {
		protocols h1 h2
	}
}

https://127.0.0.1:%d {
	bind 127.0.0.1
	tls %s %s
	root * %s
%s%s}
`, q["data"], c.port, q["cert"], q["key"], q["root"], imp, handler)
	cf := filepath.Join(dir, "Caddyfile")
	if err := os.WriteFile(cf, []byte(conf), 0o644); err != nil {
		return fail(err)
	}
	c.cmd = exec.Command(o.Bin, "run", "--config", cf, "--adapter", "caddyfile")
	c.cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
	c.cmd.Stdout, c.cmd.Stderr = c.out, c.out
	if err := c.cmd.Start(); err != nil {
		return fail(fmt.Errorf("starting caddy: %w", err))
	}
	go func() {
		c.cmd.Wait()
		close(c.exited)
	}()
	// Wait until it answers, or stops.
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", c.addr(), 200*time.Millisecond)
		if err == nil {
			conn.Close()
			return c, nil
		}
		select {
		case <-c.exited:
			c.close()
			return nil, fmt.Errorf("caddy (%s) stopped: %s", cf, strings.TrimSpace(c.out.String()))
		case <-ctx.Done():
			c.close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.close()
			return nil, fmt.Errorf("caddy on port %d did not answer: %w", c.port, err)
		}
	}
}

func (c *caddyServer) addr() string { return "127.0.0.1:" + strconv.Itoa(c.port) }

// close stops Caddy (an interrupt lets it finish gracefully; a kill after 5 s) and removes
// its directory.
func (c *caddyServer) close() error {
	var err error
	select {
	case <-c.exited:
	default:
		c.cmd.Process.Signal(os.Interrupt)
		select {
		case <-c.exited:
		case <-time.After(5 * time.Second):
			err = c.cmd.Process.Kill()
			<-c.exited
		}
	}
	if c.backend != nil {
		c.backend.close()
	}
	os.RemoveAll(c.dir)
	return err
}

// lockedBuffer collects a child's output while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
