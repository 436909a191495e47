// What both reports share: how a page's file is named, how a file is written, and the style
// sheet inlined into every page.

package report

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/preloadgen/preloadgen/internal/atomicfile"
)

//go:embed style.css
var styleCSS string

// IndexFile is the report's entry point in its directory.
const IndexFile = "index.html"

// PageFile returns the name of the file, in a report's directory, that holds the page at
// site path p: the path's letters, digits, '_' and '-' (others become '-', at most 60
// bytes), then eight hex digits of the path's SHA-256: "posts-hello-index-html-1a2b3c4d.html".
func PageFile(p string) string {
	var b strings.Builder
	dash := true // no leading dash
	for i := 0; i < len(p) && b.Len() < 60; i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_':
			b.WriteByte(c)
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	slug := strings.TrimSuffix(b.String(), "-")
	if slug == "" {
		slug = "page"
	}
	sum := sha256.Sum256([]byte(p))
	return slug + "-" + hex.EncodeToString(sum[:4]) + ".html"
}

// writeFile renders tmpl with data into dir/name, atomically.
func writeFile(dir, name string, tmpl *template.Template, data any) error {
	return atomicfile.WriteFrom(filepath.Join(dir, name), func(w io.Writer) error {
		return tmpl.Execute(w, data)
	}, 0o644)
}

// makeDir creates a report's directory.
func makeDir(dir string) error {
	if dir == "" {
		return fmt.Errorf("report: no directory given")
	}
	return os.MkdirAll(dir, 0o755)
}

// funcs are the template functions both reports use.
var funcs = template.FuncMap{
	"style": func() template.CSS { return template.CSS(styleCSS) },
	"bytes": HumanBytes,
	"ms":    func(v float64) string { return fmt.Sprintf("%.0f", v) },
	"ratio": fmtRatio,
}

// HumanBytes writes a size for people: 812 B, 2.0 KiB, 1.3 MiB.
func HumanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

func fmtRatio(x float64) string {
	if x <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("x%.2f", x)
}

// shorten cuts s to at most n runes, keeping its end (the file name is the telling part of
// a path) behind an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return "…" + string(r[len(r)-(n-1):])
}

// kindColour is the colour of a resource kind, the same in both reports.
func kindColour(kind string) string {
	switch kind {
	case "document":
		return "#3b6db3"
	case "style":
		return "#8e44ad"
	case "script", "module":
		return "#d49a00"
	case "font":
		return "#c0392b"
	case "image":
		return "#23965a"
	}
	return "#7f8c8d"
}

// kinds lists the kinds in legend order.
var kinds = []string{"document", "style", "script", "font", "image", "other"}
