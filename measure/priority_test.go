package measure

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/preloadgen/preloadgen/emit/hintmw"
	"github.com/preloadgen/preloadgen/internal/testenv"
	"github.com/preloadgen/preloadgen/measure/link"
)

// TestStreamPriorities is the probe behind docs/early-hints.md: does the server send the
// render-blocking CSS ahead of a large image when a 103 starts both during the think time?
// A page with a 30 KB stylesheet and a 120 KB fetchpriority=high hero, 200 ms think time,
// on the slow link; the 103 carries the CSS alone or the CSS and the hero. Servers: Go's
// net/http (its bundled HTTP/2 server) and Caddy (x/net/http2). It
// prints the resource timings and the priority signals Chromium sent; it asserts nothing
// about times (the machine is shared), so it runs only with PRELOADGEN_PRIORITY_PROBE=1.
func TestStreamPriorities(t *testing.T) {
	if os.Getenv("PRELOADGEN_PRIORITY_PROBE") == "" {
		t.Skip("a timing probe: set PRELOADGEN_PRIORITY_PROBE=1 (runs: PRELOADGEN_PRIORITY_RUNS, default 5)")
	}
	chrome, err := FindChrome("")
	if err != nil {
		testenv.Missing(t, "%v", err)
	}
	runs := 5
	fmt.Sscan(os.Getenv("PRELOADGEN_PRIORITY_RUNS"), &runs)
	dir := t.TempDir()
	rnd := rand.New(rand.NewPCG(1, 2))
	// A noisy JPEG of about 120 KB: a real image, so it is the LCP.
	hero := func() []byte {
		img := image.NewRGBA(image.Rect(0, 0, 600, 300))
		for i := range img.Pix {
			img.Pix[i] = byte(rnd.IntN(64) + 96)
		}
		var b bytes.Buffer
		for q := 100; q > 5; q -= 5 {
			b.Reset()
			jpeg.Encode(&b, img, &jpeg.Options{Quality: q})
			if b.Len() <= 124<<10 {
				break
			}
		}
		return b.Bytes()
	}
	var css strings.Builder
	for i := 0; css.Len() < 30<<10; i++ {
		fmt.Fprintf(&css, ".c%d{color:#%06x;margin:%dpx}\n", i, rnd.IntN(1<<24), i%7)
	}
	css.WriteString("body{font:16px sans-serif}\n")
	var body strings.Builder
	for body.Len() < 8<<10 {
		body.WriteString("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>\n")
	}
	page := `<!doctype html><html><head><meta charset=utf-8><title>p</title><link rel=stylesheet href=/a.css></head><body><h1>Probe</h1>` +
		`<img src=/hero.jpg fetchpriority=high width=1200 height=600 alt="">` + body.String() + `</body></html>`
	for name, data := range map[string][]byte{"index.html": []byte(page), "a.css": []byte(css.String()), "hero.jpg": hero()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cssLink := "</a.css>; rel=preload; as=style"
	heroLink := "</hero.jpg>; rel=preload; as=image; fetchpriority=high"
	sets := map[string][]string{"css": {cssLink}, "css+hero": {cssLink, heroLink}}

	cert, err := SelfSigned()
	if err != nil {
		t.Fatal(err)
	}
	const think = 200 * time.Millisecond
	var mu sync.Mutex
	signals := map[string]bool{} // "path priority=..." as the Go servers saw them
	thinking := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		signals[r.URL.Path+" priority="+r.Header.Get("Priority")] = true
		mu.Unlock()
		if r.URL.Path == "/" {
			time.Sleep(think)
		}
		http.FileServer(http.Dir(dir)).ServeHTTP(w, r)
	})
	startGo := func(links []string) (string, func()) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		srv := &http.Server{Handler: &hintmw.Middleware{Hints: map[string][]string{"/": links}, Next: thinking}}
		cfg := &tls.Config{Certificates: []tls.Certificate{cert.TLS}, NextProtos: []string{"h2", "http/1.1"}}
		srv.TLSConfig = cfg
		go srv.Serve(tls.NewListener(smallSendBuffers{ln}, srv.TLSConfig))
		return ln.Addr().String(), func() { srv.Close() }
	}
	startCaddyWith := func(links []string) (string, func()) {
		bin, err := findCaddy("")
		if err != nil {
			t.Logf("no caddy: %v", err)
			return "", nil
		}
		var s strings.Builder
		s.WriteString("route {\n\t@nav path /\n")
		for _, l := range links {
			fmt.Fprintf(&s, "\theader @nav +Link %q\n", l)
		}
		s.WriteString("\trespond @nav 103\n}\n")
		snip := filepath.Join(t.TempDir(), "probe.caddy")
		if err := os.WriteFile(snip, []byte(s.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := startCaddy(context.Background(), caddyOptions{Bin: bin, Root: dir, Cert: cert, Snippet: snip, Think: think})
		if err != nil {
			t.Fatal(err)
		}
		return c.addr(), func() { c.close() }
	}

	ctx := context.Background()
	br, err := startBrowser(ctx, chrome, cert.SPKI)
	if err != nil {
		t.Fatal(err)
	}
	defer br.close()
	type timing struct {
		HTMLEnd, CSSEnd, HeroEnd, FCP float64
	}
	const js = `(() => {
  const r = n => performance.getEntriesByType('resource').find(e => e.name.endsWith(n)) || {};
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {HTMLEnd: nav.responseEnd, CSSEnd: r('/a.css').responseEnd || 0, HeroEnd: r('/hero.jpg').responseEnd || 0,
    FCP: fcp ? fcp.startTime : 0};
})()`
	visit := func(addr string) timing {
		px, err := link.Listen(addr, link.New(link.Config{RTT: 80 * time.Millisecond, Down: 1_600_000, Up: 768_000}))
		if err != nil {
			t.Fatal(err)
		}
		defer px.Close()
		tb, err := br.openTab(nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tb.cancel()
		if _, _, err := tb.load(ctx, "https://"+px.Addr()+"/", 300*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		tm, err := chromedp.Run(tb.ctx, chromedp.Evaluate[timing](js))
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	med := func(xs []timing, f func(timing) float64) string {
		v := make([]float64, len(xs))
		for i, x := range xs {
			v[i] = f(x)
		}
		slices.Sort(v)
		return fmt.Sprintf("%4.0f [%4.0f-%4.0f]", v[len(v)/2], v[0], v[len(v)-1])
	}
	t.Logf("median [min-max] ms over %d runs; 200 ms think, RTT 80 ms, 1.6 Mbit/s", runs)
	t.Logf("%-6s %-9s %-17s %-17s %-17s %-17s", "server", "103", "html done", "css done", "fcp", "hero done")
	for _, server := range []string{"go", "caddy"} {
		for _, set := range []string{"css", "css+hero"} {
			var addr string
			var stop func()
			switch server {
			case "go":
				addr, stop = startGo(sets[set])
			case "caddy":
				addr, stop = startCaddyWith(sets[set])
			}
			if stop == nil {
				continue
			}
			var ts []timing
			for range runs {
				ts = append(ts, visit(addr))
			}
			stop()
			t.Logf("%-6s %-9s %s %s %s %s", server, set,
				med(ts, func(x timing) float64 { return x.HTMLEnd }), med(ts, func(x timing) float64 { return x.CSSEnd }),
				med(ts, func(x timing) float64 { return x.FCP }), med(ts, func(x timing) float64 { return x.HeroEnd }))
		}
	}
	var sig []string
	for s := range signals {
		sig = append(sig, s)
	}
	slices.Sort(sig)
	t.Logf("priority headers the Go servers saw: %s", strings.Join(sig, "; "))
}
