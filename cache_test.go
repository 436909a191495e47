package preloadgen

import (
	"context"
	"testing"
	"testing/fstest"
)

// A watch session edits a stylesheet again and again: the cache must keep what the last
// runs used and drop the versions nobody reads any more.
func TestCacheDropsUnusedVersions(t *testing.T) {
	cache := NewCache()
	site := fstest.MapFS{
		"index.html": {Data: []byte(`<link rel=stylesheet href=/a.css><script type=module src=/m.js></script><p>x</p>`)},
		"m.js":       {Data: []byte(`export const m = 1;`)},
	}
	run := func(css string) {
		site["a.css"] = &fstest.MapFile{Data: []byte(css)}
		if _, err := Analyze(context.Background(), Options{Source: Source{FS: site, Dir: "site"}, Cache: cache}); err != nil {
			t.Fatal(err)
		}
	}
	run(`p { color: red }`)
	if n := cache.len(); n != 2 {
		t.Fatalf("after one run: %d entries, want 2 (the sheet and the module)", n)
	}
	for i, css := range []string{`p { color: blue }`, `p { color: green }`, `p { color: black }`} {
		run(css)
		// The module and the sheets of this run and the previous one.
		if n := cache.len(); n > 3 {
			t.Fatalf("after edit %d: %d entries, want at most 3", i+1, n)
		}
	}
	run(`p { color: black }`)
	if n := cache.len(); n != 2 {
		t.Errorf("after an unchanged run: %d entries, want 2", n)
	}
}
