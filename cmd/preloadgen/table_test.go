package main

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"text/tabwriter"
)

// viaTabwriter lays rows out the way the report did before table: each row's cells joined
// by tabs, after indent, through a text/tabwriter.Writer.
func viaTabwriter(indent string, rows [][]string) string {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 0, tablePadding, ' ', 0)
	for _, r := range rows {
		tw.Write([]byte(indent + strings.Join(r, "\t") + "\n"))
	}
	tw.Flush()
	return b.String()
}

func viaTable(indent string, rows [][]string) string {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	var t table
	t.reset(len(rows[0]), "x") // a reused table starts clean
	t.row(make([]string, len(rows[0]))...)
	t.reset(len(rows[0]), indent)
	for _, r := range rows {
		t.row(r...)
	}
	t.write(w)
	w.Flush()
	return b.String()
}

var tableTests = []struct {
	name string
	rows [][]string
}{
	{"header only", [][]string{{"RESOURCE", "KIND", "DEPTH", "NEEDED", "BYTES", "WHY"}}},
	{"resources", [][]string{
		{"RESOURCE", "KIND", "DEPTH", "NEEDED", "BYTES", "WHY"},
		{"/css/site.css", "style", "1", "yes", "12.3 KiB", "render-blocking stylesheet"},
		{"/fonts/inter-latin-400-normal.woff2", "font", "2", "no", "missing", ""},
		{"/a.js", "script", "-", "no", "0 B", "async/defer script: does not block rendering"},
	}},
	{"empty cells and columns", [][]string{
		{"1.", "/a.css", "preload as=style", "html+header", "", "x"},
		{"2.", "/b.css", "", "", "", ""},
		{"", "", "", "", "", ""},
	}},
	{"wide runes count once", [][]string{
		{"/страница.css", "style", "1"},
		{"/ü.png", "image", "2"},
		{"/日本語/画像.png", "image", "10"},
	}},
	{"invalid UTF-8 counts per byte", [][]string{
		{"/a\x80\x81.css", "style", "1"},
		{"/bb.css", "style", "2"},
		{"/\xe6\x97.css", "x", "y"},
	}},
	{"a long cell", [][]string{
		{strings.Repeat("a", 200), "b", "c"},
		{"d", strings.Repeat("e", 90), "f"},
	}},
	// Bytes tabwriter reads as markup: the table hands the rows to tabwriter.
	{"tab in a cell", [][]string{{"/a\tb.css", "style", "1"}, {"/c.css", "style", "1"}}},
	{"newline in a cell", [][]string{{"/a\nb.css", "style", "1"}, {"/c.css", "style", "1"}}},
	{"vertical tab and form feed", [][]string{{"/a\vb.css", "st\fyle", "1"}, {"/c.css", "style", "1"}}},
	{"tabwriter escape byte", [][]string{{"/a\xffb\xff.css", "style", "1"}, {"/c.css", "style", "1"}}},
}

// A table writes the bytes text/tabwriter writes for the same rows.
func TestTableMatchesTabwriter(t *testing.T) {
	for _, tt := range tableTests {
		for _, indent := range []string{"", "  "} {
			want := viaTabwriter(indent, tt.rows)
			if got := viaTable(indent, tt.rows); got != want {
				t.Errorf("%s, indent %q:\n got %q\nwant %q", tt.name, indent, got, want)
			}
		}
	}
}

func FuzzTableMatchesTabwriter(f *testing.F) {
	for _, tt := range tableTests {
		var cells []string
		for _, r := range tt.rows {
			cells = append(cells, r...)
		}
		f.Add(strings.Join(cells, "\x00"), uint8(len(tt.rows[0])))
	}
	f.Fuzz(func(t *testing.T, joined string, cols uint8) {
		n := int(cols%8) + 1
		cells := strings.Split(joined, "\x00")
		for len(cells)%n != 0 {
			cells = append(cells, "")
		}
		var rows [][]string
		for i := 0; i < len(cells); i += n {
			rows = append(rows, cells[i:i+n])
		}
		for _, indent := range []string{"", "  "} {
			want := viaTabwriter(indent, rows)
			if got := viaTable(indent, rows); got != want {
				t.Errorf("%d columns, indent %q, rows %q:\n got %q\nwant %q", n, indent, rows, got, want)
			}
		}
	})
}
