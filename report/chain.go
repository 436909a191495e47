// The analysis report: each page's critical chain as a static SVG (one column per discovery
// wave, an edge from each resource to the one that names it), and tables of the hints with
// their reasons and of what a budget left out. Chains is fed the pages one at a time, in the
// order an analysis streams them, and writes each page's file at once.

package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"path"
	"strings"

	"github.com/preloadgen/preloadgen/graph"
)

//go:embed chain.tmpl
var chainTmpl string

var chainTemplates = template.Must(template.New("chain").Funcs(funcs).Parse(chainTmpl))

// ChainOptions configure an analysis report.
type ChainOptions struct {
	Dir   string // the report's directory; created if missing
	Title string // what was analysed, shown on every page (e.g. the site directory's name)
}

// Chains writes an analysis report: one file per page (PageFile) as pages are added, and
// IndexFile, listing them, on Close.
type Chains struct {
	o     ChainOptions
	pages []chainEntry
}

// chainEntry is a page's row in the index.
type chainEntry struct {
	Path, File, LCP       string
	Waves, Hints, LeftOut int
	SavedRTT              int
	Saving                graph.Saving
}

// NewChains starts an analysis report in o.Dir.
func NewChains(o ChainOptions) (*Chains, error) {
	if err := makeDir(o.Dir); err != nil {
		return nil, err
	}
	return &Chains{o: o}, nil
}

// Add writes the page's file.
func (c *Chains) Add(p *graph.Page) error {
	v := chainView(p)
	v.Title = c.o.Title
	file := PageFile(p.Path)
	if err := writeFile(c.o.Dir, file, chainTemplates.Lookup("page"), v); err != nil {
		return err
	}
	c.pages = append(c.pages, chainEntry{Path: p.Path, File: file, LCP: v.LCP, Waves: v.Waves,
		Hints: len(v.Hints), LeftOut: len(v.LeftOut), SavedRTT: p.SavedRTT, Saving: p.Saving})
	return nil
}

// Close writes the index.
func (c *Chains) Close() error {
	return writeFile(c.o.Dir, IndexFile, chainTemplates.Lookup("index"), struct {
		Title string
		Pages []chainEntry
	}{c.o.Title, c.pages})
}

// chainPage is what a page's file shows.
type chainPage struct {
	Title, Path string
	LCP         string // the guess in words
	LCPNote     string // how sure, how chosen
	Waves       int    // the deepest wave of what the first render needs
	SavedRTT    int
	Saving      string // what the hints save the LCP, in milliseconds (savingText)
	SVG         chainSVG
	Hints       []hintRow
	LeftOut     []resRow // needed, not hinted: a budget's reason
	Unhinted    []resRow // needed, not hinted, no budget involved (depth 1, missing, ...)
	NotNeeded   []resRow
	External    []string
	Notes       []graph.Note
	Legend      []legendItem
}

type hintRow struct {
	N                 int
	URL, Attrs, Where string
	Depth             int
	Bytes             int64
	SavedRTT          int
	Reason            string
}

type resRow struct {
	URL, Kind, Why, Budget string
	Depth                  string
	Bytes                  int64
	Missing                bool
}

type legendItem struct{ Colour, Stroke, Label string }

// chainSVG is the drawing, laid out in user units (pixels).
type chainSVG struct {
	W, H  int
	Waves []waveLabel
	Boxes []box
	Edges []string // path data
}

type waveLabel struct {
	X     int
	Label string
}

type box struct {
	X, Y, W, H         int
	Fill, Stroke, Dash string
	StrokeW            string
	Kind               string // the kind's colour, a strip on the left
	Name, Sub, Tip     string
	TextX, NameY, SubY int
}

const (
	colW, boxW, boxH, rowH = 250, 205, 40, 50
	topY, leftX            = 34, 10
	maxRows                = 40 // boxes per wave; the rest are counted in one box
)

// Status colours of the boxes.
const (
	fillHinted, strokeHinted = "#e6f4ea", "#2e7d32"
	fillLeft, strokeLeft     = "#fff1e0", "#e65100"
	fillNeeded, strokeNeeded = "#f4f4f4", "#8a8a8a"
	fillPage, strokePage     = "#e8eef8", "#3b6db3"
	notHintedMark            = " (not hinted: "
)

// leftOutBy splits a resource's Why into why it is needed and the budget that left it out
// (graph/rank.go appends " (not hinted: BUDGET)"); budget is "" when none did.
func leftOutBy(why string) (need, budget string) {
	i := strings.LastIndex(why, notHintedMark)
	if i < 0 || !strings.HasSuffix(why, ")") {
		return why, ""
	}
	return why[:i], why[i+len(notHintedMark) : len(why)-1]
}

func chainView(p *graph.Page) chainPage {
	v := chainPage{Path: p.Path, SavedRTT: p.SavedRTT, Saving: savingText(p.Saving), External: p.External, Notes: p.Notes}
	if l := p.LCP; l != nil {
		switch l.Kind {
		case graph.LCPText:
			v.LCP = fmt.Sprintf("text %s %q", l.Element, l.Text)
			if l.Font != "" {
				v.LCP += " in " + l.Font
			}
		default:
			v.LCP = fmt.Sprintf("%s %s (%s)", l.Kind, l.URL, l.Element)
		}
		var notes []string
		if l.Marked != "" {
			notes = append(notes, l.Marked)
		}
		if l.Unsure != "" {
			notes = append(notes, "unsure: "+l.Unsure)
		}
		switch {
		case l.Media != "" && l.Phone != nil:
			notes = append(notes, "raised only at "+l.Media)
		case l.Media != "":
			notes = append(notes, "shown only at "+l.Media)
		}
		if ph := l.Phone; ph != nil {
			what := ph.Element + " " + ph.URL
			if ph.Kind == graph.LCPText {
				what = fmt.Sprintf("%s %q", ph.Element, ph.Text)
			}
			notes = append(notes, "on a phone: "+what)
		}
		if l.Lazy {
			notes = append(notes, "loading=lazy")
		}
		v.LCPNote = strings.Join(notes, "; ")
	}
	hints := map[string]*graph.Hint{}
	for i := range p.Hints {
		h := &p.Hints[i]
		hints[h.URL] = h
		attrs := h.Rel
		if h.As != "" {
			attrs += " as=" + h.As
		}
		if h.FetchPriority != "" {
			attrs += " fetchpriority=" + h.FetchPriority
		}
		if h.Media != "" {
			attrs += " media=" + h.Media
		}
		v.Hints = append(v.Hints, hintRow{N: i + 1, URL: h.URL, Attrs: attrs, Where: where(h), Depth: h.Depth,
			Bytes: h.Bytes, SavedRTT: h.SavedRTT, Reason: h.Reason})
	}
	for _, r := range p.Resources {
		row := resRow{URL: r.URL, Kind: string(r.Kind), Why: r.Why, Depth: depthWord(r.Depth), Bytes: r.Bytes, Missing: r.Missing}
		switch {
		case hints[r.URL] != nil:
		case r.Needed && !r.External:
			row.Why, row.Budget = leftOutBy(r.Why)
			if row.Budget != "" {
				v.LeftOut = append(v.LeftOut, row)
			} else {
				v.Unhinted = append(v.Unhinted, row)
			}
		default:
			v.NotNeeded = append(v.NotNeeded, row)
		}
		if r.Needed && !r.External && r.Depth < graph.DepthPrefetched {
			v.Waves = max(v.Waves, r.Depth)
		}
	}
	v.SVG = drawChain(p, hints)
	v.Legend = []legendItem{
		{fillPage, strokePage, "the page"},
		{fillHinted, strokeHinted, "hinted (tag: a preload in the page, wave 1; 103: a Link header / Early Hint)"},
		{fillLeft, strokeLeft, "needed, left out by a budget"},
		{fillNeeded, strokeNeeded, "needed, not hinted (a wave-1 file the HTML names anyway, or missing)"},
	}
	return v
}

// where says where a hint is written: "tag", "103" or "tag + 103".
func where(h *graph.Hint) string {
	switch {
	case h.HTML && h.Header:
		return "tag + 103"
	case h.HTML:
		return "tag"
	}
	return "103"
}

func depthWord(d int) string {
	if d >= graph.DepthPrefetched {
		return "-"
	}
	return fmt.Sprint(d)
}

// drawChain lays out the page and what it needs or hints, one column per wave.
func drawChain(p *graph.Page, hints map[string]*graph.Hint) chainSVG {
	type placed struct{ col, row int }
	at := map[string]placed{p.Path: {0, 0}}
	var s chainSVG
	rows := []int{0} // boxes per column
	hidden := map[int]int{}
	add := func(col int, b box) int {
		for len(rows) <= col {
			rows = append(rows, 0)
		}
		row := rows[col]
		rows[col]++
		b.X, b.Y, b.W, b.H = leftX+col*colW, topY+row*rowH, boxW, boxH
		b.TextX, b.NameY, b.SubY = b.X+10, b.Y+16, b.Y+32
		if b.StrokeW == "" {
			b.StrokeW = "1.2"
		}
		s.Boxes = append(s.Boxes, b)
		return row
	}
	add(0, box{Fill: fillPage, Stroke: strokePage, Kind: kindColour("document"), Name: shorten(p.Path, 27), Sub: "the page", Tip: p.Path})
	type edge struct{ from, to string }
	var edges []edge
	for _, r := range p.Resources {
		h := hints[r.URL]
		if r.External || r.Depth >= graph.DepthPrefetched || r.Depth < 1 || !r.Needed && h == nil {
			continue
		}
		if len(rows) > r.Depth && rows[r.Depth] >= maxRows {
			hidden[r.Depth]++
			continue
		}
		need, budget := leftOutBy(r.Why)
		b := box{Kind: kindColour(string(r.Kind)), Name: shorten(path.Base(r.URL), 27)}
		sub := []string{string(r.Kind), HumanBytes(r.Bytes)}
		tip := r.URL + "\n" + need
		switch {
		case h != nil:
			b.Fill, b.Stroke = fillHinted, strokeHinted
			sub = append(sub, where(h))
			tip += "\nhinted (" + where(h) + "): " + h.Reason
		case budget != "":
			b.Fill, b.Stroke, b.Dash = fillLeft, strokeLeft, "5 3"
			sub = append(sub, "left out")
			tip += "\nnot hinted: " + budget
		default:
			b.Fill, b.Stroke = fillNeeded, strokeNeeded
		}
		if r.Missing {
			sub[1] = "missing"
		}
		if r.LCP {
			sub = append(sub, "LCP")
			b.StrokeW = "2.6"
		}
		b.Sub, b.Tip = strings.Join(sub, " · "), tip
		row := add(r.Depth, b)
		at[r.URL] = placed{r.Depth, row}
		edges = append(edges, edge{r.Via, r.URL})
	}
	for col := range rows {
		n := hidden[col]
		if n == 0 {
			continue
		}
		add(col, box{Fill: "#fff", Stroke: strokeNeeded, Dash: "2 2", Kind: "#fff", Name: fmt.Sprintf("+%d more", n), Sub: "see the tables below"})
	}
	for _, e := range edges {
		f, ok1 := at[e.from]
		t, ok2 := at[e.to]
		if !ok1 || !ok2 || f.col >= t.col {
			continue
		}
		x1, y1 := leftX+f.col*colW+boxW, topY+f.row*rowH+boxH/2
		x2, y2 := leftX+t.col*colW, topY+t.row*rowH+boxH/2
		mx := (x1 + x2) / 2
		s.Edges = append(s.Edges, fmt.Sprintf("M%d %d C%d %d %d %d %d %d", x1, y1, mx, y1, mx, y2, x2, y2))
	}
	most := 0
	for col, n := range rows {
		most = max(most, n)
		label := "the page"
		switch {
		case col == 1:
			label = "wave 1: named by the HTML"
		case col > 1:
			label = fmt.Sprintf("wave %d: +%d round trip", col, col-1)
			if col > 2 {
				label += "s"
			}
		}
		s.Waves = append(s.Waves, waveLabel{X: leftX + col*colW, Label: label})
	}
	s.W = leftX*2 + (len(rows)-1)*colW + boxW
	s.H = topY + most*rowH
	return s
}

// savingText says what a page's hints save its LCP on the link model of the Early Hints
// (graph.Saving), and what hides it on the slow link, if anything does.
func savingText(s graph.Saving) string {
	if s.ChainMS == 0 && s.SlowMS == 0 && s.FastMS == 0 {
		return "nothing"
	}
	t := fmt.Sprintf("%d ms of round trips off the chain: the LCP %d ms sooner on the slow link, %d ms at %d Mbit/s",
		s.ChainMS, s.SlowMS, s.FastMS, graph.FastRate/1_000_000)
	if s.Hidden() {
		t += fmt.Sprintf("; on the slow link that is hidden behind the %d ms the LCP waits for its bytes", s.WaitsMS)
		if s.ScriptBytes > 0 {
			t += fmt.Sprintf(", %d KB of them %d parser-blocking scripts (audit: blocking-scripts)", (s.ScriptBytes+512)/1024, s.Scripts)
		}
	}
	return t
}
