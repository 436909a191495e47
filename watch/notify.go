// The event source. On Linux the watcher reads inotify itself, because it needs an event
// fsnotify does not export: IN_CLOSE_WRITE, "a file opened for writing was closed". With
// it, watch knows when a generator has finished a file instead of guessing from a pause,
// and never rewrites a page that is still open for writing. Elsewhere fsnotify is the
// source, and a file counts as finished once its size and mtime stay put for a quiet
// period (see writers in watch.go).

package watch

import (
	"errors"

	"github.com/fsnotify/fsnotify"
)

// op is what happened to a path; one event may carry several.
type op uint8

const (
	opCreate     op = 1 << iota // created, or moved into a watched directory
	opWrite                     // written or truncated
	opRemove                    // removed (for a watched directory: itself)
	opRename                    // moved away (for a watched directory: itself)
	opCloseWrite                // a descriptor open for writing was closed
	opMovedIn                   // with opCreate: arrived by rename, so complete
)

func (o op) has(x op) bool { return o&x != 0 }

type event struct {
	name string
	op   op
}

// errOverflow reports lost events: the kernel queue overflowed.
var errOverflow = errors.New("event queue overflow")

// notifier watches single directories (not recursively) and reports events on them and
// on their direct entries.
type notifier interface {
	Add(dir string) error
	Remove(dir string) error
	Events() <-chan event
	Errors() <-chan error
	Close() error
	// CloseWrite reports whether opCloseWrite events are delivered.
	CloseWrite() bool
}

// fsnotifier is the portable notifier.
type fsnotifier struct {
	w      *fsnotify.Watcher
	events chan event
	errs   chan error
	done   chan struct{}
}

func newFSNotifier() (notifier, error) {
	w, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, err
	}
	n := &fsnotifier{w: w, events: make(chan event), errs: make(chan error), done: make(chan struct{})}
	go n.pump()
	return n, nil
}

func (n *fsnotifier) pump() {
	defer close(n.events)
	defer close(n.errs)
	for {
		select {
		case ev, ok := <-n.w.Events:
			if !ok {
				return
			}
			var o op
			if ev.Has(fsnotify.Create) {
				o |= opCreate
			}
			if ev.Has(fsnotify.Write) {
				o |= opWrite
			}
			if ev.Has(fsnotify.Remove) {
				o |= opRemove
			}
			if ev.Has(fsnotify.Rename) {
				o |= opRename
			}
			if o == 0 {
				continue // Chmod
			}
			select {
			case n.events <- event{name: ev.Name, op: o}:
			case <-n.done:
				return
			}
		case err, ok := <-n.w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				err = errOverflow
			}
			select {
			case n.errs <- err:
			case <-n.done:
				return
			}
		}
	}
}

func (n *fsnotifier) Add(dir string) error    { return n.w.Add(dir) }
func (n *fsnotifier) Remove(dir string) error { return n.w.Remove(dir) }
func (n *fsnotifier) Events() <-chan event    { return n.events }
func (n *fsnotifier) Errors() <-chan error    { return n.errs }
func (n *fsnotifier) CloseWrite() bool        { return false }
func (n *fsnotifier) Close() error {
	close(n.done)
	return n.w.Close()
}
