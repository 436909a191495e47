// Package cdptab drives a headless Chromium over the DevTools protocol the way Chromium
// allows prerendering under a debugger: through the tab's own target.
//
// Chromium refuses to start a prerender (PrerenderFinalStatus PrerenderingDisabledByDevTools)
// while any DevTools session on the initiating page "does not support the tab target"
// (content/browser/devtools/devtools_instrumentation.cc, IsPrerenderAllowed →
// RenderFrameDevToolsAgentHost::HasSessionsWithoutTabTargetSupport). A session has that
// mode when it was attached to the page target directly from the browser session, which is
// how chromedp attaches to every page, and Page.setPrerenderingAllowed cannot lift it. A
// session attached to the tab target (type "tab") supports it, and so does every session
// that tab session auto-attaches: its page, and the prerendered pages, which appear as
// their own targets (subtype "prerender") and take the tab over on activation.
//
// The client speaks over --remote-debugging-pipe (NUL-terminated JSON on file descriptors
// 3 and 4), so it needs no WebSocket. It is small on purpose: calls, and the events of each
// session handed to one function.
package cdptab

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/preloadgen/preloadgen/internal/chromeflags"
)

// Error is an error the browser answered a call with.
type Error struct {
	Code    int64  `json:"code"`
	Message string `json:"message"`
	Data    string `json:"data,omitempty"`
}

func (e *Error) Error() string {
	if e.Data != "" {
		return fmt.Sprintf("%s (%d): %s", e.Message, e.Code, e.Data)
	}
	return fmt.Sprintf("%s (%d)", e.Message, e.Code)
}

// call is a command waiting for its answer.
type call struct {
	session string
	ch      chan message
}

type message struct {
	ID        int64           `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *Error          `json:"error,omitempty"`
}

// EventFunc receives the events of a session. It runs on the connection's reader and must
// not block (start a goroutine for anything that calls the browser).
type EventFunc func(session, method string, params json.RawMessage)

// Browser is a running Chromium and the connection to it.
type Browser struct {
	cmd  *exec.Cmd
	w    *os.File // our end of Chromium's fd 3 (its input)
	dir  string   // the profile, removed on Close
	wmu  sync.Mutex
	done chan struct{} // closed when the connection ends
	err  error         // why, once done is closed

	mu     sync.Mutex
	next   int64
	calls  map[int64]call
	events map[string]EventFunc // by session ID
}

// Start launches the Chromium at path headless, with a fresh profile and args added to the
// common flags (internal/chromeflags).
func Start(ctx context.Context, path string, args ...string) (*Browser, error) {
	dir, err := os.MkdirTemp("", "preloadgen-chrome-")
	if err != nil {
		return nil, err
	}
	// Chromium reads commands on fd 3 and writes answers on fd 4.
	inR, inW, err := os.Pipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	cmd := exec.Command(path, append(append(chromeflags.Args(dir), "--remote-debugging-pipe"), args...)...)
	cmd.ExtraFiles = []*os.File{inR, outW}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		inR.Close()
		inW.Close()
		outR.Close()
		outW.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	inR.Close()
	outW.Close()
	b := &Browser{cmd: cmd, w: inW, dir: dir, done: make(chan struct{}), calls: map[int64]call{}, events: map[string]EventFunc{}}
	go b.read(outR)
	vctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := b.Call(vctx, "", "Browser.getVersion", nil, nil); err != nil {
		b.Close()
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	return b, nil
}

func (b *Browser) read(r io.ReadCloser) {
	defer r.Close()
	br := bufio.NewReaderSize(r, 1<<20)
	var err error
	for {
		var line []byte
		if line, err = br.ReadBytes(0); err != nil {
			break
		}
		var m message
		if json.Unmarshal(line[:len(line)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			c, ok := b.calls[m.ID]
			delete(b.calls, m.ID)
			b.mu.Unlock()
			if ok {
				c.ch <- m
			}
			continue
		}
		fn := b.events[m.SessionID]
		b.mu.Unlock()
		if fn != nil {
			fn(m.SessionID, m.Method, m.Params)
		}
	}
	if errors.Is(err, io.EOF) {
		err = errors.New("the browser closed the connection")
	}
	b.err = err
	close(b.done)
}

// detached fails the calls still waiting on a session that has gone (the browser never
// answers them) and stops its events.
func (b *Browser) detached(session string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.events, session)
	for id, c := range b.calls {
		if c.session == session {
			delete(b.calls, id)
			c.ch <- message{ID: id, Error: &Error{Message: "the target detached"}}
		}
	}
}

// Listen hands session's events (the browser's own for "") to fn, or stops with nil.
func (b *Browser) Listen(session string, fn EventFunc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if fn == nil {
		delete(b.events, session)
	} else {
		b.events[session] = fn
	}
}

// Call sends method with params to session ("" for the browser) and decodes the answer
// into result (when not nil).
func (b *Browser) Call(ctx context.Context, session, method string, params, result any) error {
	if params == nil {
		params = struct{}{}
	}
	p, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	ch := make(chan message, 1)
	b.mu.Lock()
	b.next++
	id := b.next
	b.calls[id] = call{session, ch}
	b.mu.Unlock()
	msg, _ := json.Marshal(message{ID: id, SessionID: session, Method: method, Params: p})
	b.wmu.Lock()
	_, err = b.w.Write(append(msg, 0))
	b.wmu.Unlock()
	if err != nil {
		b.forget(id)
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %w", method, m.Error)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				return fmt.Errorf("%s: %w", method, err)
			}
		}
		return nil
	case <-ctx.Done():
		b.forget(id)
		return fmt.Errorf("%s: %w", method, ctx.Err())
	case <-b.done:
		return fmt.Errorf("%s: %w", method, b.err)
	}
}

func (b *Browser) forget(id int64) {
	b.mu.Lock()
	delete(b.calls, id)
	b.mu.Unlock()
}

// Close ends the browser (asking first, then killing its process group) and removes its
// profile.
func (b *Browser) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	b.Call(ctx, "", "Browser.close", nil, nil)
	cancel()
	b.w.Close()
	exited := make(chan struct{})
	go func() { b.cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
	return os.RemoveAll(b.dir)
}

// TargetInfo is the part of a target's description the tab needs.
type TargetInfo struct {
	TargetID         string `json:"targetId"`
	Type             string `json:"type"`
	Subtype          string `json:"subtype,omitempty"`
	URL              string `json:"url"`
	BrowserContextID string `json:"browserContextId,omitempty"`
}

// Page is a page target the tab has attached: its own page, or a prerendered one.
type Page struct {
	Session string
	Target  TargetInfo
}

// Tab is one tab in a browser context of its own (its own HTTP cache, cookies and
// sockets), driven through its tab target.
type Tab struct {
	b        *Browser
	context  string
	session  string // the tab target's session
	onEvent  EventFunc
	mu       sync.Mutex
	pages    []Page
	attached chan struct{} // closed and replaced at every attach
}

// NewTab opens a tab in a fresh browser context and attaches to its page. onEvent (may be
// nil) gets the events of every page the tab attaches, prerendered ones included, and of
// their workers and frames; each page has Network, Page and Preload enabled, each worker
// and frame Network. It also gets Target.detachedFromTarget for each session that ends.
func (b *Browser) NewTab(ctx context.Context, onEvent EventFunc) (*Tab, error) {
	var bc struct {
		ID string `json:"browserContextId"`
	}
	if err := b.Call(ctx, "", "Target.createBrowserContext", map[string]any{"disposeOnDetach": true}, &bc); err != nil {
		return nil, err
	}
	t := &Tab{b: b, context: bc.ID, onEvent: onEvent, attached: make(chan struct{})}
	if err := t.open(ctx); err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

func (t *Tab) open(ctx context.Context) error {
	var ct struct {
		TargetID string `json:"targetId"`
	}
	if err := t.b.Call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank", "browserContextId": t.context, "newWindow": true}, &ct); err != nil {
		return err
	}
	var ts struct {
		Infos []TargetInfo `json:"targetInfos"`
	}
	if err := t.b.Call(ctx, "", "Target.getTargets", map[string]any{"filter": []map[string]any{{"type": "tab"}}}, &ts); err != nil {
		return err
	}
	tab := ""
	for _, i := range ts.Infos {
		if i.Type == "tab" && i.BrowserContextID == t.context {
			tab = i.TargetID
		}
	}
	if tab == "" {
		return fmt.Errorf("no tab target in browser context %s", t.context)
	}
	var at struct {
		Session string `json:"sessionId"`
	}
	if err := t.b.Call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": tab, "flatten": true}, &at); err != nil {
		return err
	}
	t.session = at.Session
	t.b.Listen(t.session, t.tabEvent)
	if err := t.b.Call(ctx, t.session, "Target.setAutoAttach", autoAttach, nil); err != nil {
		return err
	}
	for {
		t.mu.Lock()
		n, ch := len(t.pages), t.attached
		t.mu.Unlock()
		if n > 0 {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Second):
			return errors.New("the tab attached no page")
		}
	}
}

// tabEvent follows the pages the tab attaches and detaches.
func (t *Tab) tabEvent(session, method string, params json.RawMessage) {
	switch method {
	case "Target.attachedToTarget":
		var e struct {
			Session string     `json:"sessionId"`
			Info    TargetInfo `json:"targetInfo"`
		}
		if json.Unmarshal(params, &e) != nil {
			return
		}
		if e.Info.Type != "page" {
			// A page's worker or out-of-process frame: its requests (a worker's own
			// script finishes loading there) are part of the page's.
			t.b.Listen(e.Session, t.childEvent)
			go t.enable(e.Session, "Runtime.runIfWaitingForDebugger", "Network.enable")
			return
		}
		t.b.Listen(e.Session, t.childEvent)
		// A prerendered page is attached paused (whatever waitForDebuggerOnStart says), and
		// answers nothing until resumed; so resume first, then enable, and only then hand
		// the page out. Calls to the browser cannot run on its reader.
		go func() {
			if !t.enable(e.Session, "Runtime.runIfWaitingForDebugger", "Network.enable", "Page.enable", "Preload.enable", "Target.setAutoAttach") {
				return // detached already, or not a page that answers
			}
			t.mu.Lock()
			t.pages = append(t.pages, Page{Session: e.Session, Target: e.Info})
			close(t.attached)
			t.attached = make(chan struct{})
			t.mu.Unlock()
		}()
	case "Target.detachedFromTarget":
		var e struct {
			Session string `json:"sessionId"`
		}
		if json.Unmarshal(params, &e) != nil {
			return
		}
		t.b.detached(e.Session)
		if t.onEvent != nil {
			t.onEvent(e.Session, method, params) // so that its requests in flight end
		}
		t.mu.Lock()
		for i, p := range t.pages {
			if p.Session == e.Session {
				t.pages = append(t.pages[:i], t.pages[i+1:]...)
				break
			}
		}
		t.mu.Unlock()
	case "Target.targetInfoChanged":
		var e struct {
			Info TargetInfo `json:"targetInfo"`
		}
		if json.Unmarshal(params, &e) != nil {
			return
		}
		t.mu.Lock()
		for i, p := range t.pages {
			if p.Target.TargetID == e.Info.TargetID {
				t.pages[i].Target = e.Info
			}
		}
		t.mu.Unlock()
	}
}

// childEvent handles the events of a page (or of its workers and frames): the targets it
// attaches, then onEvent.
func (t *Tab) childEvent(session, method string, params json.RawMessage) {
	switch method {
	case "Target.attachedToTarget", "Target.detachedFromTarget":
		t.tabEvent(session, method, params)
		return
	}
	if t.onEvent != nil {
		t.onEvent(session, method, params)
	}
}

// enable calls methods on session in order (Target.setAutoAttach with the tab's
// parameters), and reports whether all answered.
func (t *Tab) enable(session string, methods ...string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, m := range methods {
		var params any
		if m == "Target.setAutoAttach" {
			params = autoAttach
		}
		if t.b.Call(ctx, session, m, params, nil) != nil {
			return false
		}
	}
	return true
}

// autoAttach attaches what a tab or a page opens, unpaused, on the same connection.
var autoAttach = map[string]any{"autoAttach": true, "waitForDebuggerOnStart": false, "flatten": true}

// Pages returns the attached pages, the first attached first.
func (t *Tab) Pages() []Page {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Page(nil), t.pages...)
}

// Page returns the session of the tab's first attached page that is not a prerender.
func (t *Tab) Page() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, p := range t.pages {
		if p.Target.Subtype != "prerender" {
			return p.Session
		}
	}
	return ""
}

// Call sends method to a session of the tab's browser.
func (t *Tab) Call(ctx context.Context, session, method string, params, result any) error {
	return t.b.Call(ctx, session, method, params, result)
}

// Evaluate runs expr in session's page, awaits a promise it returns, and decodes the value
// into out.
func (t *Tab) Evaluate(ctx context.Context, session, expr string, out any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception *struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := t.b.Call(ctx, session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &r); err != nil {
		return err
	}
	if r.Exception != nil {
		msg := r.Exception.Text
		if r.Exception.Exception != nil {
			msg = r.Exception.Exception.Description
		}
		return fmt.Errorf("evaluating: %s", msg)
	}
	if out == nil || len(r.Result.Value) == 0 {
		return nil
	}
	return json.Unmarshal(r.Result.Value, out)
}

// Close closes the tab's browser context, and with it the tab.
func (t *Tab) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	t.b.Listen(t.session, nil)
	for _, p := range t.Pages() {
		t.b.Listen(p.Session, nil)
	}
	return t.b.Call(ctx, "", "Target.disposeBrowserContext", map[string]any{"browserContextId": t.context}, nil)
}
