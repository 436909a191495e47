package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// Batch replaces many files with one flush to disk instead of one fsync each. Stage writes
// a file's new bytes to a temporary file beside it, without syncing; Flush makes every
// staged file durable at once (syncfs of the filesystem where the platform has it, else an
// fsync per file), and only then renames each over its target and syncs the directories.
// A crash at any moment therefore leaves each target either old or new: before Flush's
// sync only temporary files exist (Clean removes them), and each rename is atomic.
//
// A build of thousands of pages spends most of its write time waiting in fsync; a batch
// of a few hundred files costs about one wait.
//
// A file that someone else may be writing is replaced only if it is still the version that
// was read (StageIf): right before the rename, the target is stat'ed again, and when it
// changed, or Hold says another program holds it open for writing, the new bytes are
// dropped and OnError gets ErrChanged or ErrHeld. Replacing it would lose that writer's
// bytes: a rename over a file open for writing sends the rest of its writes to an inode
// nobody can see.
type Batch struct {
	// MaxFiles and MaxBytes trigger a Flush from Stage; defaults 512 files, 64 MiB.
	MaxFiles int
	MaxBytes int64
	// OnError, when set, receives the targets whose rename failed or was refused during a
	// Flush.
	OnError func(name string, err error)
	// Hold, when set, is asked right before each rename whether the target is open for
	// writing elsewhere; if so the target is left alone (ErrHeld).
	Hold func(name string) bool

	mu     sync.Mutex
	staged []staged
	bytes  int64
}

type staged struct {
	tmp, name string
	check     bool   // replace only if the target still has stamp was
	was       Stamp  // the target's stamp when it was read
	orig      []byte // and still these bytes, when its stamp cannot tell (see StageIf)
}

// ErrChanged and ErrHeld are why a staged file was not renamed into place: its target
// changed since it was read, or another program holds it open for writing. Either way the
// target keeps the other writer's bytes, and a later run can try again.
var (
	ErrChanged = errors.New("changed on disk while being rewritten; left as it is")
	ErrHeld    = errors.New("open for writing by another program; left as it is")
)

// Stage writes data to a temporary file beside name; the rename happens at the next Flush.
func (b *Batch) Stage(name string, data []byte, perm fs.FileMode) error {
	return b.stage(staged{name: name}, data, perm)
}

// StageIf is Stage for a target that must still be the version stamped was (see Stamp)
// when the rename comes; otherwise the new bytes are dropped (ErrChanged). orig are the
// bytes that were read. File times tick coarsely on some systems (a few ms), so a file
// written within a second before it was read is also compared by content: a generator
// that rewrites it with the same size in the same tick is still seen.
func (b *Batch) StageIf(name string, data []byte, perm fs.FileMode, was Stamp, orig []byte) error {
	s := staged{name: name, check: true, was: was}
	if time.Since(was.ModTime) < time.Second {
		s.orig = orig
	}
	return b.stage(s, data, perm)
}

func (b *Batch) stage(s staged, data []byte, perm fs.FileMode) error {
	name := s.name
	f, err := createTemp(name)
	if err != nil {
		return err
	}
	tmp := f.Name()
	// A short write (ENOSPC, EDQUOT, EIO) must fail the stage: a temp file that holds part
	// of the page would otherwise be renamed over it at the next Flush.
	_, err = f.Write(data)
	if err == nil {
		startWriteback(f)
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Close()
	} else {
		f.Close()
	}
	if err != nil {
		os.Remove(tmp)
		return targetErr(name, err)
	}
	s.tmp = tmp
	b.mu.Lock()
	b.staged = append(b.staged, s)
	b.bytes += int64(len(data))
	full := len(b.staged) >= b.maxFiles() || b.bytes >= b.maxBytes()
	b.mu.Unlock()
	if full {
		return b.Flush()
	}
	return nil
}

func (b *Batch) maxFiles() int {
	if b.MaxFiles > 0 {
		return b.MaxFiles
	}
	return 512
}

func (b *Batch) maxBytes() int64 {
	if b.MaxBytes > 0 {
		return b.MaxBytes
	}
	return 64 << 20
}

// Flush syncs the staged files, renames them over their targets and syncs their
// directories. Failed renames go to OnError; the error returned is the sync's.
func (b *Batch) Flush() error {
	b.mu.Lock()
	batch := b.staged
	b.staged, b.bytes = nil, 0
	b.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	if err := syncFiles(batch); err != nil {
		for _, s := range batch {
			os.Remove(s.tmp)
			if b.OnError != nil {
				b.OnError(s.name, err)
			}
		}
		return err
	}
	dirs := map[string]bool{}
	for _, s := range batch {
		if err := b.mayReplace(s); err != nil {
			os.Remove(s.tmp)
			if b.OnError != nil {
				b.OnError(s.name, err)
			}
			continue
		}
		if err := rename(s.tmp, s.name); err != nil {
			os.Remove(s.tmp) // fails too when the directory went read-only; Clean takes it later
			if b.OnError != nil {
				b.OnError(s.name, targetErr(s.name, err))
			}
			continue
		}
		dirs[filepath.Dir(s.name)] = true
	}
	var names []string
	for d := range dirs {
		names = append(names, d)
	}
	sort.Strings(names)
	return syncDirs(names)
}

// mayReplace is the compare half of compare-and-swap, done as close to the rename as it can
// be: nil when the target may be replaced.
func (b *Batch) mayReplace(s staged) error {
	if b.Hold != nil && b.Hold(s.name) {
		return ErrHeld
	}
	if !s.check {
		return nil
	}
	st, err := os.Lstat(s.name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return ErrChanged // removed meanwhile: do not bring it back
		}
		return err
	}
	if StampOf(st) != s.was {
		return ErrChanged
	}
	if s.orig != nil {
		cur, err := os.ReadFile(s.name)
		if err != nil {
			return err
		}
		if string(cur) != string(s.orig) {
			return ErrChanged
		}
	}
	return nil
}

// syncDirsEach fsyncs each directory, the portable way to make renames durable.
func syncDirsEach(dirs []string) error {
	for _, d := range dirs {
		if err := SyncDir(d); err != nil {
			return err
		}
	}
	return nil
}

// fsyncEach is the portable way to make staged files durable.
func fsyncEach(batch []staged) error {
	for _, s := range batch {
		f, err := os.Open(s.tmp)
		if err != nil {
			return targetErr(s.name, err)
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return targetErr(s.name, err)
		}
	}
	return nil
}
