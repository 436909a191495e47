// The version command reads what the Go toolchain records in every binary
// (runtime/debug.ReadBuildInfo) rather than keeping a version in the source: a release build
// (make npm) stamps the release number with -ldflags "-X main.version=...", and every other
// build still says which module version, commit and toolchain it came from.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// version is the release number stamped by the release build (make npm). When empty, the
// main module's version from the build info is used.
var version string

func runVersion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("preloadgen version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() != 0 {
		return usageError{"expected no arguments"}
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	fmt.Fprintln(stdout, versionLine(version, bi))
	return nil
}

// versionLine is the one line `preloadgen version` prints:
//
//	preloadgen v0.3.1 go1.26.8 linux/amd64 (rev 3f2a9c1e4b7d, 2026-11-30T07:15:00Z, modified)
//
// The parenthesis is left out when the binary carries no VCS information (go install
// module@version, go test), and "modified" appears only for a build from a work tree with
// uncommitted changes.
func versionLine(stamped string, bi *debug.BuildInfo) string {
	v := stamped
	goVersion := runtime.Version()
	var rev, when string
	modified := false
	if bi != nil {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "(devel)"
	} else if stamped != "" && !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	line := fmt.Sprintf("preloadgen %s %s %s/%s", v, goVersion, runtime.GOOS, runtime.GOARCH)
	if rev == "" {
		return line
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	parts := []string{"rev " + rev}
	if when != "" {
		parts = append(parts, when)
	}
	if modified {
		parts = append(parts, "modified")
	}
	return line + " (" + strings.Join(parts, ", ") + ")"
}
