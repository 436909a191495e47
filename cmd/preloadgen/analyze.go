package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

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
			writePageReport(bw, p.Page, opts.Policy.Resolved())
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

// writePageReport prints one page: its LCP, its critical path and the chosen hints.
func writePageReport(w io.Writer, p *graph.Page, pol graph.Policy) {
	fmt.Fprintf(w, "%s\n", p.Path)
	if l := p.LCP; l != nil {
		switch l.Kind {
		case "text":
			extra := ""
			if l.Font != "" {
				extra = " in " + l.Font
			}
			fmt.Fprintf(w, "  LCP: text %s %q%s\n", l.Element, l.Text, extra)
		default:
			fmt.Fprintf(w, "  LCP: %s %s (%s)\n", l.Kind, l.URL, l.Element)
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  RESOURCE\tKIND\tDEPTH\tNEEDED\tBYTES\tWHY")
	for _, r := range p.Resources {
		needed := "no"
		if r.Needed {
			needed = "yes"
		}
		bytes := report.HumanBytes(r.Bytes)
		if r.Missing {
			bytes = "missing"
		}
		depth := fmt.Sprint(r.Depth)
		if r.Depth >= 99 {
			depth = "-"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", r.URL, r.Kind, depth, needed, bytes, r.Why)
	}
	tw.Flush()
	if len(p.Hints) == 0 {
		fmt.Fprintf(w, "  hints: none\n")
	} else {
		fmt.Fprintf(w, "  hints (html: in the page, depth >= 2; header: Link / 103 Early Hints):\n")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for i, h := range p.Hints {
			var where []string
			if h.HTML {
				where = append(where, "html")
			}
			if h.Header {
				where = append(where, "header")
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
				saves = fmt.Sprintf("saves %d RTT", h.SavedRTT)
			}
			fmt.Fprintf(tw, "  %d.\t%s\t%s\t%s\t%s\t%s\n", i+1, h.URL, attrs, strings.Join(where, "+"), saves, h.Reason)
		}
		tw.Flush()
	}
	if len(p.External) > 0 {
		fmt.Fprintf(w, "  other origins (never preloaded): %s\n", strings.Join(p.External, ", "))
	}
	fmt.Fprintf(w, "  estimated saving: %s\n\n", savingText(p.Saving, pol))
}

// mbits renders a link rate in bits per second as Mbit/s.
func mbits(bits int64) string {
	return strconv.FormatFloat(float64(bits)/1e6, 'g', 3, 64) + " Mbit/s"
}

// savingText renders what a page's HTML hints save its LCP (graph.Saving): milliseconds on
// the slow and the fast link, and what hides the round trips they save, if anything does.
func savingText(s graph.Saving, pol graph.Policy) string {
	if s.ChainMS == 0 && s.SlowMS == 0 && s.FastMS == 0 {
		return "none"
	}
	t := fmt.Sprintf("LCP %d ms sooner at %s, %d ms at %s (%d ms round trips; the hints take %d ms of them off the chain)",
		s.SlowMS, mbits(pol.EarlyRate), s.FastMS, mbits(graph.FastRate), pol.EarlyRTT.Milliseconds(), s.ChainMS)
	if s.Hidden() {
		t += fmt.Sprintf("; hidden at %s: the LCP waits %d ms for its bytes", mbits(pol.EarlyRate), s.WaitsMS)
		if s.ScriptBytes > 0 {
			t += fmt.Sprintf(", %d KB of them %d parser-blocking scripts (audit rule %s)", (s.ScriptBytes+512)/1024, s.Scripts, audit.RuleBlockingScripts)
		}
	}
	return t
}
