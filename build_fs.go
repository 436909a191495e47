// strippedFS shows a build's analysis each page as it was before any earlier build: the
// marked hint block is removed on read. Without it the analysis would take the block's
// own preloads for the author's and drop those hints, and a second build would undo the
// first. The original bytes are kept (only for pages that had a block) so the writer can
// tell whether anything changes.

package preloadgen

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/internal/atomicfile"
)

type strippedFS struct {
	fsys      fs.FS
	dir       string   // the directory fsys is os.DirFS of: pages are opened there with openPage
	originals sync.Map // name -> []byte, pages whose block was removed
	stamps    sync.Map // name -> readStamp of each page as it was read
	// bufs are buffers that pages were read into, given back by a build once a page is
	// written (reuse): readPage reads the next pages into them.
	bufs sync.Pool // of *[]byte
}

// readStamp is a page's stamp when it was read, its permissions (what a copy in -out
// gets) and the bytes readPage returned, block removed.
type readStamp struct {
	atomicfile.Stamp
	perm     fs.FileMode
	stripped []byte
}

// isStripped reports whether b are the very bytes readPage returned (not a copy, not a
// repair's): Strip has been through them.
func (r readStamp) isStripped(b []byte) bool {
	return len(b) > 0 && len(b) == len(r.stripped) && &b[0] == &r.stripped[0]
}

// newStrippedDir returns the strippedFS of directory dir (os.DirFS), whose pages are
// opened with fewer system calls (openPage).
func newStrippedDir(dir string) *strippedFS {
	return &strippedFS{fsys: os.DirFS(dir), dir: dir}
}

// open opens file name of fsys: as os.DirFS does where the page can be opened directly,
// by openPage.
func (s *strippedFS) open(name string) (fs.File, error) {
	if s.dir == "" || !fs.ValidPath(name) {
		return s.fsys.Open(name)
	}
	return openPage(s.dir, name)
}

func isPageName(name string) bool {
	l := strings.ToLower(name)
	return strings.HasSuffix(l, ".html") || strings.HasSuffix(l, ".htm")
}

// ReadFile implements fs.ReadFileFS.
func (s *strippedFS) ReadFile(name string) ([]byte, error) {
	if !isPageName(name) {
		return fs.ReadFile(s.fsys, name)
	}
	f, err := s.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return s.readPage(name, f, st)
}

// openRaw implements pageReader: the page as it is on disk.
func (s *strippedFS) openRaw(name string) (fs.File, error) { return s.open(name) }

// readPage implements pageReader: page name, opened from openRaw and stat'ed as st, with
// its block removed. st is the page's stamp: taken before the bytes (the fstat of the open
// file, then the reads), so a write in between reads as a change.
func (s *strippedFS) readPage(name string, f fs.File, st fs.FileInfo) ([]byte, error) {
	var buf []byte
	if b, _ := s.bufs.Get().(*[]byte); b != nil {
		buf = *b
	}
	b, err := readInto(buf, f, st.Size())
	if err != nil {
		return nil, err
	}
	stripped := emit.Strip(b)
	s.stamps.Store(name, readStamp{atomicfile.StampOf(st), st.Mode().Perm(), stripped})
	if len(stripped) != len(b) {
		s.originals.Store(name, b)
	}
	return stripped, nil
}

// reuse gives back the buffer of page bytes b, which readPage returned and nothing holds
// any longer, for the pages read after it.
func (s *strippedFS) reuse(b []byte) { s.bufs.Put(&b) }

// readAll reads f to its end into one buffer of size bytes (and one more, to see the
// end without growing), growing it only if f has grown since.
func readAll(f io.Reader, size int64) ([]byte, error) { return readInto(nil, f, size) }

// readInto is readAll in buf's memory where it is large enough.
func readInto(buf []byte, f io.Reader, size int64) ([]byte, error) {
	b := buf[:0]
	if int64(cap(b)) < max(size, 0)+1 {
		b = make([]byte, 0, max(size, 0)+1)
	}
	for {
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// original returns the bytes of page name as read from disk, given the stripped ones.
func (s *strippedFS) original(name string, stripped []byte) []byte {
	if b, ok := s.originals.LoadAndDelete(name); ok {
		return b.([]byte)
	}
	return stripped
}

// stamp returns the stamp page name had when it was last read (see atomicfile.StageIf),
// with its permissions, and forgets it.
func (s *strippedFS) stamp(name string) (readStamp, bool) {
	v, ok := s.stamps.LoadAndDelete(name)
	if !ok {
		return readStamp{}, false
	}
	return v.(readStamp), true
}

// Open implements fs.FS; pages open with their block removed.
func (s *strippedFS) Open(name string) (fs.File, error) {
	if !isPageName(name) {
		return s.fsys.Open(name)
	}
	st, err := fs.Stat(s.fsys, name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return s.fsys.Open(name)
	}
	b, err := s.ReadFile(name)
	if err != nil {
		return nil, err
	}
	s.originals.Delete(name)
	s.stamps.Delete(name)
	return &memFile{Reader: bytes.NewReader(b), info: memInfo{FileInfo: st, size: int64(len(b))}}, nil
}

// Stat implements fs.StatFS (sizes are those on disk).
func (s *strippedFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(s.fsys, name) }

// ReadDir implements fs.ReadDirFS.
func (s *strippedFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.fsys, name) }

type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	fs.FileInfo
	size int64
}

func (i memInfo) Size() int64        { return i.size }
func (i memInfo) ModTime() time.Time { return i.FileInfo.ModTime() }

var _ io.ReaderAt = (*memFile)(nil)
