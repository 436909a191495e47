package preloadgen_test

// The crash test re-executes this test binary as a build process (TestBuildCrashChild,
// which only acts when PRELOADGEN_CRASH_SITE is set) and kills it with SIGKILL at random
// moments. Afterwards every page must be exactly its old bytes or exactly its new ones,
// and the next build must clean up and finish the job.

import (
	"bytes"
	"context"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/internal/atomicfile"
	"github.com/preloadgen/preloadgen/internal/sitegen"
	"github.com/preloadgen/preloadgen/internal/treecopy"
)

func TestBuildCrashChild(t *testing.T) {
	dir := os.Getenv("PRELOADGEN_CRASH_SITE")
	if dir == "" {
		t.Skip("only runs as the crash test's child process")
	}
	if _, err := preloadgen.Build(context.Background(), preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: dir}}}); err != nil {
		t.Fatal(err)
	}
}

func readPages(t *testing.T, dir string, pages []string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, p := range pages {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		m[p] = b
	}
	return m
}

func TestBuildSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	orig := t.TempDir()
	pages, err := sitegen.Generate(orig, sitegen.Options{Pages: 300, Seed: 7, MinKB: 4, MaxKB: 20})
	if err != nil {
		t.Fatal(err)
	}
	old := readPages(t, orig, pages)
	// The expected new bytes come from an uninterrupted build of a copy.
	ref := t.TempDir()
	treecopy.Copy(t, orig, ref)
	start := time.Now()
	build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: ref}}})
	full := time.Since(start)
	want := readPages(t, ref, pages)
	changed := 0
	for _, p := range pages {
		if !bytes.Equal(old[p], want[p]) {
			changed++
		}
	}
	if changed < len(pages)/2 {
		t.Fatalf("only %d of %d pages get hints: the test would prove little", changed, len(pages))
	}

	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	// The child also pays for process start: allow twice the in-process build time so
	// kills land before, during and after the writes.
	window := 2*full + 30*time.Millisecond
	origFiles := treeHashes(t, orig)
	temps := 0
	var sawOld, sawNew, sawMixed int
	for round := 0; round < 10; round++ {
		site := t.TempDir()
		treecopy.Copy(t, orig, site)
		cmd := exec.Command(os.Args[0], "-test.run=^TestBuildCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "PRELOADGEN_CRASH_SITE="+site)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Int63n(int64(window)))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		nOld, nNew := 0, 0
		got := readPages(t, site, pages)
		for _, p := range pages {
			switch {
			case bytes.Equal(got[p], want[p]):
				nNew++
			case bytes.Equal(got[p], old[p]):
				nOld++
			default:
				t.Fatalf("round %d (killed after %v): %s is neither old nor new (%d bytes)", round, delay, p, len(got[p]))
			}
		}
		switch {
		case nNew == len(pages):
			sawNew++
		case nOld == len(pages):
			sawOld++
		default:
			sawMixed++
		}
		// Nothing new may be left but temp files, which never look like pages; the
		// next run removes them.
		filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(site, p)
			if _, ok := origFiles[filepath.ToSlash(rel)]; ok {
				return nil
			}
			if !atomicfile.IsTemp(d.Name()) || strings.HasSuffix(d.Name(), ".html") {
				t.Errorf("round %d: stray file %s", round, rel)
			}
			temps++
			return nil
		})
		build(t, preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}})
		final := readPages(t, site, pages)
		for _, p := range pages {
			if !bytes.Equal(final[p], want[p]) {
				t.Fatalf("round %d: follow-up build left %s unfinished", round, p)
			}
		}
		filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
			if err == nil && atomicfile.IsTemp(d.Name()) {
				t.Errorf("round %d: temp file left after the follow-up build: %s", round, p)
			}
			return nil
		})
	}
	t.Logf("in-process build %v; kills in [0,%v): %d all-old, %d mixed, %d all-new; %d temp files left by kills, all cleaned", full, window, sawOld, sawMixed, sawNew, temps)
}
