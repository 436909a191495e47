package preloadgen

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/preloadgen/preloadgen/graph"
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

// Cache keeps asset parses between runs. It is safe for concurrent use. Entries that no
// run has used in the last two runs are dropped, so a long watch session does not keep
// every version of every file it has seen.
type Cache struct {
	mu      sync.Mutex
	gen     int
	entries map[cacheKey]*cacheEntry
}

type cacheKey struct {
	kind string // "css" or "js"
	hash [32]byte
}

type cacheEntry struct {
	v       any
	lastGen int
}

// NewCache returns an empty parse cache.
func NewCache() *Cache {
	return &Cache{entries: map[cacheKey]*cacheEntry{}}
}

// parsed returns the cached parse of src, or parses and caches it.
func (c *Cache) parsed(kind string, src []byte, parse func([]byte) any) any {
	k := cacheKey{kind: kind, hash: sha256.Sum256(src)}
	c.mu.Lock()
	e := c.entries[k]
	if e != nil {
		e.lastGen = c.gen
	}
	c.mu.Unlock()
	if e != nil {
		return e.v
	}
	v := parse(src)
	c.mu.Lock()
	c.entries[k] = &cacheEntry{v: v, lastGen: c.gen}
	c.mu.Unlock()
	return v
}

// endRun ends a run: entries unused in this run and the one before are dropped.
func (c *Cache) endRun() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if e.lastGen < c.gen-1 {
			delete(c.entries, k)
		}
	}
	c.gen++
}

// len reports the number of cached parses.
func (c *Cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
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
		sh := s.cache.parsed("css", src, func(b []byte) any { return parse.ParseCSS(b) }).(*parse.Stylesheet)
		for _, d := range sh.Diagnostics {
			line, col := d.Line, d.Col
			if line == 0 {
				line, col = parse.Position(src, d.Offset)
			}
			s.addDiag(Diagnostic{File: fsName(p), Line: line, Col: col, Err: errors.New(d.Message)})
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
		m := s.cache.parsed("js", src, func(b []byte) any { return parse.ParseJS(b, fsName(p)) }).(*parse.Module)
		for _, d := range m.Diagnostics {
			s.addDiag(Diagnostic{File: fsName(p), Line: d.Line, Col: d.Col, Err: errors.New(d.Message)})
		}
		e.module = m
	})
	return e.module, e.err
}

// ImageSize reads the intrinsic size of the image at p from its header (graph.ImageSizer).
func (s *site) ImageSize(p string) (int, int, bool) {
	f, err := s.fsys.Open(fsName(p))
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	return graph.DecodeImageSize(f)
}
