//go:build unix

// Package npm holds no Go code of its own: its test builds the npm packages (build.sh, as
// make npm does, for the host platform only), installs the tarballs into the small Vite,
// Eleventy and Astro projects in testdata/ and builds each, to prove the integrations work
// in the real tools: the pages get their hints, the server configs are written, options
// reach the CLI and a failing preloadgen fails the build.
//
// The projects' own dependencies are pinned by their committed package-lock.json and
// installed with npm ci once per lockfile, Node and npm version into
// $PRELOADGEN_TOOLS/npm-test/<tool> (default ~/.cache/preloadgen-tools, as
// scripts/install-test-deps.sh); each run copies the project over that directory, under a
// lock, and installs the fresh tarballs there with --no-save. TestLockfiles keeps out of
// the lockfiles what Debian 12's npm 9 installs differently from later ones.
package npm

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen/internal/testenv"
)

const testVersion = "0.0.0-test"

// A project of testdata/ and where its build puts the site.
type project struct {
	tool     string
	pkg      string // the tool's npm package, whose "engines" field names the Node it needs
	out      string // output directory, relative to the project
	basePath string // the base the tool is configured with, as preloadgen's -base-path
	pages    []string
}

var projects = []project{
	{tool: "vite", pkg: "vite", out: "out", basePath: "/app", pages: []string{"index.html"}},
	{tool: "eleventy", pkg: "@11ty/eleventy", out: "out", basePath: "/notes", pages: []string{"index.html", "about/index.html"}},
	{tool: "astro", pkg: "astro", out: "out", basePath: "/docs", pages: []string{"index.html", "about/index.html"}},
}

func TestIntegrations(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the npm packages and three projects with npm")
	}
	// node_modules is installed again when the lockfile, Node or npm changes, so that the
	// projects are installed by this machine's npm, as a user's are.
	var versions []string
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			testenv.Missing(t, "%s not found (scripts/install-test-deps.sh installs it)", tool)
		}
		out, err := exec.Command(tool, "--version").Output()
		if err != nil {
			t.Fatalf("%s --version: %v", tool, err)
		}
		versions = append(versions, tool+" "+strings.TrimSpace(string(out)))
	}
	t.Logf("%s, %s", versions[0], versions[1])
	nodeVersion := strings.TrimPrefix(versions[0], "node ")
	plat, ok := map[string]string{"linux/amd64": "linux-x64", "linux/arm64": "linux-arm64", "darwin/amd64": "darwin-x64", "darwin/arm64": "darwin-arm64"}[runtime.GOOS+"/"+runtime.GOARCH]
	if !ok {
		t.Skipf("no npm package for %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	dist := t.TempDir()
	start := time.Now()
	cmd := exec.Command("bash", "build.sh")
	cmd.Env = append(os.Environ(), "OUT="+dist, "PLATFORMS="+plat, "VERSION="+testVersion)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("build.sh: %v\n%s", err, out)
	}
	t.Logf("build.sh (%s) in %s:\n%s", plat, time.Since(start).Round(time.Millisecond), out)
	tarballs := []string{
		filepath.Join(dist, "preloadgen-"+testVersion+".tgz"),
		filepath.Join(dist, "preloadgen-"+plat+"-"+testVersion+".tgz"),
	}

	cache := os.Getenv("PRELOADGEN_TOOLS")
	if cache == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			t.Fatal(err)
		}
		cache = filepath.Join(home, ".cache", "preloadgen-tools")
	}
	cache = filepath.Join(cache, "npm-test")
	if err := os.MkdirAll(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range projects {
		t.Run(p.tool, func(t *testing.T) {
			checkNode(t, p, nodeVersion)
			dir := filepath.Join(cache, p.tool)
			unlock := lock(t, dir+".lock")
			defer unlock()
			prepare(t, p, dir, tarballs, strings.Join(versions, ", "))
			testProject(t, p, dir)
		})
	}
}

// prepare makes dir the project p with the tarballs installed: the project's files copied
// over it, node_modules from npm ci (again only when the lockfile or the tools' versions
// changed), and the preloadgen packages from the tarballs.
func prepare(t *testing.T, p project, dir string, tarballs []string, versions string) {
	src := filepath.Join("testdata", p.tool)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "node_modules" {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	copyTree(t, src, dir)
	// The hero image and the font, from the fixture blog rather than a copy in each project.
	for from, to := range map[string]string{
		"../fixtures/blog/images/hero-slow-networks-800.jpg":  "shared/hero.jpg",
		"../fixtures/blog/fonts/inter-latin-400-normal.woff2": "shared/inter-latin-400-normal.woff2",
		"../fixtures/blog/fonts/LICENSE-inter.txt":            "shared/LICENSE-inter.txt",
	} {
		copyFile(t, from, filepath.Join(dir, to))
	}

	lockfile, err := os.ReadFile(filepath.Join(src, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(lockfile)
	want := hex.EncodeToString(sum[:]) + "\n" + versions + "\n"
	stamp := filepath.Join(dir, "node_modules", ".preloadgen-test-lock")
	if have, _ := os.ReadFile(stamp); string(have) != want {
		npm(t, dir, nil, "ci", "--no-audit", "--no-fund")
		if err := os.WriteFile(stamp, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, old := range []string{"preloadgen", "@preloadgen"} {
		os.RemoveAll(filepath.Join(dir, "node_modules", old))
	}
	npm(t, dir, nil, append([]string{"install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline"}, tarballs...)...)
}

func testProject(t *testing.T, p project, dir string) {
	site := filepath.Join(dir, p.out)
	start := time.Now()
	out := npm(t, dir, nil, "run", "build")
	t.Logf("npm run build in %s", time.Since(start).Round(time.Millisecond))
	if !regexp.MustCompile(`\d+ pages scanned: [1-9]\d* rewritten, \d+ [a-z ]+; [1-9]\d* hint tags? in the pages`).Match(out) {
		t.Errorf("preloadgen's summary is not in the build's output:\n%s", out)
	}
	// Each page has the marked block with the hero image, which only the CSS names, preloaded
	// under the tool's base: without -base-path preloadgen would not find the file that URL
	// names, and hint nothing.
	hero := regexp.MustCompile(`<!-- preloadgen -->\n(\s*<link [^\n]*\n)*\s*<link rel="preload" href="` + regexp.QuoteMeta(p.basePath) + `/[^"]*hero[^"]*\.jpg" as="image"`)
	for _, page := range p.pages {
		b, err := os.ReadFile(filepath.Join(site, page))
		if err != nil {
			t.Fatal(err)
		}
		head, _, _ := strings.Cut(string(b), "</head>")
		if !hero.MatchString(head) {
			t.Errorf("%s: no preloadgen block with the hero image in <head>:\n%s", page, head)
		}
		if p.tool == "eleventy" && !strings.Contains(head, `<link rel="preload" href="/notes/css/base.css" as="style">`) {
			t.Errorf("%s: the stylesheet behind @import is not preloaded:\n%s", page, head)
		}
	}
	for _, f := range []string{"nginx-http.conf", "nginx-server.conf", "preloadgen.caddy", "preloadhints.go", "preloadgen-manifest.json"} {
		b, err := os.ReadFile(filepath.Join(dir, "preloadgen-config", f))
		if err != nil {
			t.Error(err)
		} else if f != "nginx-server.conf" && !bytes.Contains(b, []byte(p.basePath+"/")) {
			t.Errorf("preloadgen-config/%s names no URL under %s", f, p.basePath)
		}
	}
	if b, err := os.ReadFile(filepath.Join(site, "_headers")); err != nil || !bytes.Contains(b, []byte("# preloadgen:begin")) || !bytes.Contains(b, []byte("Link: <"+p.basePath+"/")) {
		t.Errorf("%s/_headers: %v\n%s", p.out, err, b)
	}

	if p.tool == "vite" {
		testBin(t, dir)
		testLicense(t, dir)
	}

	// Options reach the CLI, and a preloadgen that fails fails the build.
	bad := exec.Command("npm", "run", "build")
	bad.Dir = dir
	bad.Env = npmEnv(`PRELOADGEN_TEST_OPTIONS={"maxPreloads": -1}`)
	if out, err := bad.CombinedOutput(); err == nil {
		t.Errorf("the build with maxPreloads: -1 succeeded:\n%s", out)
	} else if !bytes.Contains(out, []byte("budgets must not be negative")) {
		t.Errorf("the build with maxPreloads: -1 failed without preloadgen's message: %v\n%s", err, out)
	}
}

// testBin checks npx preloadgen: the stamped version, exit codes passed on, and the
// PRELOADGEN_BINARY override.
func testBin(t *testing.T, dir string) {
	out := npm(t, dir, nil, "exec", "--", "preloadgen", "version")
	if !strings.HasPrefix(string(out), "preloadgen v"+testVersion+" ") {
		t.Errorf("npx preloadgen version: %s", out)
	}
	for args, want := range map[string]int{"build -check -base-path /app -config-dir preloadgen-config out": 0, "nope": 2, "audit -format nope out": 2} {
		cmd := exec.Command("npm", append([]string{"exec", "--", "preloadgen"}, strings.Fields(args)...)...)
		cmd.Dir = dir
		cmd.Env = npmEnv()
		out, _ := cmd.CombinedOutput()
		if got := cmd.ProcessState.ExitCode(); got != want {
			t.Errorf("npx preloadgen %s: exit %d, want %d\n%s", args, got, want, out)
		}
	}
	fake := filepath.Join(t.TempDir(), "fake-preloadgen")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho \"fake $*\"\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("npm", "exec", "--", "preloadgen", "version")
	cmd.Dir = dir
	cmd.Env = npmEnv("PRELOADGEN_BINARY=" + fake)
	out, _ = cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 3 || !strings.Contains(string(out), "fake version") {
		t.Errorf("PRELOADGEN_BINARY=%s npx preloadgen version: exit %d\n%s", fake, cmd.ProcessState.ExitCode(), out)
	}
	cmd = exec.Command("npm", "exec", "--", "preloadgen", "version")
	cmd.Dir = dir
	cmd.Env = npmEnv("PRELOADGEN_BINARY=" + fake + ".missing")
	out, _ = cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(string(out), "no such file") {
		t.Errorf("PRELOADGEN_BINARY naming no file: exit %d\n%s", cmd.ProcessState.ExitCode(), out)
	}
}

// testLicense checks that the installed packages carry the repository's LICENSE and name it
// in their "license" field.
func testLicense(t *testing.T, dir string) {
	license, err := os.ReadFile("../LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(license), "\n")
	spdx := map[string]string{"MIT License": "MIT"}[first]
	if spdx == "" {
		t.Fatalf("../LICENSE starts with %q, which this test cannot name", first)
	}
	pkgs, _ := filepath.Glob(filepath.Join(dir, "node_modules", "@preloadgen", "*"))
	pkgs = append(pkgs, filepath.Join(dir, "node_modules", "preloadgen"))
	if len(pkgs) < 2 {
		t.Fatalf("no @preloadgen platform package in %s/node_modules", dir)
	}
	for _, pkg := range pkgs {
		var meta struct {
			License string `json:"license"`
		}
		b, err := os.ReadFile(filepath.Join(pkg, "package.json"))
		if err == nil {
			err = json.Unmarshal(b, &meta)
		}
		if err != nil {
			t.Errorf("%s/package.json: %v", pkg, err)
		} else if meta.License != spdx {
			t.Errorf("%s/package.json: license %q, want %q", pkg, meta.License, spdx)
		}
		if b, err := os.ReadFile(filepath.Join(pkg, "LICENSE")); err != nil || !bytes.Equal(b, license) {
			t.Errorf("%s/LICENSE is not the repository's: %v", pkg, err)
		}
	}
}

// npmEnv is the environment npm runs in: this one without a PRELOADGEN_BINARY of the
// caller's, with the tools' telemetry off, plus extra.
func npmEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PRELOADGEN_BINARY=") && !strings.HasPrefix(kv, "PRELOADGEN_TEST_OPTIONS=") {
			env = append(env, kv)
		}
	}
	env = append(env, "ASTRO_TELEMETRY_DISABLED=1", "DO_NOT_TRACK=1", "npm_config_update_notifier=false")
	return append(env, extra...)
}

func npm(t *testing.T, dir string, extra []string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("npm", args...)
	cmd.Dir = dir
	cmd.Env = npmEnv(extra...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npm %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return out
}

// lock holds an exclusive lock on path until the returned func is called, so that two test
// runs on one machine do not share a project directory.
func lock(t *testing.T, path string) func() {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	return func() { f.Close() }
}

func copyTree(t *testing.T, src, dst string) {
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		copyFile(t, p, filepath.Join(dst, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	b, err := os.ReadFile(from)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(to), 0o755)
	}
	if err == nil {
		err = os.WriteFile(to, b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}
