//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/internal/atomicfile"
	"github.com/preloadgen/preloadgen/internal/mounttest"
	"github.com/preloadgen/preloadgen/internal/treecopy"
)

// TestBuildFaultDiskFullCLI: on a full disk build exits 1 with one line per page naming it
// and the cause, and one for the server config it could not write; the pages are intact.
func TestBuildFaultDiskFullCLI(t *testing.T) {
	mnt := mounttest.Tmpfs(t, 2<<20)
	site := filepath.Join(mnt, "site")
	treecopy.Copy(t, filepath.Join("..", "..", "fixtures", "blog"), site)
	before, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	mounttest.Fill(t, filepath.Join(mnt, "filler"), 0)
	cfg := filepath.Join(t.TempDir(), "cfg")

	code, out, errOut := runCLI(t, "build", "-config-dir", cfg, site)
	t.Logf("stdout:\n%sstderr:\n%s", out, errOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, line := range []string{
		"error: index.html: not written: no space left on device\n",
		"error: posts/typography/index.html: not written: no space left on device\n",
		"error: server configs: write " + filepath.Join(site, "_headers") + ": no space left on device\n",
	} {
		if !strings.Contains(errOut, line) {
			t.Errorf("stderr lacks %q", line)
		}
	}
	if strings.Contains(errOut, atomicfile.TempSuffix) {
		t.Error("stderr names a temporary file")
	}
	if !strings.Contains(out, "7 pages scanned: 0 rewritten, 7 left as they were") {
		t.Errorf("summary: %q", out)
	}
	if after, _ := os.ReadFile(filepath.Join(site, "index.html")); string(after) != string(before) {
		t.Error("index.html changed")
	}
}
