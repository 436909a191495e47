// Files still being written. A page a generator has open for writing must not be replaced:
// a rename over it sends the rest of the generator's writes to an inode nobody can see, and
// the page stays cut short until the generator runs again. So watch keeps the set of files
// that were written (or created) and not yet finished, leaves them out of every batch, and
// the build asks it (Incremental.Hold) right before it replaces a page.
//
// When a file is finished:
//   - with close-write events (Linux): when the last writer closes it. A file whose close
//     never comes (created by link(), or its close lost in a queue overflow) is let go
//     after stuckAfter without any event.
//   - without them: when its size and mtime stayed put for stableFor (or the quiet period,
//     if longer).

package watch

import (
	"os"
	"sync"
	"time"

	"github.com/preloadgen/preloadgen/internal/atomicfile"
)

// stuckAfter is how long a file may go without any event before watch stops waiting for
// its close-write event. stableFor is how long, without close-write events, a file's size
// and mtime must stay put before it counts as finished (or the debounce, if longer): a
// writer that pauses longer than that in the middle of a file cannot be told from one that
// is done, which is why close-write events are used where they exist.
const (
	stuckAfter = 10 * time.Second
	stableFor  = time.Second
)

type writers struct {
	closeWrite bool
	mu         sync.Mutex
	open       map[string]*openFile // absolute path -> state
}

type openFile struct {
	last  time.Time        // the last event on it
	stamp atomicfile.Stamp // without close-write events: its stamp at that event
	ok    bool             // the stamp was taken
}

func newWriters(closeWrite bool) *writers {
	return &writers{closeWrite: closeWrite, open: map[string]*openFile{}}
}

// writing notes an event that shows a writer at work on name.
func (w *writers) writing(name string, now time.Time) {
	f := &openFile{last: now}
	if !w.closeWrite {
		if st, err := os.Lstat(name); err == nil {
			f.stamp, f.ok = atomicfile.StampOf(st), true
		}
	}
	w.mu.Lock()
	w.open[name] = f
	w.mu.Unlock()
}

// done notes that name is finished (closed, complete by rename, or gone).
func (w *writers) done(name string) {
	w.mu.Lock()
	delete(w.open, name)
	w.mu.Unlock()
}

// busy reports whether name is being written. Safe for concurrent use.
func (w *writers) busy(name string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.open[name] != nil
}

// count returns the number of files being written.
func (w *writers) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.open)
}

// settle lets go of the files that count as finished by now (see the file comment) and
// returns them; quiet is the debounce.
func (w *writers) settle(now time.Time, quiet time.Duration) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for name, f := range w.open {
		idle := now.Sub(f.last)
		finished := idle >= stuckAfter
		if !w.closeWrite && idle >= max(quiet, stableFor) {
			st, err := os.Lstat(name)
			finished = err != nil || f.ok && atomicfile.StampOf(st) == f.stamp
			if !finished {
				f.stamp, f.ok, f.last = atomicfile.StampOf(st), true, now
			}
		}
		if finished {
			delete(w.open, name)
			out = append(out, name)
		}
	}
	return out
}
