// Package chromeflags holds what every headless Chromium the tool starts has in common: the
// command-line flags that keep it quiet on a machine with a closed network (no background
// networking, no component updates, no sync, no first-run pages) and fair for timing (no
// background throttling). measure and verify add their own flags on top.
package chromeflags

import (
	"fmt"

	"github.com/chromedp/chromedp"
)

// flag is one command-line flag: true means the bare --name.
type flag struct {
	name  string
	value any
}

var common = [...]flag{
	{"headless", "new"},
	{"no-sandbox", true},
	{"disable-gpu", true},
	{"disable-quic", true},
	{"no-first-run", true},
	{"no-default-browser-check", true},
	{"disable-background-networking", true},
	{"disable-component-update", true},
	{"disable-sync", true},
	{"disable-extensions", true},
	{"disable-dev-shm-usage", true},
	{"disable-background-timer-throttling", true},
	{"disable-renderer-backgrounding", true},
	{"disable-backgrounding-occluded-windows", true},
}

// Options returns the allocator options for a headless Chromium at path with its profile
// in userDataDir.
func Options(path, userDataDir string) []chromedp.ExecAllocatorOption {
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(path)}
	for _, f := range common {
		opts = append(opts, chromedp.Flag(f.name, f.value))
	}
	return append(opts, chromedp.UserDataDir(userDataDir))
}

// Args returns the same flags as command-line arguments, for a Chromium started without
// chromedp's allocator.
func Args(userDataDir string) []string {
	var args []string
	for _, f := range common {
		if f.value == true {
			args = append(args, "--"+f.name)
		} else {
			args = append(args, fmt.Sprintf("--%s=%v", f.name, f.value))
		}
	}
	return append(args, "--user-data-dir="+userDataDir)
}
