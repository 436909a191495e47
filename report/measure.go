// The measurement report: the summary table on top (medians, B/A ratios and their 90 %
// intervals), and a file per page with A and B side by side, each drawn from its median
// run: a waterfall (inline SVG: a bar per request from when the page asked for it to its
// last byte, lighter until the first byte, coloured by kind, marked when a 103 served it or
// a preload named it, with the FCP, LCP and load lines), the filmstrip the screencast took
// and the LCP element. Both sides share one time scale, so their bars compare by eye.

package report

import (
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"strings"

	"github.com/preloadgen/preloadgen/measure"
)

//go:embed measure.tmpl
var measureTmpl string

var measureTemplates = template.Must(template.New("measure").Funcs(funcs).Funcs(template.FuncMap{
	"rows": func(r row) []row { return []row{r} },
	"legend": func() []legendItem {
		var l []legendItem
		for _, k := range kinds {
			l = append(l, legendItem{Colour: kindColour(k), Label: k})
		}
		return l
	},
}).Parse(measureTmpl))

// MeasureOptions configure a measurement report.
type MeasureOptions struct {
	Dir string // the report's directory; created if missing
}

// WriteMeasure writes r as IndexFile and a file per page (PageFile) into o.Dir. The
// pictures need the runs' traces (measure.Options.Record); without them the pages show
// the numbers only.
func WriteMeasure(o MeasureOptions, r *measure.Report) error {
	if err := makeDir(o.Dir); err != nil {
		return err
	}
	idx := measureIndex{Report: r, Meta: measureMeta(r)}
	for _, p := range r.Pages {
		row := summaryRow(r, p)
		row.File = PageFile(p.Page)
		idx.Rows = append(idx.Rows, row)
		v := measurePage{Page: p.Page, Meta: idx.Meta, Row: row, Errors: p.Errors}
		a, b := medianRun(p.RunsA, p.A.LCP), medianRun(p.RunsB, p.B.LCP)
		end := math.Max(timeEnd(p.RunsA, a), timeEnd(p.RunsB, b))
		v.Sides = []sideView{sideOf("A", "original", r.A, a, p.RunsA, end), sideOf("B", "optimised", r.B, b, p.RunsB, end)}
		if err := writeFile(o.Dir, row.File, measureTemplates.Lookup("page"), v); err != nil {
			return err
		}
	}
	idx.Overall = fmt.Sprintf("LCP %s, FCP %s, DCL %s, load %s", fmtRatio(r.Overall.LCP), fmtRatio(r.Overall.FCP), fmtRatio(r.Overall.DCL), fmtRatio(r.Overall.Load))
	t := r.Totals
	idx.Totals = fmt.Sprintf("double downloads: A %d, B %d; unused preloads: A %d, B %d; other preload warnings: A %d, B %d; failed requests: A %d, B %d; failed visits: %d",
		t.DoubleA, t.DoubleB, t.UnusedA, t.UnusedB, t.MismatchA, t.MismatchB, t.FailedA, t.FailedB, t.Errors)
	return writeFile(o.Dir, IndexFile, measureTemplates.Lookup("index"), idx)
}

type measureIndex struct {
	Report          *measure.Report
	Meta            []string
	Rows            []row
	Overall, Totals string
}

type measurePage struct {
	Page   string
	Meta   []string
	Row    row
	Sides  []sideView
	Errors []string
}

// row is a page's line of the summary table.
type row struct {
	Page, File              string
	LCPA, LCPB, FCPA, FCPB  float64
	LoadA, LoadB            float64
	LCP, FCP, Load          ratioCell
	ReqA, ReqB, KBA, KBB    float64
	DoubleB, UnusedB, WarnB int
	Early                   string
	Errors                  int
}

// ratioCell is a B/A ratio with its interval; Class is "better" or "worse" when the
// interval lies wholly below or above 1.
type ratioCell struct {
	Ratio, CI, Class string
}

func measureMeta(r *measure.Report) []string {
	prof := ""
	if r.Profile != "" {
		prof = " (profile " + r.Profile + ")"
	}
	think := ""
	if r.ThinkMs > 0 {
		think = fmt.Sprintf(", think %g ms", r.ThinkMs)
	}
	return []string{
		"network: " + r.Model + prof,
		fmt.Sprintf("server: %s, hints: %s%s; %d cold runs per page and side, A and B alternating", r.Server, r.Hints, think, r.Runs),
		"browser: " + r.Chrome,
		"A (original): " + r.A,
		"B (optimised): " + r.B,
	}
}

func cell(ratio float64, ci measure.Interval) ratioCell {
	c := ratioCell{Ratio: fmtRatio(ratio)}
	if ci.Hi > 0 {
		c.CI = fmt.Sprintf("%.2f–%.2f", ci.Lo, ci.Hi)
		switch {
		case ci.Hi < 1:
			c.Class = "better"
		case ci.Lo > 1:
			c.Class = "worse"
		}
	}
	return c
}

func summaryRow(r *measure.Report, p *measure.PageReport) row {
	rw := row{Page: p.Page,
		LCPA: p.A.LCP, LCPB: p.B.LCP, FCPA: p.A.FCP, FCPB: p.B.FCP, LoadA: p.A.Load, LoadB: p.B.Load,
		LCP: cell(p.Ratio.LCP, p.CI90.LCP), FCP: cell(p.Ratio.FCP, p.CI90.FCP), Load: cell(p.Ratio.Load, measure.Interval{}),
		ReqA: p.A.Requests, ReqB: p.B.Requests, KBA: p.A.Bytes / 1024, KBB: p.B.Bytes / 1024,
		DoubleB: p.B.Double, UnusedB: p.B.Unused, WarnB: p.B.Mismatch, Early: "-", Errors: len(p.Errors)}
	if r.Hints == measure.HintsEarly && r.Server.EarlyHints() {
		rw.Early = fmt.Sprintf("%d/%d", p.B.EarlyRuns, p.B.Runs)
	}
	return rw
}

// medianRun returns the run whose LCP is nearest the side's median (the first of equals),
// preferring runs with a trace; -1 when there are none.
func medianRun(runs []measure.Metrics, med float64) int {
	best := -1
	for i, m := range runs {
		if best < 0 || (m.Trace != nil) != (runs[best].Trace != nil) && m.Trace != nil ||
			(m.Trace != nil) == (runs[best].Trace != nil) && math.Abs(m.LCP-med) < math.Abs(runs[best].LCP-med) {
			best = i
		}
	}
	return best
}

// timeEnd is the last moment the picture of runs[i] must show: its last paint, load or
// request's end, or its last frame.
func timeEnd(runs []measure.Metrics, i int) float64 {
	if i < 0 {
		return 0
	}
	m := runs[i]
	e := max(m.FCP, m.LCP, m.Load)
	if m.Trace != nil {
		for _, f := range m.Trace.Fetches {
			e = max(e, f.End)
		}
		for _, f := range m.Trace.Frames {
			e = max(e, f.At)
		}
	}
	return e
}

// sideView is one side of a page's file.
type sideView struct {
	Name, Label, Dir string
	Run, Runs        int
	M                *measure.Metrics
	LCPElement       string
	Frames           []frameView
	Waterfall        *waterfall
}

type frameView struct {
	Src   template.URL
	At    string
	Class string // "fcp" or "lcp": the first frame at or after that paint
	Alt   string
}

func sideOf(name, label, dir string, i int, runs []measure.Metrics, end float64) sideView {
	s := sideView{Name: name, Label: label, Dir: dir, Run: i + 1, Runs: len(runs)}
	if i < 0 {
		return s
	}
	m := &runs[i]
	s.M = m
	if m.LCPURL != "" {
		s.LCPElement = sitePathOf(m.LCPURL)
	}
	tr := m.Trace
	if tr == nil {
		return s
	}
	if tr.LCPElement != "" {
		s.LCPElement = tr.LCPElement
		if tr.LCPDetail != "" {
			s.LCPElement += ": " + tr.LCPDetail
		}
	}
	fcp, lcp := paintFrame(tr.Frames, m.FCP), paintFrame(tr.Frames, m.LCP)
	for i, f := range tr.Frames {
		fv := frameView{Src: template.URL("data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(f.JPEG)),
			At: fmt.Sprintf("%.0f ms", f.At), Alt: fmt.Sprintf("%s at %.0f ms", name, f.At)}
		switch i {
		case lcp:
			fv.Class = "lcp"
			if lcp == fcp {
				fv.At += " · FCP"
			}
			fv.At += " · LCP"
		case fcp:
			fv.Class = "fcp"
			fv.At += " · FCP"
		}
		s.Frames = append(s.Frames, fv)
	}
	s.Waterfall = drawWaterfall(m, end)
	return s
}

// frameLead is how far a screencast frame's stamp may trail the paint it shows: the paint
// timings are taken when a frame is presented, the screencast's stamp when Chromium swaps
// it; on a busy machine the two drift apart by tens of milliseconds either way.
const frameLead = 100

// paintFrame returns the index of the frame that shows the screen as it was at t: the
// last stamped no later than t + frameLead; -1 when none is or t is 0.
func paintFrame(frames []measure.Frame, t float64) int {
	if t <= 0 {
		return -1
	}
	at := -1
	for i, f := range frames {
		if f.At <= t+frameLead {
			at = i
		}
	}
	return at
}

// sitePathOf reduces a URL to its path for people.
func sitePathOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Path == "" {
		return u
	}
	if p.RawQuery != "" {
		return p.Path + "?" + p.RawQuery
	}
	return p.Path
}

// kindOf maps Chromium's resource type to the reports' kinds.
func kindOf(typ string) string {
	switch typ {
	case "Document":
		return "document"
	case "Stylesheet":
		return "style"
	case "Script":
		return "script"
	case "Font":
		return "font"
	case "Image", "Media":
		return "image"
	}
	return "other"
}

// waterfall is one side's drawing, in user units (pixels).
type waterfall struct {
	W, H       int
	Ticks      []tick
	Rows       []wfRow
	Lines      []vline
	More       int // requests not drawn
	MoreY      int
	AxisY, Top int
	LineEnd    int // where the paint lines end; their labels go below
}

type tick struct {
	X     float64
	Label string
}

type wfRow struct {
	Y, TextY       int
	Label, Tip     string
	Colour         string
	WaitX, WaitW   float64 // request sent to first byte
	RecvX, RecvW   float64 // first byte to last
	Open           bool    // never finished: the bar runs to the edge, dashed
	Marks          string  // "103", "preload", "cache", "failed", joined
	MarkX          float64
	Early, Preload bool
}

type vline struct {
	X          float64
	Label, Col string
	Dash       string
	LabelY     int
}

const (
	wfW, wfLabelW, wfRight = 640, 190, 70
	wfRowH, wfTop          = 17, 30
	wfMaxRows              = 80
)

// scaleEnd returns a round end for the time axis at or above t, and the tick step.
func scaleEnd(t float64) (end, step float64) {
	for _, s := range []float64{50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 30000, 60000} {
		if t/s <= 8 {
			return math.Ceil(t/s) * s, s
		}
	}
	return math.Ceil(t/60000) * 60000, 60000
}

func drawWaterfall(m *measure.Metrics, end float64) *waterfall {
	tr := m.Trace
	end, step := scaleEnd(math.Max(end, 1))
	barW := float64(wfW - wfLabelW - wfRight)
	x := func(t float64) float64 { return float64(wfLabelW) + math.Max(0, math.Min(t, end))/end*barW }
	w := &waterfall{W: wfW, Top: wfTop, AxisY: wfTop - 8}
	for t := 0.0; t <= end+0.5; t += step {
		label := fmt.Sprintf("%.0f ms", t)
		if end >= 2000 {
			label = fmt.Sprintf("%g s", t/1000)
		}
		w.Ticks = append(w.Ticks, tick{X: x(t), Label: label})
	}
	y := wfTop
	for i, f := range tr.Fetches {
		if i == wfMaxRows {
			w.More = len(tr.Fetches) - i
			break
		}
		kind := kindOf(f.Type)
		rw := wfRow{Y: y, TextY: y + 12, Label: shorten(sitePathOf(f.URL), 30), Colour: kindColour(kind), Early: f.Early, Preload: f.Preloaded}
		first, last := f.FirstByte, f.End
		if last <= 0 {
			last, rw.Open = end, true
		}
		if first <= 0 || first > last {
			first = f.Start
		}
		rw.WaitX, rw.WaitW = x(f.Start), math.Max(x(first)-x(f.Start), 0)
		rw.RecvX, rw.RecvW = x(first), math.Max(x(last)-x(first), 1.5)
		var marks []string
		if f.Early {
			marks = append(marks, "103")
		}
		if f.Preloaded {
			marks = append(marks, "preload")
		}
		if f.Cached {
			marks = append(marks, "cache")
		}
		if f.Failed || f.Status >= 400 {
			marks = append(marks, "failed")
		}
		rw.Marks, rw.MarkX = strings.Join(marks, " "), x(last)+4
		status := ""
		if f.Status > 0 {
			status = fmt.Sprintf(", HTTP %d", f.Status)
		}
		rw.Tip = fmt.Sprintf("%s\n%s (%s%s), priority %s\nasked %.0f ms, first byte %.0f ms, done %.0f ms, %s", f.URL, kind, f.Type, status, f.Priority, f.Start, f.FirstByte, f.End, HumanBytes(f.Bytes))
		if len(marks) > 0 {
			rw.Tip += "\n" + rw.Marks
		}
		if f.Early {
			rw.Tip += "\nthe 103's fetch began before the page existed: the bar starts when the page asked for it"
		}
		w.Rows = append(w.Rows, rw)
		y += wfRowH
	}
	if w.More > 0 {
		w.MoreY = y + 12
		y += wfRowH
	}
	w.LineEnd = y + 2
	w.H = y + 6
	for _, l := range []struct {
		t         float64
		name, col string
		dash      string
	}{{m.FCP, "FCP", "#1565c0", ""}, {m.LCP, "LCP", "#c2185b", ""}, {m.Load, "load", "#555", "4 3"}} {
		if l.t > 0 {
			w.Lines = append(w.Lines, vline{X: x(l.t), Label: fmt.Sprintf("%s %.0f", l.name, l.t), Col: l.col, Dash: l.dash})
		}
	}
	// Labels of lines close together go on separate heights.
	for i := range w.Lines {
		w.Lines[i].LabelY = w.H + 12
		for j := 0; j < i; j++ {
			if math.Abs(w.Lines[i].X-w.Lines[j].X) < 60 && w.Lines[j].LabelY >= w.Lines[i].LabelY {
				w.Lines[i].LabelY = w.Lines[j].LabelY + 12
			}
		}
	}
	w.H += 12 * (len(w.Lines) + 1)
	return w
}
