package firstscreen

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// BenchmarkCascadeRealSite runs the cascade over a sample of a real documentation
// site's pages in turn (five hundred at most, spread over the site, in path order), as one worker of a run does:
// each round starts from new rule sets (and so new memos), the pages' DOMs parsed
// before. A site that is not installed (scripts/realsites.sh installs them) is skipped.
//
//	go test -run '^$' -bench CascadeRealSite ./firstscreen
func BenchmarkCascadeRealSite(b *testing.B) {
	realSiteRounds(b, false, func(p *Page) {
		a := newEstimator(p)
		a.matchStyles()
	})
}

// realSiteRounds runs each round of a benchmark over the pages of a sample of each real
// site (realSitePages), in turn, as one worker of a run does: each round starts from new
// rule sets (and so new memos), the pages' DOMs parsed before. resolve says whether the
// pages resolve their URLs to site paths (resolveIn) or to nothing. Each site reports
// the CPU time of a round (cpu-ns/op), which a busy machine's wall time does not tell.
func realSiteRounds(b *testing.B, resolve bool, page func(*Page)) {
	for _, x := range []struct{ name, root string }{
		{"sphinx-classic", "/usr/share/doc/python3-doc/html"},
		{"sphinx-pydata", "/usr/share/doc/python-scipy-doc/html"},
	} {
		b.Run(x.name, func(b *testing.B) {
			pages := realSitePages(b, x.root)
			b.ResetTimer()
			cpu := cpuTime()
			for range b.N {
				b.StopTimer()
				cache := style.NewCache()
				ps := make([]*Page, len(pages))
				for i, pg := range pages {
					ps[i] = &Page{Doc: pg.doc, Rules: cache.RuleSet(pg.sheets), Site: memSite{}, Resolve: func(string, string) (string, bool) { return "", false }}
					if resolve {
						ps[i].Resolve = resolveIn(pg.path)
					}
				}
				b.StartTimer()
				for _, p := range ps {
					page(p)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the CPU time the process has taken (user and system), in nanoseconds: the
// machine a benchmark runs on may be busy with other work, which its wall time counts.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// sitePage is a page of a real site's sample (realSitePages): its DOM and its
// stylesheets, in the order the cascade takes them.
type sitePage struct {
	doc    *parse.Document
	sheets []style.Sheet
	path   string // site path
}

// realSitePages reads a sample of the real documentation site at root: five hundred
// pages at most, spread over the site, in path order, each parsed whole, with the
// stylesheets it links (and what they import) and its inline styles. A site that is not
// installed (scripts/realsites.sh installs them) is skipped.
func realSitePages(b testing.TB, root string) []sitePage {
	root, err := filepath.EvalSymlinks(root)
	if err != nil {
		b.Skipf("the site is not installed: %v", err)
	}
	var names []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".html" {
			names = append(names, p)
		}
		return nil
	})
	slices.Sort(names)
	sheets, inline := map[string]*parse.Stylesheet{}, map[string]*parse.Stylesheet{}
	var pages []sitePage
	step := max(1, len(names)/500)
	for i := 0; i < len(names) && len(pages) < 500; i += step {
		data, err := os.ReadFile(names[i])
		if err != nil {
			b.Fatal(err)
		}
		doc, err := parse.ParseHTMLFull(data)
		if err != nil {
			b.Fatal(err)
		}
		rel, _ := filepath.Rel(root, names[i])
		path := "/" + filepath.ToSlash(rel)
		resolve := resolveIn(path)
		var ss []style.Sheet
		var visit func(p string, depth int)
		visit = func(p string, depth int) {
			sh := sheets[p]
			if sh == nil {
				css, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
				if err != nil {
					return
				}
				sh = parse.ParseCSS(css)
				sheets[p] = sh
			}
			for _, imp := range sh.Imports {
				if ip, ok := resolve(p, imp.URL); ok {
					visit(ip, depth+1)
				}
			}
			ss = append(ss, style.Sheet{Path: p, Sheet: sh, Depth: depth})
		}
		for _, ref := range doc.Refs {
			switch ref.Kind {
			case parse.RefStylesheet:
				if p, ok := resolve("", ref.URL); ok {
					visit(p, 1)
				}
			case parse.RefInlineStyle:
				// one parse per text, as a run's style.Cache keeps them
				sh := inline[ref.Text]
				if sh == nil {
					sh = parse.ParseCSS([]byte(ref.Text))
					inline[ref.Text] = sh
				}
				ss = append(ss, style.Sheet{Sheet: sh})
			}
		}
		pages = append(pages, sitePage{doc, ss, path})
	}
	return pages
}
