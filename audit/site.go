package audit

import (
	"io/fs"
	"strings"
	"sync"

	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/parse"
)

// site is the graph.Site the rules judge variants of a page against (the page without
// its hints, the LCP image without loading=lazy). It reads the site's assets through an
// fs.FS and parses each once per Auditor.
type site struct {
	fsys fs.FS

	mu     sync.Mutex
	sheets map[string]*sheetEntry
	mods   map[string]*modEntry
}

type sheetEntry struct {
	once  sync.Once
	sheet *parse.Stylesheet
	err   error
}

type modEntry struct {
	once sync.Once
	mod  *parse.Module
	err  error
}

const maxAssetBytes = 16 << 20

func newSite(fsys fs.FS) *site {
	return &site{fsys: fsys, sheets: map[string]*sheetEntry{}, mods: map[string]*modEntry{}}
}

func fsName(p string) string {
	n := strings.TrimPrefix(p, "/")
	if n == "" {
		return "."
	}
	return n
}

func (s *site) Stat(p string) (int64, bool) {
	st, err := fs.Stat(s.fsys, fsName(p))
	if err != nil || st.IsDir() {
		return 0, false
	}
	return st.Size(), true
}

func (s *site) read(p string) ([]byte, error) {
	st, err := fs.Stat(s.fsys, fsName(p))
	if err != nil {
		return nil, err
	}
	if st.Size() > maxAssetBytes {
		return nil, fs.ErrInvalid
	}
	return fs.ReadFile(s.fsys, fsName(p))
}

func (s *site) Stylesheet(p string) (*parse.Stylesheet, error) {
	s.mu.Lock()
	e := s.sheets[p]
	if e == nil {
		e = &sheetEntry{}
		s.sheets[p] = e
	}
	s.mu.Unlock()
	e.once.Do(func() {
		b, err := s.read(p)
		if err != nil {
			e.err = err
			return
		}
		e.sheet = parse.ParseCSS(b)
	})
	return e.sheet, e.err
}

func (s *site) Module(p string) (*parse.Module, error) {
	s.mu.Lock()
	e := s.mods[p]
	if e == nil {
		e = &modEntry{}
		s.mods[p] = e
	}
	s.mu.Unlock()
	e.once.Do(func() {
		b, err := s.read(p)
		if err != nil {
			e.err = err
			return
		}
		e.mod = parse.ParseJS(b, fsName(p))
	})
	return e.mod, e.err
}

// ImageSize reads an image's intrinsic size from its header (graph.ImageSizer).
func (s *site) ImageSize(p string) (int, int, bool) {
	f, err := s.fsys.Open(fsName(p))
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	return graph.DecodeImageSize(f)
}
