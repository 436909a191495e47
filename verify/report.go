package verify

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/measure"
)

// FindChrome returns path if set (checking it exists), else the first Chromium found; the
// error is ErrNoChrome when there is none.
func FindChrome(path string) (string, error) { return measure.FindChrome(path) }

// String describes the element for people: kind, URL or text, and where it is.
func (e *Element) String() string {
	if e == nil {
		return "no LCP"
	}
	if e.Kind == "text" {
		return fmt.Sprintf("text %s %q (%s)", e.Element, e.Text, e.Path)
	}
	return fmt.Sprintf("%s %s (%s at %s)", e.Kind, e.URL, e.Element, e.Path)
}

// DescribeGuess describes a static guess the way Element.String describes the browser's.
func DescribeGuess(g *graph.LCP) string {
	if g == nil {
		return "none"
	}
	if g.Kind == "text" {
		return fmt.Sprintf("text %s %q (%s)", g.Element, g.Text, g.Path)
	}
	return fmt.Sprintf("%s %s (%s at %s)", g.Kind, g.URL, g.Element, g.Path)
}

// WriteDisagreements writes one paragraph per check whose verdict is not SameElement.
func (r *Result) WriteDisagreements(w io.Writer) {
	for _, c := range r.Disagreements() {
		if c.Error != "" {
			fmt.Fprintf(w, "%s (%s): not loaded: %s\n", c.Page, c.Viewport, c.Error)
			continue
		}
		fmt.Fprintf(w, "%s (%s): %s\n  browser says %s\n  guess was    %s\n", c.Page, c.Viewport, c.Verdict, c.Browser, DescribeGuess(c.Guess))
	}
}

// WriteTable writes the agreement table: one row per viewport and one for all.
func (r *Result) WriteTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VIEWPORT\tPAGES\tIMAGE RIGHT\tTEXT AS TEXT\tSAME ELEMENT\tNO LCP\tERRORS")
	for _, s := range r.Summary {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%d\t%d\n", s.Viewport, s.Pages, Fraction(s.ImageRight, s.Images),
			Fraction(s.TextAsText, s.Texts), Fraction(s.SameElement, s.Pages), s.NoLCP, s.Errors)
	}
	tw.Flush()
}

// Fraction writes n of d as "n/d p%", or "-" when d is 0.
func Fraction(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d %.0f%%", n, d, 100*float64(n)/float64(d))
}
