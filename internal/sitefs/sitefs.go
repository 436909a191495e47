// Package sitefs reads a built site for the analysis: the graph.Site over an fs.FS that the
// library's analyses and the audit share. Each asset is read and parsed at most once per
// Site, and a Cache carries parses across runs (watch mode), keyed by content hash, so an
// unchanged file is never parsed twice.
package sitefs

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/preloadgen/preloadgen/firstscreen"
	"github.com/preloadgen/preloadgen/parse"
)

// Site implements graph.Site (and firstscreen.ImageSizer) over an fs.FS. It is safe for
// concurrent use.
type Site struct {
	fsys  fs.FS
	cache *Cache

	mu     sync.Mutex
	stats  map[string]statResult
	sizes  map[string]imageSize
	assets map[string]*assetEntry
	diags  []Diagnostic
}

type statResult struct {
	size int64
	ok   bool
}

// imageSize is an image's intrinsic size as its header gives it (ok false: unreadable).
type imageSize struct {
	w, h int
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

// EndRun ends a run: entries unused in this run and the one before are dropped.
func (c *Cache) EndRun() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if e.lastGen < c.gen-1 {
			delete(c.entries, k)
		}
	}
	c.gen++
}

// Len reports the number of cached parses.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// New returns a Site reading fsys, which holds the site's root. cache, when set, is shared
// with other Sites (one per run); nil gives the Site a cache of its own.
func New(fsys fs.FS, cache *Cache) *Site {
	if cache == nil {
		cache = NewCache()
	}
	return &Site{fsys: fsys, cache: cache, stats: map[string]statResult{}, sizes: map[string]imageSize{}, assets: map[string]*assetEntry{}}
}

// Cache returns the Site's parse cache.
func (s *Site) Cache() *Cache { return s.cache }

// Diagnostic is a problem in an asset the Site parsed: a stylesheet or module syntax error.
type Diagnostic struct {
	File      string // the asset's path in the FS (no leading slash)
	Line, Col int
	Message   string
}

func fsName(p string) string {
	n := strings.TrimPrefix(p, "/")
	if n == "" {
		return "."
	}
	return n
}

// Stat reports the size of the file at site path p (graph.Site).
func (s *Site) Stat(p string) (int64, bool) {
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

func (s *Site) entry(key string) *assetEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.assets[key]
	if e == nil {
		e = &assetEntry{}
		s.assets[key] = e
	}
	return e
}

// Read returns the bytes of the file at site path p, refusing directories and files larger
// than the limit for parsed assets.
func (s *Site) Read(p string) ([]byte, error) {
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

func (s *Site) addDiag(d Diagnostic) {
	s.mu.Lock()
	s.diags = append(s.diags, d)
	s.mu.Unlock()
}

// Diagnostics returns the problems found in the assets parsed so far.
func (s *Site) Diagnostics() []Diagnostic {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Diagnostic(nil), s.diags...)
}

// Stylesheet returns the parsed stylesheet at site path p (graph.Site).
func (s *Site) Stylesheet(p string) (*parse.Stylesheet, error) {
	e := s.entry("css:" + p)
	e.once.Do(func() {
		src, err := s.Read(p)
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
			s.addDiag(Diagnostic{File: fsName(p), Line: line, Col: col, Message: d.Message})
		}
		e.sheet = sh
	})
	return e.sheet, e.err
}

// Module returns the parsed module at site path p (graph.Site).
func (s *Site) Module(p string) (*parse.Module, error) {
	e := s.entry("js:" + p)
	e.once.Do(func() {
		src, err := s.Read(p)
		if err != nil {
			e.err = err
			return
		}
		m := s.cache.parsed("js", src, func(b []byte) any { return parse.ParseJS(b, fsName(p)) }).(*parse.Module)
		for _, d := range m.Diagnostics {
			s.addDiag(Diagnostic{File: fsName(p), Line: d.Line, Col: d.Col, Message: d.Message})
		}
		e.module = m
	})
	return e.module, e.err
}

// ImageSize reads the intrinsic size of the image at p from its header
// (firstscreen.ImageSizer), once per run: a theme's logo or icon is asked for by every
// page, several times each.
func (s *Site) ImageSize(p string) (int, int, bool) {
	s.mu.Lock()
	r, seen := s.sizes[p]
	s.mu.Unlock()
	if seen {
		return r.w, r.h, r.ok
	}
	if f, err := s.fsys.Open(fsName(p)); err == nil {
		r.w, r.h, r.ok = firstscreen.DecodeImageSize(f)
		f.Close()
	}
	s.mu.Lock()
	s.sizes[p] = r
	s.mu.Unlock()
	return r.w, r.h, r.ok
}
