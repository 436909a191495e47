package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/audit"
	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/report"
	"github.com/preloadgen/preloadgen/verify"
)

func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlagSet("analyze", stderr)
	check := fs.Bool("verify", false, "load every page in headless Chromium (phone and desktop) and compare its LCP element with the guess")
	chrome := fs.String("chrome", "", "Chromium binary for -verify (default: found on the usual paths)")
	pagesFlag := fs.String("pages", "", "only the pages matching these comma-separated globs over site paths or URLs (/blog/**, /index.html), in the report and for -verify")
	vpFlag := fs.String("viewports", "phone,desktop", "with -verify: the screens each page is loaded at: phone, desktop, or WIDTHxHEIGHT[@SCALE][m] (m: mobile emulation)")
	reportDir := fs.String("report", "", "also write an HTML report to this directory: each page's critical chain, its hints and what a budget left out")
	rest, _, err := c.parse(args, 1, 1)
	if err != nil {
		return err
	}
	globs, err := verify.ParsePageGlobs(*pagesFlag)
	if err != nil {
		return usageError{"-pages: " + err.Error()}
	}
	viewports, err := verify.ParseViewports(*vpFlag)
	if err != nil {
		return usageError{"-viewports: " + err.Error()}
	}
	if *check {
		// Fail before the report when there is no browser to judge with.
		if *chrome, err = verify.FindChrome(*chrome); err != nil {
			return err
		}
	}
	slow, err := slowestFromEnv()
	if err != nil {
		return err
	}
	// The report is streamed: pages arrive in path order as they are analysed and are
	// written at once, so memory holds only the pages in flight.
	bw := bufio.NewWriterSize(stdout, 64<<10) // the report is many small writes
	opts := c.options(rest[0])
	an, err := preloadgen.NewAnalysis(opts, nil)
	if err != nil {
		return err
	}
	var chains *report.Chains
	if *reportDir != "" {
		title := rest[0]
		if abs, err := filepath.Abs(title); err == nil {
			title = abs
		}
		if chains, err = report.NewChains(report.ChainOptions{Dir: *reportDir, Title: filepath.Base(title)}); err != nil {
			return err
		}
	}
	res := &preloadgen.Result{}
	n := 0
	text := newTextReport(bw, opts.Policy.Resolved())
	var werr error
	var matched []string // with -pages, the pages for -verify
	for p, err := range an.Pages(ctx) {
		if p == nil {
			return err
		}
		if err != nil {
			res.Failed = append(res.Failed, diagnosticOf(err))
			continue
		}
		if !verify.PageMatches(globs, p.Page.Path) {
			continue
		}
		slow.add(p.Page.Path, p.Took)
		matched = append(matched, p.Page.Path)
		if chains != nil {
			if err := chains.Add(p.Page); err != nil {
				return err
			}
		}
		if werr != nil {
			continue
		}
		if c.json {
			werr = writePageJSON(bw, p.Page, n == 0)
		} else {
			text.page(p.Page)
		}
		n++
	}
	res.Diagnostics = an.Diagnostics()
	if chains != nil {
		if err := chains.Close(); err != nil {
			return err
		}
		if !c.quiet {
			fmt.Fprintf(stderr, "report: %s\n", filepath.Join(*reportDir, report.IndexFile))
		}
	}
	var vres *verify.Result
	if *check && len(globs) > 0 && len(matched) == 0 {
		return usageError{fmt.Sprintf("-pages %s: no page matches", *pagesFlag)}
	}
	if *check {
		vo := verify.Options{Dir: rest[0], Chrome: *chrome, Analysis: c.options(rest[0]), Viewports: viewports}
		if len(globs) > 0 {
			vo.Pages = matched
		}
		vres, err = verify.Run(ctx, vo)
		if err != nil {
			bw.Flush()
			return fmt.Errorf("verify: %w", err)
		}
	}
	if werr == nil && c.json {
		werr = writeResultJSONTail(bw, res, n, vres)
	}
	if werr == nil && vres != nil && !c.json {
		writeVerifyReport(bw, vres)
	}
	if werr == nil {
		werr = bw.Flush()
	}
	if werr != nil {
		return werr
	}
	if !c.json && !c.quiet {
		printDiagnostics(stderr, res, c.verbose)
	}
	slow.print(stderr)
	if len(res.Failed) > 0 {
		return exitError(1)
	}
	return nil
}

// writePageJSON writes one element of the result's "pages" array, laid out as
// json.Encoder with a two-space indent lays out the whole Result (docs/json.md).
func writePageJSON(w *bufio.Writer, p *graph.Page, first bool) error {
	b, err := json.MarshalIndent(p, "    ", "  ")
	if err != nil {
		return err
	}
	if first {
		w.WriteString("{\n  \"pages\": [\n    ")
	} else {
		w.WriteString(",\n    ")
	}
	_, err = w.Write(b)
	return err
}

// writeResultJSONTail closes the pages array and writes the rest of the Result.
func writeResultJSONTail(w *bufio.Writer, res *preloadgen.Result, pages int, vres *verify.Result) error {
	if pages == 0 {
		w.WriteString("{\n  \"pages\": [],\n")
	} else {
		w.WriteString("\n  ],\n")
	}
	d, err := json.MarshalIndent(res.Diagnostics, "  ", "  ")
	if err != nil {
		return err
	}
	w.WriteString("  \"diagnostics\": ")
	w.Write(d)
	if len(res.Failed) > 0 {
		f, err := json.MarshalIndent(res.Failed, "  ", "  ")
		if err != nil {
			return err
		}
		w.WriteString(",\n  \"failed\": ")
		w.Write(f)
	}
	if vres != nil {
		v, err := json.MarshalIndent(vres, "  ", "  ")
		if err != nil {
			return err
		}
		w.WriteString(",\n  \"verify\": ")
		w.Write(v)
	}
	_, err = w.WriteString("\n}\n")
	return err
}

// writeVerifyReport prints where Chromium disagrees with the guess, and the agreement table.
func writeVerifyReport(w io.Writer, v *verify.Result) {
	fmt.Fprintf(w, "LCP as %s reports it, against the guess\n", v.Chrome)
	if v.Fonts != "liberation" {
		fmt.Fprintf(w, "  (the generic font families were drawn in this machine's fallback fonts, wider than visitors' Arial or Roboto:\n   install the Liberation fonts, Debian: fonts-liberation2, for verdicts on near ties that hold for visitors)\n")
	}
	if len(v.Disagreements()) == 0 {
		fmt.Fprintf(w, "  every page: same element\n")
	}
	v.WriteDisagreements(w)
	fmt.Fprintln(w)
	v.WriteTable(w)
}

// textReport writes the text report, page by page; its tables are reused.
type textReport struct {
	w          *bufio.Writer
	rttMS      int64  // the policy's round trip
	slow, fast string // the link rates, as mbits renders them
	resources  table
	hints      table
	num        []byte
}

func newTextReport(w *bufio.Writer, pol graph.Policy) *textReport {
	return &textReport{w: w, rttMS: pol.EarlyRTT.Milliseconds(), slow: mbits(pol.EarlyRate), fast: mbits(graph.FastRate)}
}

// page prints one page: its LCP, its critical path and the chosen hints.
func (t *textReport) page(p *graph.Page) {
	w := t.w
	w.WriteString(p.Path)
	w.WriteByte('\n')
	if l := p.LCP; l != nil {
		switch l.Kind {
		case "text":
			w.WriteString("  LCP: text ")
			w.WriteString(l.Element)
			w.WriteByte(' ')
			t.num = strconv.AppendQuote(t.num[:0], l.Text)
			w.Write(t.num)
			if l.Font != "" {
				w.WriteString(" in ")
				w.WriteString(l.Font)
			}
			w.WriteByte('\n')
		default:
			w.WriteString("  LCP: ")
			w.WriteString(string(l.Kind))
			w.WriteByte(' ')
			w.WriteString(l.URL)
			w.WriteString(" (")
			w.WriteString(l.Element)
			w.WriteString(")\n")
		}
	}
	rt := &t.resources
	rt.reset(6, "  ")
	rt.row("RESOURCE", "KIND", "DEPTH", "NEEDED", "BYTES", "WHY")
	for _, r := range p.Resources {
		needed := "no"
		if r.Needed {
			needed = "yes"
		}
		bytes := report.HumanBytes(r.Bytes)
		if r.Missing {
			bytes = "missing"
		}
		depth := strconv.Itoa(r.Depth)
		if r.Depth >= 99 {
			depth = "-"
		}
		rt.row(r.URL, string(r.Kind), depth, needed, bytes, r.Why)
	}
	rt.write(w)
	if len(p.Hints) == 0 {
		w.WriteString("  hints: none\n")
	} else {
		w.WriteString("  hints (html: in the page, depth >= 2; header: Link / 103 Early Hints):\n")
		ht := &t.hints
		ht.reset(6, "  ")
		for i, h := range p.Hints {
			where := ""
			switch {
			case h.HTML && h.Header:
				where = "html+header"
			case h.HTML:
				where = "html"
			case h.Header:
				where = "header"
			}
			attrs := h.Rel
			if h.As != "" {
				attrs += " as=" + h.As
			}
			if h.FetchPriority != "" {
				attrs += " fetchpriority=" + h.FetchPriority
			}
			saves := ""
			if h.SavedRTT > 0 {
				saves = "saves " + strconv.Itoa(h.SavedRTT) + " RTT"
			}
			ht.row(strconv.Itoa(i+1)+".", h.URL, attrs, where, saves, h.Reason)
		}
		ht.write(w)
	}
	if len(p.External) > 0 {
		w.WriteString("  other origins (never preloaded): ")
		for i, e := range p.External {
			if i > 0 {
				w.WriteString(", ")
			}
			w.WriteString(e)
		}
		w.WriteByte('\n')
	}
	t.num = append(t.num[:0], "  estimated saving: "...)
	t.num = appendSaving(t.num, p.Saving, t.rttMS, t.slow, t.fast)
	t.num = append(t.num, "\n\n"...)
	w.Write(t.num)
}

// mbits renders a link rate in bits per second as Mbit/s.
func mbits(bits int64) string {
	return strconv.FormatFloat(float64(bits)/1e6, 'g', 3, 64) + " Mbit/s"
}

// appendSaving appends what a page's HTML hints save its LCP (graph.Saving): milliseconds
// on the slow and the fast link, and what hides the round trips they save, if anything
// does. rttMS is the policy's round trip in milliseconds, slow and fast its link rates as
// mbits renders them (the report renders them once).
func appendSaving(b []byte, s graph.Saving, rttMS int64, slow, fast string) []byte {
	if s.ChainMS == 0 && s.SlowMS == 0 && s.FastMS == 0 {
		return append(b, "none"...)
	}
	b = append(b, "LCP "...)
	b = strconv.AppendInt(b, s.SlowMS, 10)
	b = append(b, " ms sooner at "...)
	b = append(b, slow...)
	b = append(b, ", "...)
	b = strconv.AppendInt(b, s.FastMS, 10)
	b = append(b, " ms at "...)
	b = append(b, fast...)
	b = append(b, " ("...)
	b = strconv.AppendInt(b, rttMS, 10)
	b = append(b, " ms round trips; the hints take "...)
	b = strconv.AppendInt(b, s.ChainMS, 10)
	b = append(b, " ms of them off the chain)"...)
	if s.Hidden() {
		b = append(b, "; hidden at "...)
		b = append(b, slow...)
		b = append(b, ": the LCP waits "...)
		b = strconv.AppendInt(b, s.WaitsMS, 10)
		b = append(b, " ms for its bytes"...)
		if s.ScriptBytes > 0 {
			b = append(b, ", "...)
			b = strconv.AppendInt(b, (s.ScriptBytes+512)/1024, 10)
			b = append(b, " KB of them "...)
			b = strconv.AppendInt(b, int64(s.Scripts), 10)
			b = append(b, " parser-blocking scripts (audit rule "...)
			b = append(b, audit.RuleBlockingScripts...)
			b = append(b, ')')
		}
	}
	return b
}
