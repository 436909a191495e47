package speculate_test

// Live: the rules a build writes, judged by real headless Chromium. A site with every kind
// of hostile link is built, served on 127.0.0.1 beside a second origin that serves the
// same paths, and Chromium's own list of speculation candidates (the Preload domain) must
// hold exactly the site's pages that the page links to normally; hovering links must fetch
// only those, and the other origin must see no request. Pages under a
// Content-Security-Policy get rules their policy allows (inline by 'inline-speculation-
// rules' or a nonce, or none; by the header in any case), and the console stays clean:
// no violation, no invalid rule set, no preload left unused.

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/preload"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/internal/chromeflags"
	"github.com/preloadgen/preloadgen/internal/testenv"
	"github.com/preloadgen/preloadgen/measure"
	"github.com/preloadgen/preloadgen/speculate"
)

// block makes a link a hover target of its own.
const block = ` style="display:block;height:40px"`

func liveSite(t *testing.T, other string) string {
	dir := t.TempDir()
	write := func(name, s string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	page := func(head, body string) string {
		return "<!doctype html><html><head><meta charset=utf-8><title>t</title>" + head + "</head><body>" + body + "</body></html>"
	}
	links := ""
	for _, l := range []string{
		`href="/a/" id=good`, `href="b.html"`,
		`href="/c/" rel="nofollow"`, `href="/d/" download`, `href="/e/" data-preloadgen-no-speculation`,
		`href="` + other + `/a/" id=other`, `href="//` + strings.TrimPrefix(other, "http://") + `/a/" id=protorel`,
		`href="/\` + strings.TrimPrefix(other, "http://") + `/a/"`,
		`href="javascript:location='/a/'"`, `href="/files/report.pdf"`, `href="/feed.xml"`, `href="/404.html"`,
		`href="/missing/"`, `href="/a/?q=1" id=query`, `href="/../../a/"`, `href="/x/%2e%2e/a/"`,
	} {
		links += "<a " + l + block + ">link</a>\n"
	}
	write("index.html", page("", links))
	for _, p := range []string{"a/index.html", "b.html", "c/index.html", "d/index.html", "e/index.html", "404.html"} {
		write(p, page("", `<p>page <a href="/">home</a>`))
	}
	write("files/report.pdf", "%PDF-1.4")
	write("feed.xml", "<rss/>")
	write("csp-inline/index.html", page(`<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'inline-speculation-rules'">`, `<a href="/a/"`+block+`>a</a>`))
	write("csp-self/index.html", page(`<meta http-equiv="Content-Security-Policy" content="script-src 'self'">`, `<a href="/a/"`+block+`>a</a>`))
	// A page whose own tags carry a nonce: our preloads (of the imported stylesheet and the
	// imported module) and our rules must carry it too.
	// Without the nonce a preload would break 'strict-dynamic', which ignores 'self'.
	write("nonce/index.html", page(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'nonce-n0nce' 'strict-dynamic'">`+
		`<link rel="stylesheet" href="/css/main.css" nonce="n0nce"><script type="module" src="/js/main.js" nonce="n0nce"></script>`, `<a href="/a/">a</a>`))
	write("favicon.ico", "")
	write("css/main.css", `@import url("/css/deep.css"); body { margin: 0 }`)
	write("css/deep.css", `p { color: #222 }`)
	write("js/main.js", `import { x } from "/js/dep.js"; document.body.dataset.x = x;`)
	write("js/dep.js", `export const x = "1";`)
	return dir
}

// server serves dir; header, when set, is the Speculation-Rules value for pages.
type server struct {
	mu   sync.Mutex
	seen []string // "path purpose" of every request
	url  string
}

func serve(t *testing.T, dir, header string) *server {
	s := &server{}
	files := http.FileServer(http.Dir(dir))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, r.URL.RequestURI()+" "+r.Header.Get("Sec-Purpose"))
		s.mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/"+speculate.FileName) {
			w.Header().Set("Content-Type", speculate.MIMEType)
		} else if header != "" && (strings.HasSuffix(r.URL.Path, "/") || strings.HasSuffix(r.URL.Path, ".html")) {
			w.Header().Set("Speculation-Rules", header)
		}
		files.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	s.url = "http://" + ln.Addr().String()
	return s
}

func (s *server) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

// visit is what Chromium reported about one page.
type visit struct {
	mu         sync.Mutex
	candidates map[string]bool // speculation candidates' URLs, by action
	ruleErrors []string
	console    []string
}

func (v *visit) listen(ev any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	switch e := ev.(type) {
	case *preload.EventPreloadingAttemptSourcesUpdated:
		for _, s := range e.PreloadingAttemptSources {
			v.candidates[string(s.Key.Action)+" "+s.Key.URL] = true
		}
	case *preload.EventRuleSetUpdated:
		if e.RuleSet.ErrorType != "" {
			v.ruleErrors = append(v.ruleErrors, string(e.RuleSet.ErrorType))
		}
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
			v.console = append(v.console, e.Entry.Text)
		}
	case *runtime.EventConsoleAPICalled:
		v.console = append(v.console, string(e.Type))
	case *runtime.EventExceptionThrown:
		v.console = append(v.console, e.ExceptionDetails.Text)
	}
}

func (v *visit) sorted() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []string
	for c := range v.candidates {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

type browser struct{ ctx context.Context }

func startChrome(t *testing.T) browser {
	path, err := measure.FindChrome("")
	if err != nil {
		testenv.Missing(t, "no Chromium: %v", err)
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), chromeflags.Options(path, t.TempDir())...)
	bctx, bcancel := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		acancel()
		t.Fatalf("starting %s: %v", path, err)
	}
	t.Cleanup(func() { bcancel(); acancel() })
	return browser{bctx}
}

// load opens url in a fresh browser context, waits for the speculation candidates to
// settle, and hovers the elements with the given ids (each for 400 ms).
func (b browser) load(t *testing.T, url string, hover ...string) *visit {
	t.Helper()
	v := &visit{candidates: map[string]bool{}}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(v.listen))
	defer cancel()
	ctx, cancel2 := context.WithTimeout(ctx, 60*time.Second)
	defer cancel2()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, cdplog.Enable, struct{}{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, runtime.Enable, struct{}{}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, preload.Enable, struct{}{})
		return err
	}))
	if err == nil {
		err = chromedp.Do(ctx, chromedp.Navigate(url))
	}
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => setTimeout(() => r(true), 300))`, chromedp.EvalAwaitPromise))
	}
	for _, id := range hover {
		if err != nil {
			break
		}
		var box []float64
		box, err = chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.getElementById(`+"`"+id+"`"+`).getBoundingClientRect(); return [r.x + 5, r.y + 5]; })()`))
		if err == nil {
			err = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: box[0], Y: box[1]})
				return err
			}))
			time.Sleep(400 * time.Millisecond)
		}
	}
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return v
}

func TestLiveRulesInChromium(t *testing.T) {
	b := startChrome(t)
	other := serve(t, t.TempDir(), "") // another origin with nothing on it
	site := liveSite(t, other.url)
	for _, via := range []speculate.Via{speculate.ViaInline, speculate.ViaHeader} {
		name := map[speculate.Via]string{speculate.ViaInline: "inline", speculate.ViaHeader: "header"}[via]
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			res, err := preloadgen.Build(context.Background(), preloadgen.BuildOptions{
				Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}, Out: out,
				Speculation: speculate.Options{Mode: speculate.Prefetch, Via: via},
			})
			if err != nil || len(res.Failed) > 0 {
				t.Fatalf("build: %v %v", err, res.Failed)
			}
			nonced, _ := os.ReadFile(filepath.Join(out, "nonce", "index.html"))
			for _, want := range []string{`rel="modulepreload" href="/js/dep.js" nonce="n0nce"`, `<script type="speculationrules" nonce="n0nce">`} {
				if via == speculate.ViaHeader && strings.Contains(want, "speculationrules") {
					want = "" // no inline rules
				}
				if !strings.Contains(string(nonced), want) {
					t.Errorf("the nonce page lacks %s:\n%s", want, nonced)
				}
			}
			s := serve(t, out, res.Speculation.Header)
			o := s.url
			for _, tc := range []struct {
				page  string
				hover []string
				want  []string // candidates: action and URL
				// fetched: the requests with Sec-Purpose: prefetch the hovers must cause
				fetched []string
			}{
				{"/", []string{"other", "protorel", "query", "good"}, []string{"Prefetch " + o + "/a/", "Prefetch " + o + "/b.html"}, []string{"/a/ prefetch"}},
				{"/csp-inline/", nil, []string{"Prefetch " + o + "/a/"}, nil},
				{"/csp-self/", nil, map[speculate.Via][]string{speculate.ViaInline: nil, speculate.ViaHeader: {"Prefetch " + o + "/a/"}}[via], nil},
				{"/nonce/", nil, []string{"Prefetch " + o + "/a/"}, nil},
			} {
				before := len(s.requests())
				v := b.load(t, o+tc.page, tc.hover...)
				if got := v.sorted(); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
					t.Errorf("%s: candidates\n%s\nwant\n%s", tc.page, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
				}
				if len(v.ruleErrors) > 0 || len(v.console) > 0 {
					t.Errorf("%s: rule set errors %v, console %q; requests %q", tc.page, v.ruleErrors, v.console, s.requests()[before:])
				}
				var prefetched []string
				for _, r := range s.requests()[before:] {
					if strings.HasSuffix(r, " prefetch") {
						prefetched = append(prefetched, r)
					}
				}
				if fmt.Sprint(prefetched) != fmt.Sprint(tc.fetched) {
					t.Errorf("%s: prefetched %q, want %q", tc.page, prefetched, tc.fetched)
				}
			}
			if got := other.requests(); len(got) > 0 {
				t.Errorf("the other origin was asked for %q", got)
			}
		})
	}
}
