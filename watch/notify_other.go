//go:build !linux

package watch

func newNotifier() (notifier, error) { return newFSNotifier() }
