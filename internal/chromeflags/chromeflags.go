// Package chromeflags holds what every headless Chromium the tool starts has in common: the
// command-line flags that keep it quiet on a machine with a closed network (no background
// networking, no component updates, no sync, no first-run pages) and fair for timing (no
// background throttling). measure and verify add their own flags on top.
package chromeflags

import "github.com/chromedp/chromedp"

// Options returns the allocator options for a headless Chromium at path with its profile
// in userDataDir.
func Options(path, userDataDir string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", "new"),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.UserDataDir(userDataDir),
	}
}
