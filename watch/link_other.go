//go:build !unix

package watch

import "io/fs"

func hardLinked(fs.FileInfo) bool { return false }
