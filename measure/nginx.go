// A private nginx instance for a measurement: HTTP/2 over TLS on a high port of 127.0.0.1,
// its own prefix, pid, logs and temp paths, the measurement's self-signed certificate in
// PEM files. For the optimised side it includes the configs preloadgen emits (emit's
// nginx-http.conf / nginx-server.conf) when given, or else renders the same map from the
// hint table. nginx cannot send a 103, so its hints are Link headers on the 200.

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
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/preloadgen/preloadgen/measure/link"
)

// nginxIncludes names emitted nginx include files for the http {} and server {} contexts.
type nginxIncludes struct {
	HTTP, Server string
}

type nginxServer struct {
	bin, dir, conf string
	port           int
}

func findNginx(path string) (string, error) {
	if path != "" {
		return path, nil
	}
	for _, p := range []string{"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath("nginx"); err == nil {
		return p, nil
	}
	return "", errors.New("no nginx found: install nginx-light (apt-get install nginx-light) or pass -nginx PATH")
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// nginxQuote renders s as an nginx double-quoted string. It refuses control characters and
// '$' (nginx expands variables inside quotes and has no escape for them).
func nginxQuote(s string) (string, error) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c == '$' {
			return "", fmt.Errorf("value %q: control character or '$' not allowed in an nginx config", s)
		}
	}
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + s + `"`, nil
}

// nginxLinkMap renders a map $uri $preloadgen_link from a request-path table. nginx keys on
// the final $uri after the index redirect, so only the file paths are kept.
func nginxLinkMap(hints map[string][]string) (string, error) {
	var keys []string
	for k := range hints {
		if !strings.HasSuffix(k, "/") && len(hints[k]) > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("map_hash_bucket_size 256;\nmap $uri $preloadgen_link {\n    default \"\";\n")
	for _, k := range keys {
		qk, err := nginxQuote(k)
		if err != nil {
			return "", err
		}
		qv, err := nginxQuote(strings.Join(hints[k], ", "))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "    %s %s;\n", qk, qv)
	}
	b.WriteString("}\n")
	return b.String(), nil
}

// startNginx serves root on a free port. hints (or inc) are the Link headers to send.
// cacheControl, when set, is sent with every response (checked by Options.check: no quote).
func startNginx(ctx context.Context, bin, root string, cert *Cert, hints map[string][]string, inc nginxIncludes, cacheControl string) (*nginxServer, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "preloadgen-nginx-")
	if err != nil {
		return nil, err
	}
	for _, d := range []string{"tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), cert.CertPEM, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "key.pem"), cert.KeyPEM, 0o600); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	for _, p := range []string{root, dir, inc.HTTP, inc.Server} {
		if _, err := nginxQuote(p); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	var httpInc, serverInc string
	switch {
	case inc.HTTP != "" && inc.Server != "":
		httpInc = fmt.Sprintf("    include %s;\n", mustQuote(inc.HTTP))
		serverInc = fmt.Sprintf("        include %s;\n", mustQuote(inc.Server))
	case len(hints) > 0:
		m, err := nginxLinkMap(hints)
		if err != nil {
			return nil, err
		}
		httpInc = m
		serverInc = "        add_header Link $preloadgen_link always;\n"
	}
	if cacheControl != "" {
		serverInc += fmt.Sprintf("        add_header Cache-Control %q always;\n", cacheControl)
	}
	user := ""
	if os.Geteuid() == 0 {
		// Workers would run as nobody and could not read a private temp tree.
		user = "user root;\n"
	}
	q := func(p string) string { return mustQuote(filepath.Join(dir, p)) }
	conf := fmt.Sprintf(`%sworker_processes 1;
daemon on;
pid %s;
error_log %s warn;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log %s;
    client_body_temp_path %s;
    proxy_temp_path %s;
    fastcgi_temp_path %s;
    uwsgi_temp_path %s;
    scgi_temp_path %s;
    sendfile on;
%s
    server {
        listen 127.0.0.1:%d ssl http2 sndbuf=%d;
        ssl_certificate %s;
        ssl_certificate_key %s;
        root %s;
        index index.html;
%s    }
}
`, user, q("nginx.pid"), q("error.log"), q("access.log"), q("tmp/body"), q("tmp/proxy"), q("tmp/fastcgi"),
		q("tmp/uwsgi"), q("tmp/scgi"), httpInc, port, link.SocketBuffer, q("cert.pem"), q("key.pem"), mustQuote(root), serverInc)
	if _, err := os.Stat("/etc/nginx/mime.types"); err != nil {
		conf = strings.Replace(conf, "    include /etc/nginx/mime.types;\n", "", 1)
	}
	cf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(cf, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	n := &nginxServer{bin: bin, dir: dir, conf: cf, port: port}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-p", dir+"/", "-c", cf)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting nginx (%s): %w: %s", cf, err, strings.TrimSpace(out.String()))
	}
	// Wait until it answers.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", n.addr(), 200*time.Millisecond)
		if err == nil {
			c.Close()
			return n, nil
		}
		if time.Now().After(deadline) {
			n.close()
			return nil, fmt.Errorf("nginx on port %d did not answer: %w", port, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// mustQuote quotes a path startNginx has already checked with nginxQuote.
func mustQuote(s string) string {
	q, err := nginxQuote(s)
	if err != nil {
		panic(err)
	}
	return q
}

func (n *nginxServer) addr() string { return "127.0.0.1:" + strconv.Itoa(n.port) }

func (n *nginxServer) close() error {
	cmd := exec.Command(n.bin, "-p", n.dir+"/", "-c", n.conf, "-s", "quit")
	err := cmd.Run()
	// Give the master a moment to remove its pid file, then drop the prefix.
	for i := 0; i < 40; i++ {
		if _, e := os.Stat(filepath.Join(n.dir, "nginx.pid")); e != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	os.RemoveAll(n.dir)
	return err
}
