package graph

import (
	"sort"
	"time"
)

// The saving of a page's HTML hints, in time, on the link model the Early Hints use
// (Policy.EarlyRTT, and EarlyRate for the slow link; FastRate for the fast one). What the
// LCP waits for is the blocking CSS and its chain, the parser-blocking scripts and what the
// LCP element needs (its image, or the font its text waits for). Two bounds make the time:
//   - the round trips: each file starts a round trip after the file that names it has
//     arrived (a hinted one, a round trip after the HTML), and arrives after its own bytes;
//   - the bytes: all of them share one link, so they take their sum over the rate.
//
// The time is the larger of the two, and the saving is the time without the page's tags
// less the time with them. Where the bytes bound it, a shorter chain saves little or nothing:
// the hints are hidden behind what the first paint really waits for, which Saving names
// (the parser-blocking scripts, when they are the most of those bytes).

// FastRate is the fast link of the estimate (bits per second), as measure's 20 Mbit/s.
const FastRate = 20_000_000

// Saving estimates what a page's HTML hints save its LCP, in milliseconds.
type Saving struct {
	SlowMS int64 `json:"slow_ms"` // at Policy.EarlyRate (1.6 Mbit/s by default)
	FastMS int64 `json:"fast_ms"` // at FastRate
	// ChainMS is what the hints would save on the slow link if bytes cost nothing: the
	// round trips they take off the critical chain.
	ChainMS int64 `json:"chain_ms"`
	// Bound is set when on the slow link the bytes the LCP waits for, not the chain, made
	// its time before the hints: a shorter chain is then hidden behind those bytes.
	Bound bool `json:"bytes_bound,omitempty"`
	// WaitsMS is the LCP's time on the slow link with the hints (from the HTML's
	// arrival), and Scripts and ScriptBytes the parser-blocking scripts among what it
	// waits for.
	WaitsMS     int64 `json:"waits_ms"`
	Scripts     int   `json:"blocking_scripts,omitempty"`
	ScriptBytes int64 `json:"blocking_script_bytes,omitempty"`
}

// Hidden reports whether the round trips the hints take off the chain are mostly hidden
// on the slow link: the LCP's bytes made its time, and the saving is under half of them.
func (s Saving) Hidden() bool { return s.Bound && s.ChainMS > 0 && s.SlowMS < s.ChainMS/2 }

// saving computes the page's Saving after rank.
func (a *analyzer) saving() Saving {
	hinted := map[string]bool{}
	for _, h := range a.page.Hints {
		if h.HTML && h.Rel != "prefetch" {
			hinted[h.URL] = true
		}
	}
	var waits []*Resource
	var s Saving
	for _, r := range a.byURL {
		if r.External || r.Missing || !r.Needed || r.Depth >= DepthPrefetched {
			continue
		}
		g, ok := a.group(r)
		if !ok && !r.LCP {
			continue
		}
		if g == groupCSS || g == groupScript || r.LCP && (g == groupLCP || !ok) {
			waits = append(waits, r)
			if r.Kind == KindScript {
				s.Scripts++
				s.ScriptBytes += r.Bytes
			}
		}
	}
	sort.Slice(waits, func(i, j int) bool { return waits[i].URL < waits[j].URL })
	rtt := a.opts.EarlyRTT
	slowB, slowA, slowChainB, _ := a.lcpTime(waits, hinted, rtt, a.opts.EarlyRate)
	fastB, fastA, _, _ := a.lcpTime(waits, hinted, rtt, FastRate)
	_, _, rttB, rttA := a.lcpTime(waits, hinted, rtt, 1<<62) // bytes cost nothing
	ms := func(d time.Duration) int64 { return max(d, 0).Milliseconds() }
	s.SlowMS, s.FastMS = ms(slowB-slowA), ms(fastB-fastA)
	s.ChainMS = ms(rttB - rttA)
	s.WaitsMS = ms(slowA)
	s.Bound = slowB > slowChainB // the bytes, not the chain, made the time before the hints
	return s
}

// lcpTime returns the LCP's time before and after the hints (the larger of the chain and
// the bytes bound), and the chain bound alone before and after.
func (a *analyzer) lcpTime(waits []*Resource, hinted map[string]bool, rtt time.Duration, rate int64) (before, after, chainBefore, chainAfter time.Duration) {
	if rate <= 0 || len(waits) == 0 {
		return 0, 0, 0, 0
	}
	xfer := func(b int64) time.Duration {
		return time.Duration(float64(b) * 8 / float64(rate) * float64(time.Second))
	}
	var total int64
	for _, r := range waits {
		total += r.Bytes
	}
	chain := func(useHints bool) time.Duration {
		memo := map[string]time.Duration{}
		var ready func(r *Resource, guard int) time.Duration
		ready = func(r *Resource, guard int) time.Duration {
			if v, ok := memo[r.URL]; ok {
				return v
			}
			start := time.Duration(0)
			if !(useHints && hinted[r.URL]) && r.Depth > 1 && guard < 64 {
				if p, ok := a.byURL[r.Via]; ok && p.Depth < r.Depth {
					start = ready(p, guard+1)
				}
			}
			v := start + rtt + xfer(r.Bytes)
			memo[r.URL] = v
			return v
		}
		var m time.Duration
		for _, r := range waits {
			m = max(m, ready(r, 0))
		}
		return m
	}
	bytesBound := rtt + xfer(total)
	chainBefore, chainAfter = chain(false), chain(true)
	return max(chainBefore, bytesBound), max(chainAfter, bytesBound), chainBefore, chainAfter
}
