package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// watchBuffer is a bytes.Buffer safe for the watch goroutines to write while the test reads.
type watchBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *watchBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *watchBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestWatchCommand(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	for _, f := range []string{"index.html", "css/base.css", "css/fonts.css", "css/main.css", "fonts/inter-latin-400-normal.woff2", "fonts/inter-latin-700-normal.woff2"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "blog", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(site, f)), 0o755)
		if err := os.WriteFile(filepath.Join(site, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr watchBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"watch", "-debounce", "50ms", "-config-dir", filepath.Join(root, "cfg"), "-emit", "json", site}, &stdout, &stderr)
	}()
	wait := func(what string, cond func() bool) {
		t.Helper()
		end := time.Now().Add(15 * time.Second)
		for !cond() {
			if time.Now().After(end) {
				t.Fatalf("timed out waiting for %s; stdout:\n%s\nstderr:\n%s", what, stdout.String(), stderr.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	wait("the first build", func() bool { return strings.Contains(stdout.String(), " built in ") })
	if !strings.Contains(stdout.String(), "1 pages analysed, 1 rewritten") {
		t.Errorf("first build line: %q", stdout.String())
	}
	os.WriteFile(filepath.Join(site, "css", "main.css"), []byte("@import url(\"base.css\");\nh1{color:red}\n"), 0o644)
	wait("a rebuild line", func() bool { return strings.Contains(stdout.String(), "rebuilt in ") })
	if !strings.Contains(stdout.String(), "1 changed (/css/main.css); 1 pages analysed") {
		t.Errorf("rebuild line: %q", stdout.String())
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Fatalf("exit %d after interrupt, want 0; stderr: %s", c, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("watch did not end after the context was cancelled")
	}
	if _, err := os.Stat(filepath.Join(root, "cfg", "preloadgen-manifest.json")); err != nil {
		t.Error(err)
	}
}

func TestWatchUsage(t *testing.T) {
	site := t.TempDir()
	if code, _, stderr := runCLI(t, "watch", "-debounce", "-1s", site); code != 2 {
		t.Errorf("-debounce -1s: exit %d, want 2 (%s)", code, stderr)
	}
	if code, _, stderr := runCLI(t, "watch", "-config-dir", filepath.Join(site, "cfg"), site); code != 2 || !strings.Contains(stderr, "inside the served tree") {
		t.Errorf("-config-dir inside the site: exit %d, want 2 (%s)", code, stderr)
	}
	if code, _, _ := runCLI(t, "watch"); code != 2 {
		t.Errorf("no SITE_DIR: exit %d, want 2", code)
	}
}
