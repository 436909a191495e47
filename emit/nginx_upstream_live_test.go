package emit_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// goUpstreamMain serves the site through the generated middleware as an upstream of nginx.
// With a third argument "h1" it sends the 103 over HTTP/1.1 too, the protocol nginx speaks
// to its upstreams.
const goUpstreamMain = `package main

import (
	"net/http"
	"os"

	"hinttest/preloadhints"
)

func main() {
	h := preloadhints.Handler(http.FileServer(http.Dir(os.Args[1])))
	if len(os.Args) > 3 && os.Args[3] == "h1" {
		h.(*preloadhints.Middleware).EarlyHintsHTTP1 = true
	}
	panic(http.ListenAndServe(os.Args[2], h))
}
`

// nginxVersion is the version `nginx -v` prints, as major*1000+minor (1.22.1 is 1022).
func nginxVersion(t *testing.T, bin string) int {
	t.Helper()
	out, err := exec.Command(bin, "-v").CombinedOutput()
	m := regexp.MustCompile(`nginx/(\d+)\.(\d+)\.`).FindSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("%s -v: %v\n%s", bin, err, out)
	}
	major, _ := strconv.Atoi(string(m[1]))
	minor, _ := strconv.Atoi(string(m[2]))
	return major*1000 + minor
}

// TestNginxGoUpstream is the set-up docs/servers.md shows for Early Hints behind nginx: nginx
// proxies to a Go server that wraps http.FileServer in the generated middleware.
//
//   - With the middleware's defaults (no 103 over HTTP/1.1, which is what nginx speaks to
//     the upstream), every page reaches HTTP/1.1 and HTTP/2 clients through nginx with
//     exactly its Link headers, and no 1xx: nginx sends the hints on the 200 only.
//   - With EarlyHintsHTTP1, nginx 1.29 and later with `early_hints $http2;` pass the
//     upstream's 103 on to HTTP/2 navigations, and to nothing over HTTP/1.1. nginx before 1.29 takes the 103 for the final
//     response and the HTTP/2 stream fails, which is why the default stays off.
func TestNginxGoUpstream(t *testing.T) {
	bin := needTool(t, os.Getenv("PRELOADGEN_NGINX"), "nginx", "/usr/sbin/nginx")
	relays := nginxVersion(t, bin) >= 1029
	for _, name := range []string{"blog", "hostile"} {
		t.Run(name, func(t *testing.T) {
			s := makeSite(t, name)
			server := buildGoServer(t, s, goUpstreamMain)
			upstream := func(mode string) string {
				addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
				cmd := exec.Command(server, s.dir, addr, mode)
				cmd.Stderr = os.Stderr
				waitHTTP(t, "http://"+addr+"/", startServer(t, cmd, 5*time.Second))
				return addr
			}
			plain, h1 := upstream("default"), upstream("h1")
			ports := freePorts(t, 4)
			early := ""
			if relays {
				early = "early_hints $http2;" // $http3 exists only in nginx built with HTTP/3
			}
			runNginx(t, s, fmt.Sprintf(`    server {
        listen 127.0.0.1:%d;
        listen 127.0.0.1:%d http2;
        location / { proxy_pass http://%s; proxy_http_version 1.1; }
    }
    server {
        listen 127.0.0.1:%d;
        listen 127.0.0.1:%d http2;
        %s
        location / { proxy_pass http://%s; proxy_http_version 1.1; }
    }
`, ports[0], ports[1], plain, ports[2], ports[3], early, h1))
			base := func(i int) string { return fmt.Sprintf("http://127.0.0.1:%d", ports[i]) }
			waitHTTP(t, base(0)+"/", nil) // the http2 ports take HTTP/2 only

			// http.FileServer answers /dir/index.html with a redirect to ./ (see
			// TestGeneratedGoLive); those URLs are left out.
			var skip []string
			var hinted string // a hinted page's URL
			for _, p := range s.pages {
				if strings.HasSuffix(p.Path, "/index.html") {
					skip = append(skip, pageURLs(p.Path)[1])
				}
				if len(s.manifest[p.Path]) > 0 && (hinted == "" || p.Path == "/index.html") {
					hinted = pageURLs(p.Path)[0]
				}
			}
			if hinted == "" {
				t.Fatalf("%s: no hinted page", name)
			}
			noEarly := func(t *testing.T, c *checker) {
				t.Helper()
				for _, p := range s.pages {
					u := pageURLs(p.Path)[0]
					if g := c.get(t, u, map[string]string{"Sec-Fetch-Mode": "navigate"}); len(g.codes1x) != 0 {
						t.Errorf("%s: 1xx %v through nginx, want none", u, g.codes1x)
					}
				}
			}

			t.Run("default", func(t *testing.T) {
				for i, c := range []*checker{
					{base: base(0), client: h1Client(), major: 1, skip: skip},
					{base: base(1), client: h2cClient(), major: 2, skip: skip},
				} {
					c.checkSite(t, s)
					if i == 0 || !t.Failed() {
						noEarly(t, c)
					}
				}
			})

			t.Run("EarlyHintsHTTP1", func(t *testing.T) {
				if relays {
					c1 := &checker{base: base(2), client: h1Client(), major: 1, skip: skip}
					c1.checkSite(t, s)
					noEarly(t, c1) // early_hints passes the 103 to HTTP/2 and 3 only
					c := &checker{base: base(3), client: h2cClient(), major: 2, skip: skip, want103: true}
					c.checkSite(t, s)
					return
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				req, _ := http.NewRequestWithContext(ctx, "GET", base(3)+hinted, nil)
				req.Header.Set("Sec-Fetch-Mode", "navigate")
				resp, err := h2cClient().Do(req)
				if err == nil {
					body, rerr := io.ReadAll(resp.Body)
					resp.Body.Close()
					if rerr == nil && resp.StatusCode == http.StatusOK {
						t.Fatalf("nginx %s passed the upstream's 103 and the page (%d bytes): the docs say nginx before 1.29 breaks the response", hinted, len(body))
					}
					err = rerr
				}
				t.Logf("nginx before 1.29, an upstream's 103 over HTTP/2: %v (the page is lost, as docs/servers.md says)", err)
			})
		})
	}
}
