package watch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// inotifier reads inotify directly (see notify.go for why). The descriptor is non-blocking
// and wrapped in an *os.File, so reads park in the runtime poller and Close wakes them.
type inotifier struct {
	f      *os.File
	fd     int
	mu     sync.Mutex
	byWD   map[int]string
	byPath map[string]int
	events chan event
	errs   chan error
	done   chan struct{}
	wg     sync.WaitGroup
}

const inotifyMask = unix.IN_CREATE | unix.IN_MOVED_TO | unix.IN_MODIFY | unix.IN_CLOSE_WRITE |
	unix.IN_DELETE | unix.IN_MOVED_FROM | unix.IN_DELETE_SELF | unix.IN_MOVE_SELF |
	unix.IN_ONLYDIR | unix.IN_EXCL_UNLINK

func newNotifier() (notifier, error) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil, os.NewSyscallError("inotify_init1", err)
	}
	n := &inotifier{
		f: os.NewFile(uintptr(fd), "inotify"), fd: fd,
		byWD: map[int]string{}, byPath: map[string]int{},
		events: make(chan event, 256), errs: make(chan error, 4), done: make(chan struct{}),
	}
	n.wg.Add(1)
	go n.read()
	return n, nil
}

func (n *inotifier) CloseWrite() bool     { return true }
func (n *inotifier) Events() <-chan event { return n.events }
func (n *inotifier) Errors() <-chan error { return n.errs }

func (n *inotifier) Add(dir string) error {
	dir = filepath.Clean(dir)
	wd, err := unix.InotifyAddWatch(n.fd, dir, inotifyMask)
	if err != nil {
		return &os.PathError{Op: "inotify_add_watch", Path: dir, Err: err}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if old, ok := n.byWD[wd]; ok && old != dir {
		delete(n.byPath, old) // the same directory under a new name (moved)
	}
	n.byWD[wd] = dir
	n.byPath[dir] = wd
	return nil
}

func (n *inotifier) Remove(dir string) error {
	dir = filepath.Clean(dir)
	n.mu.Lock()
	wd, ok := n.byPath[dir]
	if ok {
		delete(n.byPath, dir)
		delete(n.byWD, wd)
	}
	n.mu.Unlock()
	if !ok {
		return fmt.Errorf("%s: not watched", dir)
	}
	if _, err := unix.InotifyRmWatch(n.fd, uint32(wd)); err != nil && !errors.Is(err, unix.EINVAL) {
		return &os.PathError{Op: "inotify_rm_watch", Path: dir, Err: err}
	}
	return nil
}

func (n *inotifier) Close() error {
	select {
	case <-n.done:
		return nil
	default:
	}
	close(n.done)
	err := n.f.Close()
	n.wg.Wait()
	return err
}

func (n *inotifier) read() {
	defer n.wg.Done()
	defer close(n.events)
	defer close(n.errs)
	buf := make([]byte, 64<<10)
	for {
		k, err := n.f.Read(buf)
		if err != nil {
			select {
			case <-n.done:
			default:
				n.errs <- err
			}
			return
		}
		for off := 0; off+unix.SizeofInotifyEvent <= k; {
			raw := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			nameLen := int(raw.Len)
			end := off + unix.SizeofInotifyEvent + nameLen
			if end > k {
				break
			}
			name := ""
			if nameLen > 0 {
				b := buf[off+unix.SizeofInotifyEvent : end]
				for len(b) > 0 && b[len(b)-1] == 0 {
					b = b[:len(b)-1]
				}
				name = string(b)
			}
			off = end
			if !n.deliver(int(raw.Wd), raw.Mask, name) {
				return
			}
		}
	}
}

// deliver turns one inotify record into an event; false means the notifier is closing.
func (n *inotifier) deliver(wd int, mask uint32, name string) bool {
	if mask&unix.IN_Q_OVERFLOW != 0 {
		select {
		case n.errs <- errOverflow:
		case <-n.done:
			return false
		}
		return true
	}
	n.mu.Lock()
	dir, ok := n.byWD[wd]
	if mask&unix.IN_IGNORED != 0 && ok {
		delete(n.byWD, wd)
		if n.byPath[dir] == wd {
			delete(n.byPath, dir)
		}
	}
	n.mu.Unlock()
	if !ok {
		return true
	}
	p := dir
	if name != "" {
		p = filepath.Join(dir, name)
	}
	var o op
	if mask&(unix.IN_CREATE|unix.IN_MOVED_TO) != 0 {
		o |= opCreate
	}
	if mask&unix.IN_MOVED_TO != 0 {
		o |= opMovedIn
	}
	if mask&unix.IN_MODIFY != 0 {
		o |= opWrite
	}
	if mask&unix.IN_CLOSE_WRITE != 0 {
		o |= opCloseWrite
	}
	if mask&(unix.IN_DELETE|unix.IN_DELETE_SELF) != 0 {
		o |= opRemove
	}
	if mask&(unix.IN_MOVED_FROM|unix.IN_MOVE_SELF) != 0 {
		o |= opRename
	}
	if o == 0 {
		return true
	}
	select {
	case n.events <- event{name: p, op: o}:
		return true
	case <-n.done:
		return false
	}
}
