// The parse cache callers keep between runs. Reading and parsing the site's assets is
// internal/sitefs's job; a Cache wraps its cache so the API does not expose it.

package preloadgen

import (
	"errors"

	"github.com/preloadgen/preloadgen/internal/sitefs"
)

// Cache keeps asset parses between runs. It is safe for concurrent use. Entries that no
// run has used in the last two runs are dropped, so a long watch session does not keep
// every version of every file it has seen.
type Cache struct{ c *sitefs.Cache }

// NewCache returns an empty parse cache.
func NewCache() *Cache { return &Cache{c: sitefs.NewCache()} }

// sitefs returns the cache to hand to a sitefs.Site; nil for none.
func (c *Cache) sitefs() *sitefs.Cache {
	if c == nil {
		return nil
	}
	return c.c
}

// len reports the number of cached parses.
func (c *Cache) len() int { return c.c.Len() }

// assetDiagnostics returns the problems a Site found in the assets it parsed.
func assetDiagnostics(s *sitefs.Site) []Diagnostic {
	var ds []Diagnostic
	for _, d := range s.Diagnostics() {
		ds = append(ds, Diagnostic{File: d.File, Line: d.Line, Col: d.Col, Err: errors.New(d.Message)})
	}
	return ds
}
