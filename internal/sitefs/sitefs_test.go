package sitefs

import (
	"bytes"
	"image"
	"image/png"
	"io/fs"
	"sync"
	"testing"
	"testing/fstest"
)

// countingFS counts the opens of each name.
type countingFS struct {
	fs.FS
	mu    sync.Mutex
	opens map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opens[name]++
	c.mu.Unlock()
	return c.FS.Open(name)
}

func TestImageSizeReadOncePerRun(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 120, 45))); err != nil {
		t.Fatal(err)
	}
	fsys := &countingFS{FS: fstest.MapFS{
		"logo.png":   {Data: b.Bytes()},
		"broken.png": {Data: []byte("not an image")},
	}, opens: map[string]int{}}
	s := New(fsys, NewCache())
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				if w, h, ok := s.ImageSize("/logo.png"); !ok || w != 120 || h != 45 {
					t.Errorf("ImageSize(/logo.png) = %d, %d, %v; want 120, 45, true", w, h, ok)
				}
				if _, _, ok := s.ImageSize("/broken.png"); ok {
					t.Error("ImageSize(/broken.png) ok; want not ok")
				}
				if _, _, ok := s.ImageSize("/missing.png"); ok {
					t.Error("ImageSize(/missing.png) ok; want not ok")
				}
			}
		}()
	}
	wg.Wait()
	// Workers racing on the first ask may each read the header; after that none does.
	for _, name := range []string{"logo.png", "broken.png", "missing.png"} {
		if n := fsys.opens[name]; n < 1 || n > 8 {
			t.Errorf("%s opened %d times for 80 asks; want 1 to 8 (once per racing worker)", name, n)
		}
	}
	// A new run (a new Site) reads again: the file may have changed between runs.
	before := fsys.opens["logo.png"]
	New(fsys, s.Cache()).ImageSize("/logo.png")
	if fsys.opens["logo.png"] != before+1 {
		t.Errorf("a new Site did not read logo.png again")
	}
}
