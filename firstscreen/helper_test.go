package firstscreen

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// memSite is a Site over a map of files.
type memSite map[string][]byte

func (m memSite) Stat(p string) (int64, bool) {
	b, ok := m[p]
	return int64(len(b)), ok
}

func (m memSite) ImageSize(p string) (int, int, bool) {
	b, ok := m[p]
	if !ok {
		return 0, 0, false
	}
	return DecodeImageSize(bytes.NewReader(b))
}

// resolveIn resolves raw, named by the file at site path from ("" for the page at
// site path page), to a site path: site-absolute and relative paths, query and
// fragment dropped; other origins and data: URLs do not resolve.
func resolveIn(page string) func(from, raw string) (string, bool) {
	return func(from, raw string) (string, bool) {
		raw = strings.TrimSpace(raw)
		if raw == "" || strings.Contains(raw, ":") || strings.HasPrefix(raw, "//") {
			return "", false
		}
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			raw = raw[:i]
		}
		if from == "" {
			from = page
		}
		if !strings.HasPrefix(raw, "/") {
			raw = path.Dir(from) + "/" + raw
		}
		return path.Clean(raw), true
	}
}

// testPage reads page from site as graph hands it to Estimate: its stylesheets (the
// <link rel=stylesheet> of the page, their @imports, and its <style> elements) indexed
// in one rule set, and their @font-face rules with the file each takes.
func testPage(t testing.TB, site memSite, page string) *Page {
	t.Helper()
	return testPageParsed(t, site, page, parse.ParseHTMLFull)
}

// testPageParsed is testPage with the page read by parseHTML.
func testPageParsed(t testing.TB, site memSite, page string, parseHTML func([]byte) (*parse.Document, error)) *Page {
	t.Helper()
	doc, err := parseHTML(site[page])
	if err != nil {
		t.Fatal(err)
	}
	resolve := resolveIn(page)
	var sheets []style.Sheet
	seen := map[string]bool{}
	var visit func(p string, sh *parse.Stylesheet, depth int)
	visit = func(p string, sh *parse.Stylesheet, depth int) {
		for _, imp := range sh.Imports {
			if ip, ok := resolve(p, imp.URL); ok && !seen[ip] {
				seen[ip] = true
				visit(ip, parse.ParseCSS(site[ip]), depth+1)
			}
		}
		sheets = append(sheets, style.Sheet{Path: p, Sheet: sh, Depth: depth})
	}
	for _, ref := range doc.Refs {
		switch ref.Kind {
		case parse.RefStylesheet:
			if p, ok := resolve("", ref.URL); ok && !seen[p] {
				seen[p] = true
				visit(p, parse.ParseCSS(site[p]), 1)
			}
		case parse.RefInlineStyle:
			visit("", parse.ParseCSS([]byte(ref.Text)), 0)
		}
	}
	var faces []Face
	for _, sh := range sheets {
		for _, ff := range sh.Sheet.FontFaces {
			if len(ff.Src) == 0 {
				continue
			}
			if p, ok := resolve(sh.Path, ff.Src[0].URL); ok {
				faces = append(faces, Face{FontFace: ff, URL: p})
			}
		}
	}
	return &Page{Doc: doc, Rules: style.NewCache().RuleSet(sheets), Faces: faces, Site: site, Resolve: resolve}
}

// newTestEstimator reads page from site and runs the cascade on it, as Estimate does.
func newTestEstimator(t *testing.T, site memSite, page string) *estimator {
	t.Helper()
	a := newEstimator(testPage(t, site, page))
	a.matchStyles()
	return a
}

// estimateFiles makes the estimate of /index.html in a site of files.
func estimateFiles(t *testing.T, files map[string]string) Result {
	t.Helper()
	site := memSite{}
	for p, b := range files {
		site[p] = []byte(b)
	}
	return Estimate(testPage(t, site, "/index.html"))
}

// view is what a Guess names, as a report gives it: the kind, the image's or
// background's file, the element (parse.Describe) and a text guess's text.
type view struct {
	Kind    Kind
	URL     string
	Element string
	Text    string // white space collapsed
	Unsure  string
}

// guessView makes the estimate of /index.html in a site of files and returns what its
// guess names; it fails the test when there is no guess.
func guessView(t *testing.T, files map[string]string) view {
	t.Helper()
	g := estimateFiles(t, files).Guess
	v := view{Kind: g.Kind, Element: parse.Describe(g.Node), Unsure: g.Unsure}
	switch g.Kind {
	case KindNone:
		t.Fatal("no LCP guess")
	case KindImage:
		v.URL = g.Image.URL
		if g.Image.Picture != nil {
			v.Element = parse.Describe(g.Image.Picture)
		}
	case KindBackground:
		v.URL = g.Background.URL
	case KindText:
		v.Text = strings.Join(strings.Fields(parse.Text(g.Node)), " ")
	}
	return v
}

// addWords adds s to b's text in a run of its own (addRun).
func (b *textBlock) addWords(s string, size, pSize float64, bold, mono bool) {
	b.addRun(new(textRun), s, size, pSize, bold, mono)
}

// numberedElem is an element of a page and its number (positions).
type numberedElem struct {
	n *html.Node
	i int
}

// numberedElems returns the numbered elements of a's page in document order, each with
// its number, as the walks over numbers see them (what the numbering skips is not there).
func numberedElems(a *estimator) []numberedElem {
	var out []numberedElem
	var walk func(n *html.Node, first int)
	walk = func(n *html.Node, first int) {
		next := first
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || skipped(c) {
				continue
			}
			i := next
			next = a.fonts.ends[i] + 1
			out = append(out, numberedElem{c, i})
			walk(c, i+1)
		}
	}
	walk(a.doc.Root, 1)
	return out
}

// corpusSite is a site of the corpus (corpus/site/*) held in memory, with its pages' paths.
type corpusSite struct {
	site  memSite
	pages []string
}

// corpusSites reads every site of the corpus into memory.
func corpusSites(t testing.TB) []corpusSite {
	t.Helper()
	dirs, _ := filepath.Glob("../corpus/site/*")
	var out []corpusSite
	for _, dir := range dirs {
		c := corpusSite{site: memSite{}}
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sp := "/" + filepath.ToSlash(rel)
			c.site[sp] = b
			if strings.HasSuffix(sp, ".html") {
				c.pages = append(c.pages, sp)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("reading %s: %v", dir, err)
		}
		out = append(out, c)
	}
	return out
}
