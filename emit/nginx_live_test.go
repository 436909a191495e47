package emit_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// startNginx runs a private nginx over s with the emitted includes and returns its base URL.
// extraServer is spliced into the server block (e.g. a location with its own add_header).
func startNginx(t *testing.T, s *liveSite, extraServer string) string {
	t.Helper()
	base, _ := startNginxLog(t, s, extraServer)
	return base
}

// startNginxLog is startNginx that also returns the path of nginx's error log.
func startNginxLog(t *testing.T, s *liveSite, extraServer string) (base, errorLog string) {
	t.Helper()
	port := freePort(t)
	errorLog = runNginx(t, s, fmt.Sprintf(`    server {
        listen 127.0.0.1:%[1]d;
        root %[2]s;
        index index.html;
        error_page 404 /404.html;
        include %[3]s/nginx-server.conf;
%[4]s
    }
`, port, s.dir, s.cfg, extraServer))
	base = fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(t, base+"/", nil)
	return base, errorLog
}

// runNginx runs a private nginx whose http block includes s's nginx-http.conf and then
// servers (whole server blocks), stops it when the test ends, and returns the path of its
// error log.
func runNginx(t *testing.T, s *liveSite, servers string) (errorLog string) {
	t.Helper()
	bin := needTool(t, os.Getenv("PRELOADGEN_NGINX"), "nginx", "/usr/sbin/nginx")
	dir := t.TempDir()
	for _, d := range []string{"logs", "tmp"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	conf := fmt.Sprintf(`worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/logs/error.log;
events { worker_connections 64; }
http {
    access_log %[1]s/logs/access.log;
    client_body_temp_path %[1]s/tmp/body;
    proxy_temp_path %[1]s/tmp/proxy;
    fastcgi_temp_path %[1]s/tmp/fastcgi;
    uwsgi_temp_path %[1]s/tmp/uwsgi;
    scgi_temp_path %[1]s/tmp/scgi;
    types { text/html html; text/css css; font/woff2 woff2; image/jpeg jpg; text/javascript js; }
    default_type application/octet-stream;
    server_tokens off;
    include %[2]s/nginx-http.conf;
%[3]s}
`, dir, s.cfg, servers)
	cf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(cf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-t", "-p", dir+"/", "-c", cf).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "-p", dir+"/", "-c", cf).CombinedOutput(); err != nil {
		t.Fatalf("starting nginx: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		exec.Command(bin, "-p", dir+"/", "-c", cf, "-s", "quit").Run()
		if b, _ := os.ReadFile(filepath.Join(dir, "logs", "error.log")); strings.Contains(string(b), "[emerg]") || strings.Contains(string(b), "[alert]") {
			t.Logf("nginx error log:\n%s", b)
		}
	})
	return filepath.Join(dir, "logs", "error.log")
}

// TestNginxLive serves fixture sites and the hostile site through a real nginx with the
// emitted includes: nginx -t passes, and each page answers with exactly its Link headers.
func TestNginxLive(t *testing.T) {
	for _, name := range []string{"blog", "app", "hostile", "large"} {
		t.Run(name, func(t *testing.T) {
			s := makeSite(t, name)
			base := startNginx(t, s, "")
			c := &checker{base: base, client: h1Client()}
			c.checkSite(t, s)
		})
	}
}

// TestNginxLocationAddHeader shows the documented pitfall and its fix: a location with its
// own add_header loses the Link header unless it repeats the include's line.
func TestNginxLocationAddHeader(t *testing.T) {
	s := makeSite(t, "blog")
	base := startNginx(t, s, `
        location /about/ { add_header X-Own own; }
        location /posts/ { add_header X-Own own; add_header Link $preloadgen_link always; }`)
	c := &checker{base: base, client: h1Client()}
	if g := c.get(t, "/about/", nil); len(g.header.Values("Link")) != 0 || g.header.Get("X-Own") != "own" {
		t.Errorf("/about/: Link %q X-Own %q: expected the location to drop the server's Link", g.header.Values("Link"), g.header.Get("X-Own"))
	}
	want := s.manifest["/posts/index.html"]
	if g := c.get(t, "/posts/", nil); strings.Join(splitLinks(g.header), "|") != strings.Join(want, "|") {
		t.Errorf("/posts/ with the fix: Links %q, want %q", splitLinks(g.header), want)
	}
}
