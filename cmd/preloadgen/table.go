package main

// The text report of analyze aligns its resource and hint lists in columns. On a site of
// 10,000 pages text/tabwriter, which reads every byte through its state machine, and the
// fmt calls that fed it took a tenth of the run's CPU on the goroutine that hands the pages
// on, so the report lays its tables out itself, to the same bytes.

import (
	"bufio"
	"text/tabwriter"
	"unicode/utf8"
)

// tablePadding is the space between two columns.
const tablePadding = 2

// table holds the rows of one aligned table and writes them as a text/tabwriter.Writer
// made with NewWriter(w, 0, 0, tablePadding, ' ', 0) writes rows whose cells are ended by
// tabs, but the last: each column is as wide as its widest cell in runes, plus the
// padding, and a row's last cell is not padded. A table whose cells hold a byte that
// tabwriter reads as markup (tab, newline, vertical tab, form feed, its escape byte
// 0xff) is written by tabwriter itself. A table is reused from one page to the next.
type table struct {
	cols   int
	indent string   // written before each row, as part of its first cell
	cells  []string // the rows, one after the other
	width  []int    // each cell's width in runes
	markup bool     // a cell holds a byte tabwriter reads as markup
}

// reset empties the table for rows of cols cells, each row written after indent.
func (t *table) reset(cols int, indent string) {
	t.cols, t.indent = cols, indent
	t.cells = t.cells[:0]
	t.width = t.width[:0]
	t.markup = false
}

// row adds a row of t.cols cells.
func (t *table) row(cells ...string) {
	for j, c := range cells {
		t.cells = append(t.cells, c)
		n := cellWidth(c)
		if j == 0 {
			n += cellWidth(t.indent) // the indent is spaces: no rune spans the two
		}
		t.width = append(t.width, n)
		if !t.markup && hasTabMarkup(c) {
			t.markup = true
		}
	}
}

// cellWidth is a cell's width as tabwriter counts it: its runes, each byte of invalid
// UTF-8 one.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return utf8.RuneCountInString(s)
		}
	}
	return len(s)
}

// hasTabMarkup reports whether s holds a byte that text/tabwriter does not copy as text.
func hasTabMarkup(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\v', '\f', tabwriter.Escape:
			return true
		}
	}
	return false
}

const spaces = "                                                                "

// write writes the table's rows to w.
func (t *table) write(w *bufio.Writer) {
	if t.cols == 0 || len(t.cells) == 0 {
		return
	}
	if t.markup {
		tw := tabwriter.NewWriter(w, 0, 0, tablePadding, ' ', 0)
		for i, c := range t.cells {
			if i%t.cols == 0 {
				tw.Write([]byte(t.indent))
			}
			tw.Write([]byte(c))
			if i%t.cols == t.cols-1 {
				tw.Write([]byte{'\n'})
			} else {
				tw.Write([]byte{'\t'})
			}
		}
		tw.Flush()
		return
	}
	var colWidth [8]int
	cw := colWidth[:0]
	if t.cols-1 > len(colWidth) {
		cw = make([]int, 0, t.cols-1)
	}
	for j := 0; j < t.cols-1; j++ {
		m := 0
		for i := j; i < len(t.width); i += t.cols {
			m = max(m, t.width[i])
		}
		cw = append(cw, m+tablePadding)
	}
	for i, c := range t.cells {
		j := i % t.cols
		if j == 0 {
			w.WriteString(t.indent)
		}
		w.WriteString(c)
		if j == t.cols-1 {
			w.WriteByte('\n')
			continue
		}
		for pad := cw[j] - t.width[i]; pad > 0; {
			n := min(pad, len(spaces))
			w.WriteString(spaces[:n])
			pad -= n
		}
	}
}
