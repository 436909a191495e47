package preloadgen

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/preloadgen/preloadgen/parse"
)

// site implements graph.Site over an fs.FS. Each asset is read and parsed at most once per
// run; a Cache carries parses across runs (watch mode) keyed by content hash, so an
// unchanged file is never parsed again.
type site struct {
	fsys  fs.FS
	cache *Cache

	mu     sync.Mutex
	stats  map[string]statResult
	assets map[string]*assetEntry
	diags  []Diagnostic
}

type statResult struct {
	size int64
	ok   bool
}

type assetEntry struct {
	once   sync.Once
	sheet  *parse.Stylesheet
	module *parse.Module
	err    error
}

const maxAssetBytes = 16 << 20

// Cache keeps asset parses between runs. It is safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	sheets  map[[32]byte]*parse.Stylesheet
	modules map[[32]byte]*parse.Module
}

// NewCache returns an empty parse cache.
func NewCache() *Cache {
	return &Cache{sheets: map[[32]byte]*parse.Stylesheet{}, modules: map[[32]byte]*parse.Module{}}
}

func newSite(fsys fs.FS, cache *Cache) *site {
	if cache == nil {
		cache = NewCache()
	}
	return &site{fsys: fsys, cache: cache, stats: map[string]statResult{}, assets: map[string]*assetEntry{}}
}

func fsName(p string) string {
	n := strings.TrimPrefix(p, "/")
	if n == "" {
		return "."
	}
	return n
}

func (s *site) Stat(p string) (int64, bool) {
	s.mu.Lock()
	r, ok := s.stats[p]
	s.mu.Unlock()
	if ok {
		return r.size, r.ok
	}
	st, err := fs.Stat(s.fsys, fsName(p))
	r = statResult{}
	if err == nil && !st.IsDir() {
		r = statResult{size: st.Size(), ok: true}
	}
	s.mu.Lock()
	s.stats[p] = r
	s.mu.Unlock()
	return r.size, r.ok
}

func (s *site) entry(key string) *assetEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.assets[key]
	if e == nil {
		e = &assetEntry{}
		s.assets[key] = e
	}
	return e
}

func (s *site) read(p string) ([]byte, error) {
	name := fsName(p)
	st, err := fs.Stat(s.fsys, name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", name)
	}
	if st.Size() > maxAssetBytes {
		return nil, fmt.Errorf("%s: %d bytes: larger than the %d-byte limit for parsed assets", name, st.Size(), maxAssetBytes)
	}
	return fs.ReadFile(s.fsys, name)
}

func (s *site) addDiag(d Diagnostic) {
	s.mu.Lock()
	s.diags = append(s.diags, d)
	s.mu.Unlock()
}

func (s *site) diagnostics() []Diagnostic {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Diagnostic(nil), s.diags...)
}

func (s *site) Stylesheet(p string) (*parse.Stylesheet, error) {
	e := s.entry("css:" + p)
	e.once.Do(func() {
		src, err := s.read(p)
		if err != nil {
			e.err = err
			return
		}
		h := sha256.Sum256(src)
		s.cache.mu.Lock()
		sh := s.cache.sheets[h]
		s.cache.mu.Unlock()
		if sh == nil {
			sh = parse.ParseCSS(src)
			s.cache.mu.Lock()
			s.cache.sheets[h] = sh
			s.cache.mu.Unlock()
		}
		for _, d := range sh.Diagnostics {
			line, col := d.Line, d.Col
			if line == 0 {
				line, col = parse.Position(src, d.Offset)
			}
			s.addDiag(Diagnostic{File: fsName(p), Line: line, Col: col, Message: d.Message})
		}
		e.sheet = sh
	})
	return e.sheet, e.err
}

func (s *site) Module(p string) (*parse.Module, error) {
	e := s.entry("js:" + p)
	e.once.Do(func() {
		src, err := s.read(p)
		if err != nil {
			e.err = err
			return
		}
		h := sha256.Sum256(src)
		s.cache.mu.Lock()
		m := s.cache.modules[h]
		s.cache.mu.Unlock()
		if m == nil {
			m = parse.ParseJS(src, fsName(p))
			s.cache.mu.Lock()
			s.cache.modules[h] = m
			s.cache.mu.Unlock()
		}
		for _, d := range m.Diagnostics {
			s.addDiag(Diagnostic{File: fsName(p), Line: d.Line, Col: d.Col, Message: d.Message})
		}
		e.module = m
	})
	return e.module, e.err
}
