// Summaries and the text table of a measurement. Medians, not means: a page load has a
// long tail (a retransmit-like stall, a GC pause) that a mean would let one run dominate.

package measure

import (
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"
	"text/tabwriter"
)

// Report is a measurement's outcome.
type Report struct {
	Model   string   `json:"model"` // in words, with the link parameters
	Network Model    `json:"network_model"`
	Profile string   `json:"profile,omitempty"`
	RTTms   float64  `json:"rtt_ms"`
	DownBps int64    `json:"down_bps"`
	UpBps   int64    `json:"up_bps"`
	Server  Server   `json:"server"`
	Hints   HintMode `json:"hints"`
	ThinkMs float64  `json:"think_ms"`
	Runs    int      `json:"runs"`
	Chrome  string   `json:"chrome"`
	A       string   `json:"a"`
	B       string   `json:"b"`
	// CacheControl is the Cache-Control header both sides send with every response, ""
	// when none (the files' Last-Modified then decides freshness).
	CacheControl string `json:"cache_control,omitempty"`

	Pages   []*PageReport `json:"pages"`
	Overall Ratios        `json:"overall_median_ratio"` // median over pages of B/A
	Totals  Totals        `json:"totals"`
}

// Summary holds the medians of one side's runs of a page, and totals of its problems.
type Summary struct {
	FCP      float64 `json:"fcp_ms"`
	LCP      float64 `json:"lcp_ms"`
	DCL      float64 `json:"dcl_ms"`
	Load     float64 `json:"load_ms"`
	Requests float64 `json:"requests"`
	Bytes    float64 `json:"bytes"`
	// Totals over the runs.
	Double     int      `json:"double_downloads"`
	Unused     int      `json:"unused_preloads"`
	Mismatch   int      `json:"preload_warnings"`
	Failed     int      `json:"failed_requests"`
	EarlyRuns  int      `json:"runs_using_early_hints"`
	Runs       int      `json:"runs"`
	LCPSources []string `json:"lcp_sources,omitempty"`
}

// Ratios are B/A; 0 when A's value is 0.
type Ratios struct {
	FCP  float64 `json:"fcp"`
	LCP  float64 `json:"lcp"`
	DCL  float64 `json:"dcl"`
	Load float64 `json:"load"`
}

// Totals sum the problems over all pages and runs.
type Totals struct {
	DoubleA   int `json:"double_downloads_a"`
	DoubleB   int `json:"double_downloads_b"`
	UnusedA   int `json:"unused_preloads_a"`
	UnusedB   int `json:"unused_preloads_b"`
	MismatchA int `json:"preload_warnings_a"`
	MismatchB int `json:"preload_warnings_b"`
	FailedA   int `json:"failed_requests_a"`
	FailedB   int `json:"failed_requests_b"`
	Errors    int `json:"failed_visits"`
}

// PageReport is one page's results.
type PageReport struct {
	Page  string  `json:"page"`
	A     Summary `json:"a"`
	B     Summary `json:"b"`
	Ratio Ratios  `json:"ratio"`
	// Warm visits (RepeatView).
	WarmA *Summary `json:"warm_a,omitempty"`
	WarmB *Summary `json:"warm_b,omitempty"`

	// CI90 holds 90 % bootstrap intervals of the LCP and FCP ratios: with run-to-run noise
	// of several percent, a ratio's interval, not its point value, says whether a page
	// got worse.
	CI90 struct {
		LCP Interval `json:"lcp"`
		FCP Interval `json:"fcp"`
	} `json:"ratio_ci90"`

	RunsA     []Metrics `json:"runs_a"`
	RunsB     []Metrics `json:"runs_b"`
	WarmRunsA []Metrics `json:"warm_runs_a,omitempty"`
	WarmRunsB []Metrics `json:"warm_runs_b,omitempty"`
	Errors    []string  `json:"errors,omitempty"`
}

func newReport(o Options, chrome string) *Report {
	return &Report{
		Model: o.ModelLabel(), Network: o.Model, Profile: o.Profile, RTTms: ms(o.RTT.Seconds()),
		DownBps: o.Down, UpBps: o.Up, Server: o.Server, Hints: o.Hints, ThinkMs: ms(o.Think.Seconds()),
		Runs: o.Runs, Chrome: chrome, A: o.A, B: o.B, CacheControl: o.CacheControl,
	}
}

func ms(sec float64) float64 { return sec * 1000 }

func (r *Report) page(p string) *PageReport {
	pr := &PageReport{Page: p}
	r.Pages = append(r.Pages, pr)
	return pr
}

func (p *PageReport) add(side string, v visitResult) {
	if side == "A" {
		p.RunsA = append(p.RunsA, v.Cold)
		if v.Warm != nil {
			p.WarmRunsA = append(p.WarmRunsA, *v.Warm)
		}
	} else {
		p.RunsB = append(p.RunsB, v.Cold)
		if v.Warm != nil {
			p.WarmRunsB = append(p.WarmRunsB, *v.Warm)
		}
	}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func summarize(runs []Metrics) Summary {
	var s Summary
	var fcp, lcp, dcl, load, req, by []float64
	src := map[string]bool{}
	for _, m := range runs {
		fcp = append(fcp, m.FCP)
		lcp = append(lcp, m.LCP)
		dcl = append(dcl, m.DCL)
		load = append(load, m.Load)
		req = append(req, float64(m.Requests))
		by = append(by, float64(m.Bytes))
		s.Double += len(m.Double)
		s.Unused += len(m.Unused)
		s.Mismatch += len(m.PreloadWarnings)
		s.Failed += len(m.Failed)
		if len(m.EarlyHints) > 0 {
			s.EarlyRuns++
		}
		l := "text"
		if m.LCPURL != "" {
			l = sitePath(m.LCPURL)
		}
		src[l] = true
	}
	s.FCP, s.LCP, s.DCL, s.Load = median(fcp), median(lcp), median(dcl), median(load)
	s.Requests, s.Bytes = median(req), median(by)
	s.Runs = len(runs)
	for k := range src {
		s.LCPSources = append(s.LCPSources, k)
	}
	sort.Strings(s.LCPSources)
	return s
}

// Interval is a confidence interval of a B/A ratio; zero when there were too few runs.
type Interval struct {
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// bootstrapRatio returns the 90 % percentile-bootstrap interval of median(b)/median(a):
// each side's runs are resampled with replacement 2,000 times. The generator's seed is
// fixed, so the same runs always give the same interval.
func bootstrapRatio(a, b []float64) Interval {
	a, b = positive(a), positive(b)
	if len(a) < 3 || len(b) < 3 {
		return Interval{}
	}
	const n = 2000
	rng := rand.New(rand.NewPCG(1, 2))
	ra := make([]float64, len(a))
	rb := make([]float64, len(b))
	rs := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		for j := range ra {
			ra[j] = a[rng.IntN(len(a))]
		}
		for j := range rb {
			rb[j] = b[rng.IntN(len(b))]
		}
		rs = append(rs, median(rb)/median(ra))
	}
	sort.Float64s(rs)
	return Interval{Lo: rs[n*5/100], Hi: rs[n*95/100-1]}
}

func positive(xs []float64) []float64 {
	var out []float64
	for _, x := range xs {
		if x > 0 {
			out = append(out, x)
		}
	}
	return out
}

func ratio(b, a float64) float64 {
	if a <= 0 {
		return 0
	}
	return b / a
}

// finish computes the summaries, ratios and totals.
func (r *Report) finish() {
	var fcp, lcp, dcl, load []float64
	for _, p := range r.Pages {
		p.A, p.B = summarize(p.RunsA), summarize(p.RunsB)
		if len(p.WarmRunsA) > 0 {
			w := summarize(p.WarmRunsA)
			p.WarmA = &w
		}
		if len(p.WarmRunsB) > 0 {
			w := summarize(p.WarmRunsB)
			p.WarmB = &w
		}
		p.Ratio = Ratios{FCP: ratio(p.B.FCP, p.A.FCP), LCP: ratio(p.B.LCP, p.A.LCP), DCL: ratio(p.B.DCL, p.A.DCL), Load: ratio(p.B.Load, p.A.Load)}
		p.CI90.LCP = bootstrapRatio(metric(p.RunsA, lcpOf), metric(p.RunsB, lcpOf))
		p.CI90.FCP = bootstrapRatio(metric(p.RunsA, fcpOf), metric(p.RunsB, fcpOf))
		if p.A.Runs > 0 && p.B.Runs > 0 {
			fcp = appendPos(fcp, p.Ratio.FCP)
			lcp = appendPos(lcp, p.Ratio.LCP)
			dcl = appendPos(dcl, p.Ratio.DCL)
			load = appendPos(load, p.Ratio.Load)
		}
		r.Totals.DoubleA += p.A.Double
		r.Totals.DoubleB += p.B.Double
		r.Totals.UnusedA += p.A.Unused
		r.Totals.UnusedB += p.B.Unused
		r.Totals.MismatchA += p.A.Mismatch
		r.Totals.MismatchB += p.B.Mismatch
		r.Totals.FailedA += p.A.Failed
		r.Totals.FailedB += p.B.Failed
		r.Totals.Errors += len(p.Errors)
	}
	r.Overall = Ratios{FCP: median(fcp), LCP: median(lcp), DCL: median(dcl), Load: median(load)}
}

func lcpOf(m Metrics) float64 { return m.LCP }
func fcpOf(m Metrics) float64 { return m.FCP }

func metric(runs []Metrics, f func(Metrics) float64) []float64 {
	out := make([]float64, 0, len(runs))
	for _, m := range runs {
		out = append(out, f(m))
	}
	return out
}

// worseThan lists, for the text report, the pages whose LCP or FCP ratio is above limit
// with 90 % confidence (sure) and those where that cannot be ruled out (maybe).
func (r *Report) worseThan(limit float64) (sure, maybe []string) {
	for _, p := range r.Pages {
		for _, m := range []struct {
			name string
			ci   Interval
		}{{"LCP", p.CI90.LCP}, {"FCP", p.CI90.FCP}} {
			switch {
			case m.ci.Hi == 0:
			case m.ci.Lo > limit:
				sure = append(sure, fmt.Sprintf("%s %s x%.2f-%.2f", p.Page, m.name, m.ci.Lo, m.ci.Hi))
			case m.ci.Hi > limit:
				maybe = append(maybe, fmt.Sprintf("%s %s x%.2f-%.2f", p.Page, m.name, m.ci.Lo, m.ci.Hi))
			}
		}
	}
	return sure, maybe
}

func appendPos(xs []float64, x float64) []float64 {
	if x > 0 {
		return append(xs, x)
	}
	return xs
}

// WriteText writes the report as a table of medians with B/A ratios.
func (r *Report) WriteText(w io.Writer) error {
	prof := ""
	if r.Profile != "" {
		prof = " (profile " + r.Profile + ")"
	}
	think := ""
	if r.ThinkMs > 0 {
		think = fmt.Sprintf(", think %gms", r.ThinkMs)
	}
	fmt.Fprintf(w, "network: %s%s\nserver: %s, hints: %s%s, %d runs per page and side, cold cache\nA: %s\nB: %s\n",
		r.Model, prof, r.Server, r.Hints, think, r.Runs, r.A, r.B)
	if r.CacheControl != "" {
		fmt.Fprintf(w, "caching: every response on both sides carries Cache-Control: %s\n", r.CacheControl)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "page\tLCP A\tLCP B\tB/A\tFCP A\tFCP B\tB/A\tload A\tload B\tB/A\treq A\treq B\tKB A\tKB B\tdouble B\tunused B\twarn B\t103 used\t")
	for _, p := range r.Pages {
		early := "-"
		if r.Hints == HintsEarly && r.Server.EarlyHints() {
			early = fmt.Sprintf("%d/%d", p.B.EarlyRuns, p.B.Runs)
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%s\t%.0f\t%.0f\t%s\t%.0f\t%.0f\t%s\t%.0f\t%.0f\t%.0f\t%.0f\t%d\t%d\t%d\t%s\t\n",
			p.Page, p.A.LCP, p.B.LCP, fmtRatio(p.Ratio.LCP), p.A.FCP, p.B.FCP, fmtRatio(p.Ratio.FCP),
			p.A.Load, p.B.Load, fmtRatio(p.Ratio.Load), p.A.Requests, p.B.Requests, p.A.Bytes/1024, p.B.Bytes/1024,
			p.B.Double, p.B.Unused, p.B.Mismatch, early)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nmedian B/A over pages: LCP %s, FCP %s, DCL %s, load %s\n",
		fmtRatio(r.Overall.LCP), fmtRatio(r.Overall.FCP), fmtRatio(r.Overall.DCL), fmtRatio(r.Overall.Load))
	if sure, maybe := r.worseThan(1.02); r.Runs >= 3 {
		fmt.Fprintf(w, "LCP or FCP worse than x1.02 (90%% bootstrap interval above it): %s\n", listOrNone(sure))
		fmt.Fprintf(w, "not ruled out at %d runs (interval reaches above x1.02): %s\n", r.Runs, listOrNone(maybe))
	}
	t := r.Totals
	fmt.Fprintf(w, "double downloads: A %d, B %d; unused preloads: A %d, B %d; other preload warnings: A %d, B %d\n",
		t.DoubleA, t.DoubleB, t.UnusedA, t.UnusedB, t.MismatchA, t.MismatchB)
	if t.FailedA+t.FailedB > 0 {
		fmt.Fprintf(w, "WARNING: failed requests (HTTP errors or network failures): A %d, B %d; the runs that had them did not load the whole page, so their times are not comparable\n",
			t.FailedA, t.FailedB)
	}
	var warm []string
	for _, p := range r.Pages {
		if p.WarmA != nil && p.WarmB != nil {
			warm = append(warm, fmt.Sprintf("  %s: LCP %.0f/%.0f ms, requests %.0f/%.0f, %.0f/%.0f KB, double %d/%d",
				p.Page, p.WarmA.LCP, p.WarmB.LCP, p.WarmA.Requests, p.WarmB.Requests, p.WarmA.Bytes/1024, p.WarmB.Bytes/1024, p.WarmA.Double, p.WarmB.Double))
		}
	}
	if len(warm) > 0 {
		fmt.Fprintf(w, "repeat view (A/B):\n%s\n", strings.Join(warm, "\n"))
	}
	for _, p := range r.Pages {
		for _, e := range p.Errors {
			fmt.Fprintf(w, "error: %s: %s\n", p.Page, e)
		}
		for _, side := range []struct {
			n    string
			runs []Metrics
		}{{"A", p.RunsA}, {"B", p.RunsB}} {
			seen := map[string]bool{}
			for _, m := range side.runs {
				for _, u := range m.Double {
					seen["double download: "+sitePath(u)] = true
				}
				for _, u := range m.Unused {
					seen["unused preload: "+sitePath(u)] = true
				}
				for _, u := range m.Failed {
					seen["failed request: "+sitePath(u)] = true
				}
				for _, t := range m.PreloadWarnings {
					seen["warning: "+t] = true
				}
			}
			var ks []string
			for k := range seen {
				ks = append(ks, k)
			}
			sort.Strings(ks)
			for _, k := range ks {
				fmt.Fprintf(w, "%s %s: %s\n", side.n, p.Page, k)
			}
		}
	}
	return nil
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, "; ")
}

func fmtRatio(x float64) string {
	if x <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("x%.2f", x)
}
