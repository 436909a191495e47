package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
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
type Batch struct {
	// MaxFiles and MaxBytes trigger a Flush from Stage; defaults 512 files, 64 MiB.
	MaxFiles int
	MaxBytes int64
	// OnError, when set, receives the targets whose rename failed during a Flush.
	OnError func(name string, err error)

	mu     sync.Mutex
	staged []staged
	bytes  int64
}

type staged struct {
	tmp, name string
}

// Stage writes data to a temporary file beside name; the rename happens at the next Flush.
func (b *Batch) Stage(name string, data []byte, perm fs.FileMode) error {
	f, err := createTemp(name)
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Close()
	} else {
		f.Close()
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s: %w", name, err)
	}
	b.mu.Lock()
	b.staged = append(b.staged, staged{tmp: tmp, name: name})
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
		if err := os.Rename(s.tmp, s.name); err != nil {
			os.Remove(s.tmp)
			if b.OnError != nil {
				b.OnError(s.name, err)
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
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", s.tmp, err)
		}
	}
	return nil
}
