package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/graph"
)

func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	_, c := newFlagSet("analyze", stderr)
	rest, _, err := c.parse(args, 1, 1)
	if err != nil {
		return err
	}
	res, err := preloadgen.Analyze(ctx, c.options(rest[0]))
	if err != nil {
		return err
	}
	if c.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	} else {
		bw := bufio.NewWriterSize(stdout, 64<<10) // the report is many small writes
		for _, p := range res.Pages {
			writePageReport(bw, p)
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		if !c.quiet {
			printDiagnostics(stderr, res, c.verbose)
		}
	}
	if len(res.Failed) > 0 {
		return exitError(1)
	}
	return nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// writePageReport prints one page: its LCP, its critical path and the chosen hints.
func writePageReport(w io.Writer, p *graph.Page) {
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
		bytes := humanBytes(r.Bytes)
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
	fmt.Fprintf(w, "  estimated saving: %d round trip(s) on the critical path\n\n", p.SavedRTT)
}
