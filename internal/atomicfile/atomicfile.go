// Package atomicfile replaces files so that a reader, or a crash, sees either the old bytes
// or the new ones, never a mix: the data goes to a temporary file in the same directory
// (same filesystem, so the rename is atomic), is fsynced, gets the mode, then is renamed
// over the target. Temporary names start with "." and end in TempSuffix, so they are never
// taken for pages, and Clean removes those a killed run left behind.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// TempSuffix ends every temporary file name this package creates.
const TempSuffix = ".preloadgen-tmp"

// Write replaces name with data, atomically. The file's mode is perm.
func Write(name string, data []byte, perm fs.FileMode) error {
	return WriteFrom(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, perm)
}

// WriteFrom is Write with the content produced by fill.
func WriteFrom(name string, fill func(io.Writer) error, perm fs.FileMode) error {
	f, err := createTemp(name)
	if err != nil {
		return err
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return targetErr(name, err)
	}
	if err := fill(f); err != nil {
		return fail(err)
	}
	if err := f.Chmod(perm); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return targetErr(name, err)
	}
	if err := rename(tmp, name); err != nil {
		os.Remove(tmp)
		return targetErr(name, err)
	}
	return nil
}

// Link makes name a hard link to src, replacing name atomically when it exists.
func Link(src, name string) error {
	return replaceWith(name, func(tmp string) error { return os.Link(src, tmp) })
}

// Symlink makes name a symbolic link to target, replacing name atomically when it exists.
func Symlink(target, name string) error {
	return replaceWith(name, func(tmp string) error { return os.Symlink(target, tmp) })
}

// replaceWith makes a directory entry at name (make creates it). link(2) and symlink(2)
// never replace an entry, so a new name is made directly: it appears whole or not at all.
// An existing one is replaced by an entry made at a free temporary name beside it and
// renamed over it. No temporary file is created and removed on the way: on a filesystem
// without a journal, ext4 skips recently freed inodes when it allocates one, and a
// build that freed one per copied asset made every page's temporary file slower to create.
func replaceWith(name string, make func(tmp string) error) error {
	err := make(name)
	if err == nil {
		return nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return targetErr(name, err)
	}
	for range 100 {
		tmp := tempName(name)
		err = make(tmp)
		if errors.Is(err, fs.ErrExist) {
			continue // another entry holds that name: draw again
		}
		if err != nil {
			return targetErr(name, err)
		}
		if err := rename(tmp, name); err != nil {
			os.Remove(tmp)
			return targetErr(name, err)
		}
		return nil
	}
	return targetErr(name, err)
}

// tempName returns a temporary name beside name, as createTemp would choose it.
func tempName(name string) string {
	dir, base := filepath.Split(name)
	return filepath.Join(dir, "."+base+"."+strconv.FormatUint(uint64(rand.Uint32()), 10)+TempSuffix)
}

// SyncDir fsyncs a directory, making the renames done in it durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	return nil
}

// createTemp creates a temporary file beside name, named so that IsTemp knows it.
func createTemp(name string) (*os.File, error) {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	f, err := createExcl(dir, "."+base+".*"+TempSuffix)
	if err != nil {
		return nil, targetErr(name, err)
	}
	return f, nil
}

// targetErr names name in an error about its temporary file: the temporary name means
// nothing to whoever reads the message (and is gone by then). A *os.PathError or
// *os.LinkError on the temporary file becomes a *os.PathError on name with the same
// operation and cause ("write site/index.html: no space left on device"); any other error
// is prefixed with name.
func targetErr(name string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) && IsTemp(filepath.Base(pe.Path)) {
		return &os.PathError{Op: pe.Op, Path: name, Err: pe.Err}
	}
	var le *os.LinkError
	if errors.As(err, &le) && (IsTemp(filepath.Base(le.Old)) || IsTemp(filepath.Base(le.New)) || le.New == name) {
		return &os.PathError{Op: le.Op, Path: name, Err: le.Err}
	}
	return fmt.Errorf("%s: %w", name, err)
}

// IsTemp reports whether a file name is one of this package's temporary files.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.HasSuffix(name, TempSuffix)
}

// Clean removes the temporary files a killed run left under root, and returns their paths.
// It does not follow symbolic links and skips nothing else. A file that cannot be removed
// (a read-only directory, say) does not stop it: each such failure is in the returned error
// (errors.Join of errors naming the file).
func Clean(root string) ([]string, error) {
	var removed []string
	var errs []error
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil
		}
		if d.Type().IsRegular() && IsTemp(d.Name()) {
			if err := os.Remove(p); err != nil {
				errs = append(errs, err)
				return nil
			}
			removed = append(removed, p)
		}
		return nil
	})
	if err != nil {
		return removed, err
	}
	return removed, errors.Join(errs...)
}
