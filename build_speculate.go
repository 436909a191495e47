// Speculation rules in a build (docs/speculation.md): the plan is made from every page's
// links before any page is written, each page's block gets its inline rules (onPage), and
// with delivery by header the one rules file is written into the root of the output tree.

package preloadgen

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/internal/atomicfile"
	"github.com/preloadgen/preloadgen/speculate"
)

// speculation returns the build's speculation options, the base path defaulting to the
// site's.
func (o BuildOptions) speculation() speculate.Options {
	so := o.Speculation
	if so.BasePath == "" {
		so.BasePath = o.Source.BasePath
	}
	return so
}

// speculation makes the build's plan; nil when speculation is off. scans (watch's, nil for
// a build) holds the pages' facts from the last plan: only the pages changed since are
// read again.
func (r *buildRun) speculation(ctx context.Context, o BuildOptions, scans *speculate.Scans) (*speculate.Plan, error) {
	so := o.speculation()
	if so.Mode == speculate.Off {
		return nil, nil
	}
	if so.Via == speculate.ViaHeader && strings.ContainsFunc(so.BasePath, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("/._~-", r))
	}) {
		return nil, fmt.Errorf("%w: the base path %q cannot go into every server config's Speculation-Rules header (letters, digits and /._~- only)", ErrBadOptions, so.BasePath)
	}
	site := r.t.site
	read := func(page string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(strings.TrimPrefix(page, "/"))))
		return emit.Strip(b), err
	}
	plan, err := speculate.NewPlan(ctx, read, r.pages, so, scans)
	if err != nil {
		return nil, fmt.Errorf("speculation rules: %w", err)
	}
	return plan, nil
}

// writeSpeculation reports the rules in res and, for delivery by header, writes the rules
// file into the output tree (with Check: notes whether it would change).
func (w *pageWriter) writeSpeculation(o BuildOptions, res *BuildResult) {
	if w.spec == nil {
		return
	}
	so := o.speculation()
	sr := &SpeculationResult{Mode: so.Mode.String(), Via: "inline", Pages: w.specPages, OwnRules: w.spec.OwnRules(), Routed: w.spec.Routed()}
	res.Speculation = sr
	if n := len(sr.Routed); n > 0 {
		router := w.specRouter
		if router == "" {
			router = "a client-side router"
		}
		res.Diagnostics = append(res.Diagnostics, warn("", "no speculation rules on %d pages that load %s: it follows their links in place, so a prefetched document would not be used (e.g. %s)", n, router, strings.TrimPrefix(sr.Routed[0], "/")))
	}
	skipped := append([]Diagnostic(nil), w.specSkipped...)
	sort.SliceStable(skipped, func(i, j int) bool { return skipped[i].File < skipped[j].File })
	res.Diagnostics = append(res.Diagnostics, skipped...)
	if so.Via != speculate.ViaHeader {
		return
	}
	sr.Via, sr.File, sr.Header, sr.URL = "header", speculate.FileName, so.HeaderValue(), so.FileURL()
	data := w.spec.File()
	if data == nil {
		data = []byte("{}") // no page links to another: an empty rule set, still valid
	}
	data = append(data, '\n')
	sr.FileBytes = len(data)
	dst := filepath.Join(w.t.root, speculate.FileName)
	old, err := os.ReadFile(dst)
	if err == nil && bytesEqual(old, data) {
		return
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		res.Failed = append(res.Failed, failure(speculate.FileName, notWritten(err)))
		return
	}
	sr.FileChanged = true
	if w.check {
		return
	}
	if st, err := os.Lstat(dst); err == nil && !st.Mode().IsRegular() {
		res.Failed = append(res.Failed, failure(speculate.FileName, errors.New("not written: not a regular file (symlink?)")))
		sr.FileChanged = false
		return
	}
	if err := atomicfile.Write(dst, data, 0o644); err != nil {
		res.Failed = append(res.Failed, failure(speculate.FileName, notWritten(err)))
		sr.FileChanged = false
	}
}
