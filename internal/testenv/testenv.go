// Package testenv holds the one rule for tests that need a real part of the machine
// (Chromium, nginx, Caddy, root for mounts): without it they skip locally, and they fail
// when the environment variable CI is set, because CI must run every test against the real
// thing.
package testenv

import (
	"fmt"
	"os"
	"testing"
)

// Missing skips the test because a part it needs is missing, or fails it under CI.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (CI is set: this test must run against the real part)", msg)
	}
	t.Skip(msg)
}
