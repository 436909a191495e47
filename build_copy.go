// copySite fills the -out tree: every file of the site except the pages the build writes
// itself. Files are hard-linked when the filesystem allows it, else copied with their mode
// and mtime; a file already there (same inode, or same size and mtime) is left alone, so a
// second build touches nothing. Nothing is ever written through a link: replacing goes
// through a temp name and rename, so the site's own files are never modified. The root
// _headers file is always copied, never linked, because the config writer updates it.

package preloadgen

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/preloadgen/preloadgen/internal/atomicfile"
)

// A file that cannot be copied is reported (and its directory skipped when the directory
// cannot be made); the rest is still copied.
func copySite(ctx context.Context, t *targets, isPage map[string]bool, privatePaths []string) ([]Diagnostic, error) {
	private := map[string]bool{}
	for _, p := range privatePaths {
		private[path.Clean("/"+strings.TrimPrefix(p, "/"))] = true
	}
	// The walk starts from the site's real directory: given a symlink to it, WalkDir
	// would list the link and nothing under it.
	site := t.site
	if real, err := filepath.EvalSymlinks(site); err == nil {
		site = real
	}
	var failed []Diagnostic
	fail := func(p string, err error) {
		rel, _ := filepath.Rel(site, p)
		failed = append(failed, failure(filepath.ToSlash(rel), notWritten(err)))
	}
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == site {
				return err
			}
			fail(p, err)
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(site, p)
		if err != nil {
			return err
		}
		sp := "/" + filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		dst := filepath.Join(t.root, rel)
		switch {
		case d.IsDir():
			if sp == t.skip || dst == t.root {
				return fs.SkipDir
			}
			info, err := d.Info()
			if err == nil {
				err = os.MkdirAll(dst, info.Mode().Perm()|0o700)
			}
			if err != nil {
				fail(p, err)
				return fs.SkipDir
			}
			return nil
		case atomicfile.IsTemp(d.Name()) || isPage[sp]:
			return nil
		case private[sp]:
			if st, err := os.Lstat(dst); err == nil && st.Mode().IsRegular() {
				err = os.Remove(dst)
				if err != nil {
					fail(p, err)
				}
			}
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			err = copySymlink(p, dst)
		case d.Type().IsRegular():
			err = copyFile(p, dst, sp == "/_headers")
		}
		// Sockets, devices and the like are not part of a site: skipped.
		if err != nil {
			fail(p, err)
		}
		return nil
	})
	return failed, err
}

func copySymlink(src, dst string) error {
	target, err := os.Readlink(src)
	if err != nil {
		return err
	}
	if cur, err := os.Readlink(dst); err == nil && cur == target {
		return nil
	}
	return atomicfile.Symlink(target, dst)
}

func copyFile(src, dst string, noLink bool) error {
	sst, err := os.Stat(src)
	if err != nil {
		return err
	}
	if dstat, err := os.Lstat(dst); err == nil && dstat.Mode().IsRegular() {
		if os.SameFile(sst, dstat) || (dstat.Size() == sst.Size() && dstat.ModTime().Equal(sst.ModTime())) {
			return nil // already linked, or copied by an earlier build (rsync's test)
		}
	}
	if !noLink && atomicfile.Link(src, dst) == nil {
		return nil
	}
	// Another filesystem, or links not allowed: copy.
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := atomicfile.WriteFrom(dst, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	}, sst.Mode().Perm()); err != nil {
		return err
	}
	return os.Chtimes(dst, sst.ModTime(), sst.ModTime())
}

// copyDir makes dir, a directory of the output tree, and its missing parents as copySite
// makes them: each with the mode of the site's directory at the same place (owner rwx
// added). The page writer makes a page's directory this way when it comes before the copy.
func (t *targets) copyDir(dir string) error {
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return nil
	}
	rel, err := filepath.Rel(t.root, dir)
	if err != nil || rel == "." || !filepath.IsLocal(rel) {
		return os.MkdirAll(dir, 0o755)
	}
	if err := t.copyDir(filepath.Dir(dir)); err != nil {
		return err
	}
	perm := fs.FileMode(0o755)
	if st, err := os.Stat(filepath.Join(t.site, rel)); err == nil {
		perm = st.Mode().Perm() | 0o700
	}
	if err := os.Mkdir(dir, perm); err != nil {
		if st, serr := os.Stat(dir); serr == nil && st.IsDir() {
			return nil // the copy made it meanwhile
		}
		return err
	}
	return nil
}
