// One measured page load. A visit returns as soon as the page has loaded and settled; its
// tail (waiting for Chromium's unused-preload warnings, which come about three seconds
// after the load event) runs on while the next visit starts, so a run is not three seconds
// longer per page. With a repeat view there is no overlap: the warm visit needs the tab.

package measure

import (
	"context"
	"fmt"
	"time"
)

type visitOptions struct {
	URL        string
	Settle     time.Duration // after the load event, before reading timings
	UnusedWait time.Duration // after the load event, before collecting warnings
	Throttle   *throttle
	Repeat     bool // also a warm visit in the same browser context
	Record     bool // also record the cold visit's Trace (trace.go)
}

// visitResult is a finished visit.
type visitResult struct {
	Cold Metrics
	Warm *Metrics
}

// pending is a visit whose tail may still be running.
type pending struct {
	done chan struct{}
	res  visitResult
	err  error
}

func (p *pending) wait(ctx context.Context) (visitResult, error) {
	select {
	case <-p.done:
		return p.res, p.err
	case <-ctx.Done():
		return visitResult{}, ctx.Err()
	}
}

// visit loads o.URL in a fresh browser context. The returned pending finishes when the
// warnings are in; after (on return of this function) the page is loaded and settled.
func (b *browser) visit(ctx context.Context, o visitOptions) (*pending, error) {
	tr := newTraceRecorder(o.Record)
	t, err := b.openTab(o.Throttle, tr.options()...)
	if err != nil {
		return nil, err
	}
	if err := tr.start(t); err != nil {
		t.cancel()
		return nil, fmt.Errorf("screencast: %w", err)
	}
	tm, loaded, err := t.load(ctx, o.URL, o.Settle)
	if err != nil {
		t.cancel()
		return nil, err
	}
	tr.afterLoad(t)
	p := &pending{done: make(chan struct{})}
	finish := func() {
		defer close(p.done)
		defer t.cancel()
		tctx, cancel := context.WithCancel(ctx)
		defer cancel()
		select {
		case <-time.After(time.Until(loaded.Add(o.UnusedWait))):
		case <-tctx.Done():
			p.err = tctx.Err()
			return
		}
		events := t.rec.take()
		m := interpret(events)
		setTimings(&m, tm)
		m.Trace = tr.trace(events)
		p.res.Cold = m
		if o.Repeat {
			wt, _, err := t.load(ctx, o.URL, o.Settle)
			if err != nil {
				p.err = err
				return
			}
			w := interpret(t.rec.take())
			setTimings(&w, wt)
			p.res.Warm = &w
		}
	}
	if o.Repeat {
		finish()
	} else {
		go finish()
	}
	return p, nil
}

func setTimings(m *Metrics, t timings) {
	m.FCP, m.LCP, m.LCPURL, m.DCL, m.Load = t.FCP, t.LCP, t.LCPURL, t.DCL, t.Load
}
