//go:build linux

package preloadgen_test

// Faults in the middle of a build, made for real: a tmpfs that runs out of space while the
// pages (or the -out copy, or the server configs) are being written, and a directory of the
// site remounted read-only while the build is halfway through. Afterwards each failure
// names its file and the cause, every page is exactly its old bytes or exactly its new
// ones, no temporary file is left (but in a directory that is still read-only), and a
// re-run once the fault is gone finishes the job; the run after that changes nothing.
//
// The tests mount filesystems, so they need root: without it (or when mounting fails) they
// are skipped, except when CI is set, where they fail.

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/internal/atomicfile"
	"github.com/preloadgen/preloadgen/internal/mounttest"
	"github.com/preloadgen/preloadgen/internal/sitegen"
	"github.com/preloadgen/preloadgen/internal/treecopy"
)

const (
	errNoSpace  = "no space left on device"
	errReadOnly = "read-only file system"
)

// genSite writes a generated site into a fresh directory and returns it and its pages.
func genSite(t *testing.T, o sitegen.Options) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	pages, err := sitegen.Generate(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(pages)
	return dir, pages
}

// refBuild builds a copy of site on the normal disk: the bytes every page and config should
// end up with. It returns the copy and the config dir.
func refBuild(t *testing.T, site string) (string, string) {
	t.Helper()
	ref := t.TempDir()
	treecopy.Copy(t, site, ref)
	cfg := filepath.Join(t.TempDir(), "cfg")
	build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: ref}}, ConfigDir: cfg})
	return ref, cfg
}

// oldOrNew checks that every page under root holds its old bytes or its new ones, and
// returns the pages that got their new bytes and those still waiting for them.
func oldOrNew(t *testing.T, root string, pages []string, old, want map[string][]byte) (written, left []string) {
	t.Helper()
	got := readPages(t, root, pages)
	for _, p := range pages {
		switch {
		case bytes.Equal(old[p], want[p]):
			if !bytes.Equal(got[p], old[p]) {
				t.Errorf("%s gets no hints but was changed", p)
			}
		case bytes.Equal(got[p], want[p]):
			written = append(written, p)
		case bytes.Equal(got[p], old[p]):
			left = append(left, p)
		default:
			t.Errorf("%s is neither its old bytes nor its new ones (%d bytes)", p, len(got[p]))
		}
	}
	return written, left
}

// temps lists the temporary files under root.
func temps(t *testing.T, root string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && atomicfile.IsTemp(d.Name()) {
			found = append(found, p)
		}
		return nil
	})
	return found
}

func sameTree(t *testing.T, what, got, want string) {
	t.Helper()
	g, w := treeHashes(t, got), treeHashes(t, want)
	if len(g) == 0 || len(w) == 0 {
		t.Fatalf("%s: empty tree (%d files, want %d)", what, len(g), len(w))
	}
	for name, h := range w {
		if gh, ok := g[name]; !ok {
			t.Errorf("%s: %s is missing", what, name)
		} else if gh != h {
			t.Errorf("%s: %s differs from the reference build's", what, name)
		}
	}
	for name := range g {
		if _, ok := w[name]; !ok {
			t.Errorf("%s: %s is not in the reference build", what, name)
		}
	}
}

// failures maps each failed page to its error, checking that the error says why.
func failures(t *testing.T, res *preloadgen.BuildResult, cause string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, f := range res.Failed {
		if f.File == "" {
			continue // the server configs'
		}
		m["/"+f.File] = f.Err.Error()
		if f.Severity != preloadgen.SeverityError || !strings.Contains(f.Err.Error(), cause) {
			t.Errorf("failure %s: does not say %q", f, cause)
		}
	}
	return m
}

// configError returns the failure of the server configs, "" when they were written.
func configError(res *preloadgen.BuildResult) string {
	for _, f := range res.Failed {
		if f.File == "" {
			return f.String()
		}
	}
	return ""
}

// TestBuildFaultDiskFull: the site's filesystem fills up while the pages are staged. The
// pages whose new bytes fit are written, the others fail with ENOSPC and stay as they were,
// and after the space is freed a re-run writes them.
func TestBuildFaultDiskFull(t *testing.T) {
	mounttest.Root(t)
	orig, pages := genSite(t, sitegen.Options{Pages: 60, Seed: 1, MinKB: 8, MaxKB: 16})
	old := readPages(t, orig, pages)
	ref, refCfg := refBuild(t, orig)
	want := readPages(t, ref, pages)
	var grow int64 // bytes of the changed pages' new versions
	for _, p := range pages {
		if !bytes.Equal(old[p], want[p]) {
			grow += int64(len(want[p]))
		}
	}

	mnt := mounttest.Tmpfs(t, 8<<20)
	site := filepath.Join(mnt, "site")
	treecopy.Copy(t, orig, site)
	filler := filepath.Join(mnt, "filler")
	mounttest.Fill(t, filler, grow/3) // room for about a third of the new pages
	opts := preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}, ConfigDir: filepath.Join(t.TempDir(), "cfg")}

	res, err := preloadgen.Build(context.Background(), opts)
	if err != nil {
		t.Fatalf("a full disk failed the whole build (want per-page failures): %v", err)
	}
	failed := failures(t, res, errNoSpace)
	written, left := oldOrNew(t, site, pages, old, want)
	if len(written) == 0 || len(left) == 0 {
		t.Fatalf("not a fault mid-build: %d pages written, %d not", len(written), len(left))
	}
	for _, p := range left {
		if _, ok := failed[p]; !ok {
			t.Errorf("%s was not written but is not reported", p)
		}
	}
	if len(failed) != len(left) {
		t.Errorf("%d failures reported, %d pages left as they were", len(failed), len(left))
	}
	if res.Changed != len(written) {
		t.Errorf("pages_changed %d, but %d pages were written", res.Changed, len(written))
	}
	// _headers goes into the site: it may not fit either, and then the error says so.
	if configError(res) != "" && (!strings.Contains(configError(res), filepath.Join(site, "_headers")) || !strings.Contains(configError(res), errNoSpace)) {
		t.Errorf("config error: %s", configError(res))
	}
	if left := temps(t, mnt); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}
	t.Logf("%d pages written, %d failed, e.g. %s: %s; config error: %q", len(written), len(failed), left[0], failed[left[0]], configError(res))

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	again := build(t, opts)
	if configError(again) != "" {
		t.Fatalf("re-run: config error: %s", configError(again))
	}
	if again.Changed != len(left) {
		t.Errorf("re-run changed %d pages, want the %d left", again.Changed, len(left))
	}
	sameTree(t, "site after the re-run", site, ref)
	sameTree(t, "configs after the re-run", opts.ConfigDir, refCfg)
	third := build(t, opts)
	if third.Changed != 0 || configError(third) != "" || len(third.Configs.Written) != 0 {
		t.Errorf("third run: %d pages changed, configs written %q, config error %q", third.Changed, third.Configs.Written, configError(third))
	}
	if left := temps(t, mnt); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}
}

// TestBuildFaultConfigDirFull: the pages can be written but the config dir is full. The
// error names the config file, and the configs an earlier build wrote stay as they were.
func TestBuildFaultConfigDirFull(t *testing.T) {
	mounttest.Root(t)
	orig, _ := genSite(t, sitegen.Options{Pages: 30, Seed: 2, MinKB: 4, MaxKB: 8})
	ref, refCfg := refBuild(t, orig)
	site := t.TempDir()
	treecopy.Copy(t, orig, site)
	mnt := mounttest.Tmpfs(t, 1<<20)
	cfg := filepath.Join(mnt, "cfg")
	// An earlier build that left out /docs: its configs differ from the full build's.
	opts := preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site, Skip: []string{"/docs"}}}, ConfigDir: cfg}
	build(t, opts)
	before := treeHashes(t, cfg)
	headersBefore, err := os.ReadFile(filepath.Join(site, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(mnt, "filler")
	mounttest.Fill(t, filler, 0)

	opts.Source.Skip = nil
	res, err := preloadgen.Build(context.Background(), opts)
	if err != nil {
		t.Fatalf("a full config dir failed the whole build: %v", err)
	}
	if len(failures(t, res, "")) > 0 {
		t.Errorf("pages failed: %v", res.Failed)
	}
	named := ""
	for name := range before {
		if strings.Contains(configError(res), filepath.Join(cfg, name)) {
			named = name
		}
	}
	if named == "" || !strings.Contains(configError(res), errNoSpace) {
		t.Errorf("config error does not name the config file and the cause: %q", configError(res))
	}
	if strings.Contains(configError(res), atomicfile.TempSuffix) {
		t.Errorf("config error names a temporary file, not the config: %q", configError(res))
	}
	t.Logf("config error: %s", configError(res))
	if after := treeHashes(t, cfg); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the configs of the earlier build changed:\n%v\n%v", before, after)
	}
	if b, _ := os.ReadFile(filepath.Join(site, "_headers")); !bytes.Equal(b, headersBefore) {
		t.Error("_headers was written although the configs before it failed")
	}
	if left := temps(t, mnt); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	again := build(t, opts)
	if configError(again) != "" {
		t.Fatalf("re-run: config error: %s", configError(again))
	}
	sameTree(t, "configs after the re-run", cfg, refCfg)
	sameTree(t, "site after the re-run", site, ref)
	third := build(t, opts)
	if third.Changed != 0 || len(third.Configs.Written) != 0 {
		t.Errorf("third run: %d pages changed, configs written %q", third.Changed, third.Configs.Written)
	}
}

// TestBuildFaultDiskFullOut: -out onto a filesystem that fills up during the copy. The
// files that fit are complete, the others are reported by name, the site is not touched,
// and a re-run after freeing the space completes the output.
func TestBuildFaultDiskFullOut(t *testing.T) {
	mounttest.Root(t)
	src, _ := genSite(t, sitegen.Options{Pages: 60, Seed: 3, MinKB: 8, MaxKB: 16})
	srcBefore := treeHashes(t, src)
	refOut := filepath.Join(t.TempDir(), "out")
	refCfg := filepath.Join(t.TempDir(), "cfg")
	build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: refOut, ConfigDir: refCfg})
	wantOut := treeHashes(t, refOut)
	var total int64
	filepath.WalkDir(refOut, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if st, err := d.Info(); err == nil {
				total += st.Size()
			}
		}
		return nil
	})

	mnt := mounttest.Tmpfs(t, 8<<20)
	out := filepath.Join(mnt, "out")
	filler := filepath.Join(mnt, "filler")
	mounttest.Fill(t, filler, total/2)
	opts := preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: src}}, Out: out, ConfigDir: filepath.Join(t.TempDir(), "cfg")}

	res, err := preloadgen.Build(context.Background(), opts)
	if err != nil {
		t.Fatalf("a full -out disk failed the whole build (want per-file failures): %v", err)
	}
	failed := failures(t, res, errNoSpace)
	if len(failed) == 0 {
		t.Fatal("nothing failed: the disk was not full")
	}
	got := treeHashes(t, out)
	complete := 0
	for name, h := range got {
		if w, ok := wantOut[name]; !ok {
			t.Errorf("%s in the output is not in the reference build", name)
		} else if h != w {
			t.Errorf("%s in the output is incomplete or wrong", name)
		} else {
			complete++
		}
	}
	for name := range wantOut {
		if _, ok := got[name]; ok {
			continue
		}
		if _, ok := failed["/"+name]; ok {
			continue
		}
		if name == "_headers" && strings.Contains(configError(res), filepath.Join(out, "_headers")) && strings.Contains(configError(res), errNoSpace) {
			continue
		}
		t.Errorf("%s is missing from the output and not reported", name)
	}
	if complete == 0 {
		t.Fatal("not a fault mid-copy: nothing was copied")
	}
	if left := temps(t, mnt); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}
	if after := treeHashes(t, src); fmt.Sprint(after) != fmt.Sprint(srcBefore) {
		t.Fatal("the site changed")
	}
	t.Logf("%d of %d files complete, %d failures, e.g. %s: %s; config error: %q", complete, len(wantOut), len(failed), res.Failed[0].File, res.Failed[0].Err, configError(res))

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	again := build(t, opts)
	if configError(again) != "" {
		t.Fatalf("re-run: config error: %s", configError(again))
	}
	sameTree(t, "output after the re-run", out, refOut)
	sameTree(t, "configs after the re-run", opts.ConfigDir, refCfg)
	third := build(t, opts)
	if third.Changed != 0 || len(third.Configs.Written) != 0 {
		t.Errorf("third run: %d pages changed, configs written %q", third.Changed, third.Configs.Written)
	}
	if after := treeHashes(t, src); fmt.Sprint(after) != fmt.Sprint(srcBefore) {
		t.Fatal("the site changed")
	}
	if left := temps(t, mnt); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}
}

// TestBuildFaultReadOnlyHalfway: one directory of the site becomes read-only while the
// build is halfway through it. Pages are staged as temp files and renamed in batches of
// 512, so with one worker the run goes: a first batch renamed, then half the directory's
// pages staged, the remount, the other half refused at staging, the pages after it staged,
// and the last batch renamed, where the renames into the read-only directory fail. Its
// pages stay as they were, every other page is written, and after a remount read-write a
// re-run finishes the job.
func TestBuildFaultReadOnlyHalfway(t *testing.T) {
	mounttest.Root(t)
	orig, pages := genSite(t, sitegen.Options{Pages: 600, Seed: 4, MinKB: 2, MaxKB: 4})
	old := readPages(t, orig, pages)
	ref, refCfg := refBuild(t, orig)
	want := readPages(t, ref, pages)

	// The first batch is renamed when the 512th changed page is staged.
	flushAt, staged := -1, 0
	for i, p := range pages {
		if !bytes.Equal(old[p], want[p]) {
			if staged++; staged == 512 {
				flushAt = i
				break
			}
		}
	}
	if flushAt < 0 {
		t.Fatalf("only %d pages change: no batch is renamed before the end", staged)
	}
	// The read-only directory: the first section directory (e.g. /docs/0004) whose pages
	// all come after the first batch and before the last page.
	dirOf := func(p string) string { return strings.Join(strings.SplitN(p, "/", 4)[:3], "/") }
	lo, hi := -1, -1
	for i := flushAt + 1; i < len(pages); i++ {
		if strings.Count(pages[i], "/") < 3 || dirOf(pages[i]) == dirOf(pages[flushAt]) {
			continue
		}
		if lo < 0 {
			lo = i
		} else if dirOf(pages[i]) != dirOf(pages[lo]) {
			hi = i
			break
		}
	}
	if lo < 0 || hi < 0 || hi-lo < 4 {
		t.Fatalf("no directory between the first batch (page %d) and the end", flushAt)
	}
	roDir := dirOf(pages[lo])
	inRO := func(p string) bool { return strings.HasPrefix(p, roDir+"/") }
	mid := (lo + hi) / 2

	site := t.TempDir()
	treecopy.Copy(t, orig, site)
	ro := filepath.Join(site, filepath.FromSlash(roDir))
	mounttest.Bind(t, ro)
	var flipErr error
	flipped := false
	newBefore := 0 // pages already renamed into place when the directory went read-only
	opts := preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}, Workers: 1}, ConfigDir: filepath.Join(t.TempDir(), "cfg")}
	opts.Progress = func(done, total int) {
		if done == mid { // pages [0, mid) are staged, half of the directory among them
			for _, p := range pages[:flushAt+1] {
				if b, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(p))); err == nil && !bytes.Equal(old[p], want[p]) && bytes.Equal(b, want[p]) {
					newBefore++
				}
			}
			flipErr, flipped = mounttest.Remount(ro, true), true
		}
	}
	res, err := preloadgen.Build(context.Background(), opts)
	if !flipped || flipErr != nil {
		mounttest.Skip(t, "remount %s read-only after %d pages: %v", ro, mid, flipErr)
	}
	if err != nil {
		t.Fatalf("a read-only directory failed the whole build (want per-page failures): %v", err)
	}
	failed := failures(t, res, errReadOnly)
	written, left := oldOrNew(t, site, pages, old, want)
	for _, p := range left {
		if !inRO(p) {
			t.Errorf("%s, outside the read-only directory, was not written", p)
		}
	}
	for _, p := range written {
		if inRO(p) {
			t.Errorf("%s, in the read-only directory, was written", p)
		}
	}
	for p := range failed {
		if !inRO(p) {
			t.Errorf("%s failed outside the read-only directory: %s", p, failed[p])
		}
	}
	for _, p := range left {
		if _, ok := failed[p]; !ok {
			t.Errorf("%s was not written but is not reported", p)
		}
	}
	if len(left) == 0 || len(written) == 0 || newBefore != 512 {
		t.Fatalf("not a fault mid-build: %d pages written (%d of them before the remount, want 512), %d not", len(written), newBefore, len(left))
	}
	if res.Changed != len(written) || configError(res) != "" {
		t.Errorf("pages_changed %d (%d written), config error %q", res.Changed, len(written), configError(res))
	}
	// The pages staged before the remount left temp files that cannot be removed while the
	// directory is read-only; nowhere else may one be left.
	stuck := temps(t, site)
	for _, p := range stuck {
		if !strings.HasPrefix(p, ro+string(filepath.Separator)) {
			t.Errorf("temporary file left outside the read-only directory: %s", p)
		}
	}
	stagedBefore := 0
	for _, p := range pages[lo:mid] {
		if !bytes.Equal(old[p], want[p]) {
			stagedBefore++
		}
	}
	if len(stuck) != stagedBefore || stagedBefore == 0 || stagedBefore == len(failed) {
		t.Errorf("%d temp files stuck, %d pages staged before the remount, %d failed: the remount did not come between the stage and the rename of some pages", len(stuck), stagedBefore, len(failed))
	}
	sort.Strings(left)
	t.Logf("%s read-only after %d of %d pages (%d written by then): %d pages written, %d failed (e.g. %s: %s), %d temp files stuck in it",
		roDir, mid, len(pages), newBefore, len(written), len(failed), left[0], failed[left[0]], len(stuck))

	if err := mounttest.Remount(ro, false); err != nil {
		t.Fatalf("remount %s read-write: %v", ro, err)
	}
	opts.Progress = nil
	again := build(t, opts)
	if again.Changed != len(left) {
		t.Errorf("re-run changed %d pages, want the %d left", again.Changed, len(left))
	}
	sameTree(t, "site after the re-run", site, ref)
	sameTree(t, "configs after the re-run", opts.ConfigDir, refCfg)
	if third := build(t, opts); third.Changed != 0 || len(third.Configs.Written) != 0 {
		t.Errorf("third run: %d pages changed, configs written %q", third.Changed, third.Configs.Written)
	}
	if left := temps(t, site); len(left) > 0 {
		t.Errorf("temporary files left after the re-run: %q", left)
	}
}

// A temporary file an earlier run left in a directory that is now read-only cannot be
// removed: the build names it and goes on with every page it can write (it used to stop
// as a whole before writing anything).
func TestBuildStuckTempFileDoesNotStopTheBuild(t *testing.T) {
	mounttest.Root(t)
	site := t.TempDir()
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), site)
	stuckDir := filepath.Join(site, "about")
	stuck := filepath.Join(stuckDir, ".index.html.123"+atomicfile.TempSuffix)
	if err := os.WriteFile(stuck, []byte("half a page"), 0o644); err != nil {
		t.Fatal(err)
	}
	mounttest.Bind(t, stuckDir)
	if err := mounttest.Remount(stuckDir, true); err != nil {
		mounttest.Skip(t, "%v", err)
	}
	defer mounttest.Remount(stuckDir, false)
	res, err := preloadgen.Build(context.Background(), preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}, ConfigDir: filepath.Join(t.TempDir(), "cfg")})
	if err != nil {
		t.Fatalf("build stopped: %v", err)
	}
	found := false
	for _, d := range res.Diagnostics {
		if d.File == "about/"+filepath.Base(stuck) && strings.Contains(d.Err.Error(), "read-only file system") {
			found = true
		}
	}
	if !found {
		t.Errorf("no diagnostic names the stuck temporary file: %v", res.Diagnostics)
	}
	if got, _ := os.ReadFile(filepath.Join(site, "index.html")); !bytes.Contains(got, []byte(emit.BlockStart)) {
		t.Error("the home page was not rewritten")
	}
	if len(res.Failed) != 1 || res.Failed[0].File != "about/index.html" {
		t.Errorf("failed = %v, want only the page in the read-only directory", res.Failed)
	}
}
