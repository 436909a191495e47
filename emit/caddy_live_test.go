package emit_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

func caddyBin(t *testing.T) string {
	t.Helper()
	return needTool(t, os.Getenv("PRELOADGEN_CADDY"), "caddy", filepath.Join(os.Getenv("HOME"), ".cache", "preloadgen-tools", "bin", "caddy"), "/root/.cache/preloadgen-tools/bin/caddy")
}

// startCaddy runs a private Caddy over s that imports the emitted snippet, speaking HTTP/1.1
// and h2c on a loopback port, and returns its base URL.
func startCaddy(t *testing.T, s *liveSite) string {
	t.Helper()
	base, _ := startCaddyLog(t, s)
	return base
}

// startCaddyLog is startCaddy that also returns the path of Caddy's log (JSON lines).
func startCaddyLog(t *testing.T, s *liveSite) (base, logPath string) {
	t.Helper()
	bin := caddyBin(t)
	dir := t.TempDir()
	port := freePort(t)
	conf := fmt.Sprintf(`{
	admin off
	auto_https off
	persist_config off
	servers {
		protocols h1 h2c
	}
}

http://:%d {
	bind 127.0.0.1
	root * %q
	import %q
	file_server
}
`, port, s.dir, filepath.Join(s.cfg, "preloadgen.caddy"))
	cf := filepath.Join(dir, "Caddyfile")
	if err := os.WriteFile(cf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
	val := exec.Command(bin, "validate", "--config", cf, "--adapter", "caddyfile")
	val.Env = env
	if out, err := val.CombinedOutput(); err != nil {
		t.Fatalf("caddy validate: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "run", "--config", cf, "--adapter", "caddyfile")
	cmd.Env = env
	logPath = filepath.Join(dir, "caddy.log")
	logf, _ := os.Create(logPath)
	t.Cleanup(func() { logf.Close() }) // runs after the server has stopped
	cmd.Stdout, cmd.Stderr = logf, logf
	done := startServer(t, cmd, 10*time.Second)
	base = fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(t, base+"/", done)
	return base, logPath
}

// TestCaddyLive serves fixture sites and the hostile site through a real Caddy importing the
// emitted snippet: caddy validate passes, each page answers with exactly its Link headers,
// and navigations get one 103 with the same Links first, over HTTP/1.1 and HTTP/2 (h2c).
func TestCaddyLive(t *testing.T) {
	for _, name := range []string{"blog", "app", "hostile", "large"} {
		t.Run(name, func(t *testing.T) {
			s := makeSite(t, name)
			base := startCaddy(t, s)
			for _, proto := range []string{"h1", "h2c"} {
				t.Run(proto, func(t *testing.T) {
					c := &checker{base: base, client: h1Client(), want103: true, major: 1}
					if proto == "h2c" {
						c.client, c.major = h2cClient(), 2
					}
					c.checkSite(t, s)
				})
			}
		})
	}
}
