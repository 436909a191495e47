package verify

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/preloadgen/preloadgen/internal/chromeflags"
	"github.com/preloadgen/preloadgen/style"
)

// chrome is a running headless Chromium, shared by all page loads of a run; every load
// gets a browser context of its own.
type chrome struct {
	ctx     context.Context
	cancel  func()
	dataDir string
	version string
}

func startBrowser(ctx context.Context, path string) (*chrome, error) {
	dir, err := os.MkdirTemp("", "preloadgen-verify-")
	if err != nil {
		return nil, err
	}
	conf, err := writeJudgeFonts(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	opts := append(chromeflags.Options(path, dir),
		chromedp.Env("FONTCONFIG_FILE="+conf),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(int(style.Laptop().Width), int(style.Laptop().Height)),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	v, err := chromedp.CallBrowser(bctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		bcancel()
		acancel()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	return &chrome{ctx: bctx, cancel: func() { bcancel(); acancel() }, dataDir: dir, version: v.Product}, nil
}

func (c *chrome) close() {
	c.cancel()
	os.RemoveAll(c.dataDir)
}

// maxLoad bounds one page load, settle included.
const maxLoad = 30 * time.Second

// tab is a page of its own browser context, with a viewport emulated and the HTTP cache
// disabled, so every load is as cold as the first. A worker loads its pages one after the
// other in the same tab: a new document starts a new LCP record, and opening a tab costs
// far more than a load on a small machine.
type tab struct {
	ctx    context.Context
	cancel func()
	vp     Viewport
}

func (c *chrome) openTab(vp Viewport) (*tab, error) {
	ctx, cancel := chromedp.NewContext(c.ctx, chromedp.WithNewBrowserContext())
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(vp.Width), Height: int64(vp.Height), DeviceScaleFactor: vp.Scale, Mobile: vp.Mobile,
			ScreenWidth: int64(vp.Width), ScreenHeight: int64(vp.Height),
		}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: vp.Mobile})
		return err
	}))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("opening a tab (%s): %w", vp.Name, err)
	}
	return &tab{ctx: ctx, cancel: cancel, vp: vp}, nil
}

func (t *tab) close() { t.cancel() }

// lcp loads origin+u and returns the last LCP entry's element (nil when the page reported
// none).
func (t *tab) lcp(ctx context.Context, origin, u string, settle time.Duration) (*Element, error) {
	lctx, cancel := context.WithTimeout(t.ctx, maxLoad)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	err := chromedp.Do(lctx, chromedp.Navigate(origin+u))
	var raw *rawEntry
	if err == nil {
		raw, err = chromedp.Run(lctx, chromedp.Evaluate[*rawEntry](fmt.Sprintf(lcpJS, settle.Milliseconds()), chromedp.EvalAwaitPromise))
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("loading %s (%s): %w", u, t.vp.Name, err)
	}
	if raw == nil {
		return nil, nil
	}
	return raw.element(), nil
}

// rawEntry is what lcpJS returns.
type rawEntry struct {
	URL        string   `json:"url"`
	Size       float64  `json:"size"`
	Tag        string   `json:"tag"`
	NS         string   `json:"ns"`
	ID         string   `json:"id"`
	Classes    []string `json:"classes"`
	Path       string   `json:"path"`
	ParentPath string   `json:"parentPath"`
	Text       string   `json:"text"`
	Poster     bool     `json:"poster"`
}

func (r *rawEntry) element() *Element {
	e := &Element{URL: r.URL, Tag: r.Tag, ID: r.ID, Classes: r.Classes, Path: r.Path, Size: r.Size,
		parentPath: r.ParentPath, fullText: r.Text}
	e.Element = e.Tag
	if e.ID != "" {
		e.Element += "#" + e.ID
	}
	for _, c := range e.Classes {
		e.Element += "." + c
	}
	e.Text = cut(r.Text, 60)
	switch {
	case r.URL == "":
		e.Kind = "text"
	case r.Tag == "img" || r.Tag == "video" || r.Tag == "image" && r.NS == "svg":
		e.Kind = "image"
	default:
		e.Kind = "background"
	}
	return e
}

// cut shortens s to n bytes at a rune boundary, marking the cut with "...".
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "..."
}

// sitePath turns a URL the browser reports into a site path when it lies under origin (the
// loopback origin with the site's base path): percent-decoded path below origin, no query
// or fragment. Other URLs are returned as they are.
func sitePath(origin, raw string) string {
	if raw == "" || !strings.HasPrefix(raw, origin+"/") {
		return raw
	}
	u, err := url.Parse(raw[len(origin):])
	if err != nil {
		return raw
	}
	return path.Clean(u.Path)
}

// lcpJS waits for web fonts and the images in the viewport, <img> and CSS backgrounds, to
// decode (at most 3 s; a background is only reported once painted, and on a busy machine
// that came after the settle time), then for two frames, then for a first largest-contentful-paint entry (at most 10 s) and until no
// new one has come for the settle time, or five times the two frames' time where that is
// longer (a busy machine), at most 5 s, and describes the last entry's element.
const lcpJS = `(async () => {
  const settle = %d;
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const inView = i => { const r = i.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; };
  await Promise.race([sleep(3000), (async () => {
    try { await document.fonts.ready; } catch (e) {}
    const bgs = new Set();
    const els = document.body ? document.body.getElementsByTagName('*') : [];
    for (let k = 0; k < els.length && k < 3000; k++) {
      const b = getComputedStyle(els[k]).backgroundImage;
      if (!b || b === 'none' || !inView(els[k])) continue;
      for (const m of b.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) bgs.add(m[1]);
    }
    const bgLoad = u => { const i = new Image(); i.src = u; return i.decode().catch(() => {}); };
    await Promise.all(Array.from(document.images).filter(inView).map(i => i.decode().catch(() => {})).concat(Array.from(bgs, bgLoad)));
  })()]);
  // Two frames' time tells how busy the machine is: on a loaded one a frame takes far
  // longer than 16 ms, and a background painted a few frames after the text comes later
  // than the settle time (a CI run reported a header band's paragraph, 1 of 9 runs).
  const f0 = performance.now();
  await frames();
  const quiet = Math.max(settle, 5 * (performance.now() - f0));
  let last = null, at = performance.now();
  let po = null;
  try {
    po = new PerformanceObserver(l => { const e = l.getEntries(); if (e.length) { last = e[e.length - 1]; at = performance.now(); } });
    po.observe({type: 'largest-contentful-paint', buffered: true});
  } catch (err) { return null; }
  const start = performance.now();
  await sleep(50);
  // Entries come once a frame is presented, which on a loaded machine may take seconds:
  // wait for the first one (at most 10 s), then for the settle time without a new one.
  while (performance.now() - start < 10000 && (!last || performance.now() - at < quiet && performance.now() - start < 5000)) await sleep(50);
  const e = po.takeRecords(); if (e.length) last = e[e.length - 1];
  po.disconnect();
  if (!last) return null;
  const seg = e => {
    const t = e.localName;
    if (t === 'html' || t === 'body' || t === 'head') return t;
    let k = 1;
    for (let s = e.previousElementSibling; s; s = s.previousElementSibling) if (s.localName === t) k++;
    return t + ':nth-of-type(' + k + ')';
  };
  const pathOf = e => { const p = []; for (; e && e.nodeType === 1; e = e.parentElement) p.unshift(seg(e)); return p.join('>'); };
  const el = last.element;
  const out = {url: last.url || '', size: last.size || 0, tag: '', ns: '', id: '', classes: [], path: '', parentPath: '', text: ''};
  if (el) {
    out.tag = el.localName;
    out.ns = el.namespaceURI === 'http://www.w3.org/2000/svg' ? 'svg' : '';
    out.id = el.id || '';
    out.classes = Array.from(el.classList || []);
    out.path = pathOf(el);
    out.parentPath = pathOf(el.parentElement);
    out.text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 300);
  }
  return out;
})()`
