// Self-write suppression. Every page (and _headers) a build writes is recorded with the
// hash of its bytes; an event on that path whose file still holds those bytes is the
// build's own write and is dropped. Comparing content rather than muting a path for a
// while is what keeps it right when a generator rewrites the same page a moment later:
// that file's bytes differ, so the page is rebuilt and gets its hint block back.

package watch

import (
	"crypto/sha256"
	"os"
	"sync"
)

type selfWrites struct {
	mu      sync.Mutex
	written map[string][32]byte // absolute path -> hash of the bytes last written
}

func newSelfWrites() *selfWrites { return &selfWrites{written: map[string][32]byte{}} }

// record notes that file now holds data (called from build workers).
func (s *selfWrites) record(file string, data []byte) {
	h := sha256.Sum256(data)
	s.mu.Lock()
	s.written[file] = h
	s.mu.Unlock()
}

// filter returns the paths whose content is not what the tool last wrote there. A path
// that cannot be read (removed, a directory) is a change.
func (s *selfWrites) filter(paths []string) []string {
	var out []string
	for _, p := range paths {
		s.mu.Lock()
		h, ok := s.written[p]
		s.mu.Unlock()
		if ok {
			if b, err := os.ReadFile(p); err == nil && sha256.Sum256(b) == h {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// wrote reports whether the tool has written file (its event may be the tool's own).
func (s *selfWrites) wrote(file string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.written[file]
	return ok
}
