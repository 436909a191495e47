// Package emit writes what the analysis chose: the hint block spliced into each page
// (rewrite.go) and the same hints as server configuration (nginx, Caddy, Go middleware,
// _headers, JSON manifest).
package emit

import (
	"context"
	"errors"

	"github.com/preloadgen/preloadgen/graph"
)

// ConfigOptions say which server configs to write and where.
type ConfigOptions struct {
	Dir       string        // config dir (nginx, Caddy, Go, JSON outputs)
	SiteDir   string        // served tree root; _headers goes here
	Formats   []string      // nginx, caddy, go, headers, json; nil means all
	BasePath  string        // URL prefix the site is served under
	GoPackage string        // package name of the generated Go file; default "preloadhints"
	Pages     []*graph.Page // the analysis
	Check     bool          // write nothing; report what would change
}

// ConfigResult reports the files written (or, with Check, those that would change).
type ConfigResult struct {
	Written  []string
	Changed  []string
	Warnings []string
}

// WriteConfigs writes the server configs for the pages' header hints.
func WriteConfigs(ctx context.Context, o ConfigOptions) (*ConfigResult, error) {
	return nil, errors.New("server configs: not implemented yet")
}
