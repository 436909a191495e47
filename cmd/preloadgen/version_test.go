package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	platform := runtime.GOOS + "/" + runtime.GOARCH
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	for _, tc := range []struct {
		name    string
		stamped string
		bi      *debug.BuildInfo
		want    string
	}{
		{"no build info", "", nil, "preloadgen (devel) " + runtime.Version() + " " + platform},
		{"go test", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/preloadgen/preloadgen", Version: "(devel)"}},
			"preloadgen (devel) go1.26.8 " + platform},
		{"go install module@version", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.3.1"}},
			"preloadgen v0.3.1 go1.26.8 " + platform},
		{"checkout, clean", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261130071500-3f2a9c1e4b7d"},
			Settings: vcs("vcs", "git", "vcs.revision", "3f2a9c1e4b7d5a6f00112233445566778899aabb", "vcs.time", "2026-11-30T07:15:00Z", "vcs.modified", "false")},
			"preloadgen v0.0.0-20261130071500-3f2a9c1e4b7d go1.26.8 " + platform + " (rev 3f2a9c1e4b7d, 2026-11-30T07:15:00Z)"},
		{"release build", "0.3.1", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261130071500-3f2a9c1e4b7d+dirty"},
			Settings: vcs("vcs.revision", "3f2a9c1e4b7d5a6f00112233445566778899aabb", "vcs.time", "2026-11-30T07:15:00Z", "vcs.modified", "true")},
			"preloadgen v0.3.1 go1.26.8 " + platform + " (rev 3f2a9c1e4b7d, 2026-11-30T07:15:00Z, modified)"},
		{"release build, v given", "v0.3.1", nil, "preloadgen v0.3.1 " + runtime.Version() + " " + platform},
	} {
		if got := versionLine(tc.stamped, tc.bi); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"-version"}, {"--version"}} {
		code, out, errOut := runCLI(t, args...)
		if code != 0 || !strings.HasPrefix(out, "preloadgen ") || !strings.Contains(out, " "+runtime.Version()+" ") || strings.Count(out, "\n") != 1 || errOut != "" {
			t.Errorf("preloadgen %s: exit %d\n%s%s", args[0], code, out, errOut)
		}
	}
	if code, _, errOut := runCLI(t, "version", "site"); code != 2 || !strings.Contains(errOut, "expected no arguments") {
		t.Errorf("version with an argument: exit %d, %s", code, errOut)
	}
}
