package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeCommand runs `preloadgen serve` on the blog fixture, fetches the home page over
// both ports, checks the printed Chromium flag, and ends it by cancelling the context.
func TestServeCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-http-addr", "127.0.0.1:0", "-think", "10ms", "../../fixtures/blog"}, &stdout, &stderr)
	}()
	urlRE := regexp.MustCompile(`(https?://127\.0\.0\.1:\d+)`)
	var urls []string
	deadline := time.Now().Add(20 * time.Second)
	for len(urls) < 2 && time.Now().Before(deadline) {
		select {
		case c := <-code:
			t.Fatalf("serve exited with %d: %s", c, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		urls = urlRE.FindAllString(stdout.String(), -1)
	}
	if len(urls) < 2 {
		t.Fatalf("no URLs printed:\n%s", stdout.String())
	}
	if !regexp.MustCompile(`--ignore-certificate-errors-spki-list=[A-Za-z0-9+/]{43}=`).MatchString(stdout.String()) {
		t.Errorf("no Chromium SPKI flag in:\n%s", stdout.String())
	}
	client := &http.Client{Transport: &http.Transport{ForceAttemptHTTP2: true, TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	for _, u := range urls {
		resp, err := client.Get(u + "/")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(strings.Join(resp.Header.Values("Link"), ","), "rel=preload") {
			t.Errorf("%s: status %d Link %q", u, resp.StatusCode, resp.Header.Values("Link"))
		}
		if strings.HasPrefix(u, "https") && resp.ProtoMajor != 2 {
			t.Errorf("%s: HTTP/%d, want 2", u, resp.ProtoMajor)
		}
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d after interrupt, want 0; stderr:\n%s", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after the context ended")
	}
}
