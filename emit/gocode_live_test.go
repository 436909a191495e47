package emit_test

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

const goMain = `package main

import (
	"net/http"
	"os"

	"hinttest/preloadhints"
)

func main() {
	srv := &http.Server{Addr: os.Args[2], Handler: preloadhints.Handler(http.FileServer(http.Dir(os.Args[1]))), Protocols: new(http.Protocols)}
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetUnencryptedHTTP2(true)
	panic(srv.ListenAndServe())
}
`

// TestGeneratedGoLive compiles the generated Go file in a throwaway module with a main that
// serves the site through preloadhints.Handler(http.FileServer(...)), runs it, and checks
// every page over HTTP/1.1 and HTTP/2 (h2c): Link headers as in the manifest, and over HTTP/2
// one 103 first.
func TestGeneratedGoLive(t *testing.T) {
	for _, name := range []string{"blog", "app", "hostile", "large"} {
		t.Run(name, func(t *testing.T) {
			s := makeSite(t, name)
			bin := buildGoServer(t, s, goMain)
			port := freePort(t)
			cmd := exec.Command(bin, s.dir, fmt.Sprintf("127.0.0.1:%d", port))
			cmd.Stderr = os.Stderr
			done := startServer(t, cmd, 5*time.Second)
			base := fmt.Sprintf("http://127.0.0.1:%d", port)
			waitHTTP(t, base+"/", done)

			// http.FileServer answers /dir/index.html with a redirect to ./, so those URLs
			// are checked for the redirect only.
			var skip []string
			for _, p := range s.pages {
				if strings.HasSuffix(p.Path, "/index.html") {
					u := pageURLs(p.Path)[1]
					skip = append(skip, u)
					g := (&checker{base: base, client: h1Client()}).get(t, u, map[string]string{"Sec-Fetch-Mode": "no-cors"})
					if g.status != http.StatusMovedPermanently {
						t.Errorf("%s: status %d, want FileServer's 301", u, g.status)
					}
				}
			}
			// Handler sends the 103 over HTTP/2 only: over HTTP/1.1 the pages get their Link
			// headers and no 1xx.
			for _, proto := range []string{"h1", "h2c"} {
				t.Run(proto, func(t *testing.T) {
					c := &checker{base: base, client: h1Client(), major: 1, skip: skip}
					if proto == "h2c" {
						c.client, c.major, c.want103 = h2cClient(), 2, true
					}
					c.checkSite(t, s)
					if proto != "h1" {
						return
					}
					for _, p := range s.pages {
						if len(s.manifest[p.Path]) == 0 {
							continue
						}
						u := pageURLs(p.Path)[0]
						if g := c.get(t, u, map[string]string{"Sec-Fetch-Mode": "navigate"}); len(g.codes1x) != 0 {
							t.Errorf("%s: 1xx %v over HTTP/1.1, want none", u, g.codes1x)
						}
					}
				})
			}
		})
	}
}

// buildGoServer compiles the generated Go file of s in a throwaway module with mainSrc as its
// main package, checks that go vet and gofmt find nothing in it, and returns the binary.
func buildGoServer(t *testing.T, s *liveSite, mainSrc string) string {
	t.Helper()
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	mod := t.TempDir()
	os.MkdirAll(filepath.Join(mod, "preloadhints"), 0o755)
	src, err := os.ReadFile(filepath.Join(s.cfg, "preloadhints.go"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod":                       "module hinttest\n\ngo 1.24\n",
		"main.go":                      mainSrc,
		"preloadhints/preloadhints.go": string(src),
	}
	for n, c := range files {
		if err := os.WriteFile(filepath.Join(mod, n), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(mod, "server")
	build := exec.Command(gobin, "build", "-o", bin, ".")
	build.Dir = mod
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build of the generated file: %v\n%s", err, out)
	}
	vet := exec.Command(gobin, "vet", "./...")
	vet.Dir, vet.Env = mod, build.Env
	if out, err := vet.CombinedOutput(); err != nil {
		t.Errorf("go vet of the generated file: %v\n%s", err, out)
	}
	if out, _ := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "gofmt"), "-l", filepath.Join(mod, "preloadhints")).Output(); len(out) != 0 {
		t.Errorf("generated file is not gofmt-clean: %s", out)
	}
	return bin
}
