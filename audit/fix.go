// Repairs. A repair is a few edits of the page's bytes (remove a tag, remove or replace an
// attribute, insert one), spliced at the offsets scanTags found: every other byte of the
// page stays as it was, and the page is never parsed and written out again. Only findings
// whose edits are safe carry them (Finding.Fixable); after the edits those findings no
// longer apply, so a second run finds nothing to repair.

package audit

import (
	"context"
	"fmt"
	"sort"

	"github.com/preloadgen/preloadgen/graph"
)

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// applyEdits returns src with the edits applied (src itself when there are none). An edit
// that overlaps an earlier one is skipped.
func applyEdits(src []byte, edits []edit) []byte {
	if len(edits) == 0 {
		return src
	}
	es := append([]edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].start < es[j].start })
	out := make([]byte, 0, len(src)+64)
	last := 0
	for _, e := range es {
		if e.start < last || e.start < 0 || e.end < e.start || e.end > len(src) {
			continue
		}
		out = append(out, src[last:e.start]...)
		out = append(out, e.text...)
		last = e.end
	}
	return append(out, src[last:]...)
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// removeTag removes tag t: its whole line when the tag is alone on it, else only its bytes.
func removeTag(src []byte, t *tag) edit {
	s, e := t.Start, t.End
	for s > 0 && isBlank(src[s-1]) {
		s--
	}
	for e < len(src) && isBlank(src[e]) {
		e++
	}
	if s == 0 || src[s-1] == '\n' {
		switch {
		case e == len(src):
			return edit{s, e, ""}
		case src[e] == '\n':
			return edit{s, e + 1, ""}
		case src[e] == '\r' && e+1 < len(src) && src[e+1] == '\n':
			return edit{s, e + 2, ""}
		}
	}
	return edit{t.Start, t.End, ""}
}

// removeAttr removes attribute a, with the whitespace before it when what follows keeps
// the next attribute apart. Where the next attribute's name starts with '=' (which would
// then read as the value of the one before), it returns an invalid edit: no repair.
func removeAttr(src []byte, a tagAttr) edit {
	n := a.End
	for n < len(src) && isWS(src[n]) {
		n++
	}
	if n < len(src) && src[n] == '=' {
		return edit{-1, -1, ""}
	}
	s := a.Key.Start
	if a.End < len(src) && (isWS(src[a.End]) || src[a.End] == '>') {
		for s > 0 && isWS(src[s-1]) {
			s--
		}
	}
	return edit{s, a.End, ""}
}

// replaceAttr replaces attribute a (name and value) with text.
func replaceAttr(t *tag, a tagAttr, text string) edit {
	return edit{a.Key.Start, a.End, text}
}

// insertAttr adds text as a new attribute after t's last one.
func insertAttr(t *tag, text string) edit {
	return edit{t.AttrEnd, t.AttrEnd, " " + text}
}

func setFetchPriorityHigh(t *tag) edit {
	if fp, ok := t.attr("fetchpriority"); ok {
		return replaceAttr(t, fp, `fetchpriority="high"`)
	}
	return insertAttr(t, `fetchpriority="high"`)
}

// Change is one repair made to a page.
type Change struct {
	Rule    string `json:"rule"`
	Line    int    `json:"line"` // where the tag was
	Col     int    `json:"col"`
	Element string `json:"element"` // the tag before the repair
	Did     string `json:"did"`     // what the repair did
}

func (c Change) String() string {
	return fmt.Sprintf("%d:%d: %s: %s: %s", c.Line, c.Col, c.Rule, c.Did, c.Element)
}

// Repair is the outcome of Fix on one page.
type Repair struct {
	Src     []byte      // the repaired page; the given bytes when nothing changed
	Page    *graph.Page // the analysis of Src; the given page when nothing changed
	Changes []Change
}

// Fix applies the repairs of the page's fixable findings (those of rules not turned off)
// and analyses the repaired page again, so that the hints written next to the repairs are
// the ones a second run computes.
func (a *Auditor) Fix(ctx context.Context, p *graph.Page, src []byte) (*Repair, error) {
	fs, err := a.Page(ctx, p, src)
	if err != nil {
		return nil, err
	}
	var edits []edit
	var changes []Change
	for _, f := range fs {
		if !f.Fixable {
			continue
		}
		edits = append(edits, f.edits...)
		changes = append(changes, Change{Rule: f.Rule, Line: f.Line, Col: f.Col, Element: f.Element, Did: f.Fix})
	}
	out := applyEdits(src, edits)
	if string(out) == string(src) {
		return &Repair{Src: src, Page: p}, nil
	}
	q, err := graph.Analyze(ctx, a.site, p.Path, out, a.gopt)
	if err != nil {
		return nil, fmt.Errorf("%s: after the repairs: %w", p.Path, err)
	}
	return &Repair{Src: out, Page: q, Changes: changes}, nil
}
