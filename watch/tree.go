// Directory tracking. inotify watches one directory at a time, so the tree keeps one watch
// per directory of the site, adds watches for directories as they appear and forgets those
// that go. The directories skipped are those the build skips (hidden ones, node_modules,
// an -out tree inside the site), so events there never start a build.

package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/preloadgen/preloadgen/internal/atomicfile"
)

type tree struct {
	site    string
	fsw     notifier
	skip    []string
	watched map[string]bool
	gone    bool // the site directory does not exist right now
}

func newTree(site string, fsw notifier, skip []string) *tree {
	return &tree{site: site, fsw: fsw, skip: skip, watched: map[string]bool{}}
}

// watchParent watches the site's parent directory, which reports the site's own removal
// and re-creation.
func (t *tree) watchParent() error {
	parent := filepath.Dir(t.site)
	if parent == t.site {
		return nil
	}
	if err := t.fsw.Add(parent); err != nil {
		return fmt.Errorf("watching %s (to notice the site being recreated): %w", parent, limitError(parent, err))
	}
	return nil
}

// add watches dir and every directory below it that is not skipped; found, when set,
// receives every file met on the way. Directories that vanish meanwhile are left out.
func (t *tree) add(dir string, found func(string)) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if p == dir {
				return err
			}
			return nil // unreadable: nothing to watch there
		}
		if !d.IsDir() {
			if found != nil && !t.ignored(p) {
				found(p)
			}
			return nil
		}
		if p != t.site && t.ignored(p) {
			return fs.SkipDir
		}
		if t.watched[p] {
			return nil
		}
		if err := t.fsw.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
				return fs.SkipDir
			}
			return limitError(p, err)
		}
		t.watched[p] = true
		return nil
	})
	if err == nil && dir == t.site {
		t.gone = false
	}
	return err
}

// drop forgets the watches of dir and everything below it (a removed or renamed-away
// directory; the kernel has already dropped or will drop them).
func (t *tree) drop(dir string) {
	if !t.watched[dir] {
		return
	}
	prefix := dir + string(filepath.Separator)
	for p := range t.watched {
		if p == dir || strings.HasPrefix(p, prefix) {
			t.fsw.Remove(p) // may already be gone; nothing to do then
			delete(t.watched, p)
		}
	}
}

// reset forgets every watch below the site (kept: the parent's).
func (t *tree) reset() {
	for p := range t.watched {
		t.fsw.Remove(p)
	}
	t.watched = map[string]bool{}
}

// inside reports whether p lies strictly inside the site.
func (t *tree) inside(p string) bool {
	return strings.HasPrefix(p, t.site+string(filepath.Separator))
}

// ignored reports whether events on p (inside the site) never matter: temp files of the
// tool's atomic writes, and anything in a directory the build skips.
func (t *tree) ignored(p string) bool {
	base := filepath.Base(p)
	if atomicfile.IsTemp(base) {
		return true
	}
	for _, s := range t.skip {
		if p == s || strings.HasPrefix(p, s+string(filepath.Separator)) {
			return true
		}
	}
	rel, err := filepath.Rel(t.site, p)
	if err != nil {
		return true
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	st, statErr := os.Lstat(p)
	isDir := statErr == nil && st.IsDir()
	for i, part := range parts {
		if i == len(parts)-1 && !isDir {
			break // a file's own name may start with a dot; only directories are skipped
		}
		if strings.HasPrefix(part, ".") || part == "node_modules" {
			return true
		}
	}
	return false
}

// limitError turns running out of inotify watches or instances into a message that says
// which setting to raise.
func limitError(p string, err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("watching %s: the limit on inotify watches is reached; raise it with e.g. 'sudo sysctl fs.inotify.max_user_watches=524288' (and in /etc/sysctl.conf to keep it): %w", p, err)
	case errors.Is(err, syscall.EMFILE):
		return fmt.Errorf("watching %s: the limit on inotify instances is reached; raise it with e.g. 'sudo sysctl fs.inotify.max_user_instances=1024' (also check fs.inotify.max_user_watches): %w", p, err)
	}
	return fmt.Errorf("watching %s: %w", p, err)
}
