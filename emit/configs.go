// Package emit writes what the analysis chose: the hint block spliced into each page
// (rewrite.go) and the same hints as server configuration (nginx, Caddy, Go middleware,
// _headers, JSON manifest).
//
// Server configs: link.go turns hints into Link values (the only place that does), limits.go
// cuts each page's values to each format's header size cap, sets.go groups the pages by
// hint set and plans the rules that give each page its set, one file per target renders
// them (nginx.go, caddy.go, gocode.go, headers.go, manifest.go), and WriteConfigs below
// decides what to write and writes it atomically (internal/atomicfile). Output is a pure
// function of the analysis, so a re-run over an unchanged site changes no byte.
package emit

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/atomicfile"
)

// ConfigOptions say which server configs to write and where.
type ConfigOptions struct {
	Dir     string // config dir (nginx, Caddy, Go, JSON outputs)
	SiteDir string // served tree root; _headers goes here
	// FilesDir is where the hinted files are looked up; default SiteDir. A build that
	// writes a copy of the site (-out) looks in the source, which a check run has not
	// copied yet.
	FilesDir  string
	Formats   []Format      // nil means all (Formats())
	BasePath  string        // URL prefix the site is served under
	GoPackage string        // package name of the generated Go file; default "preloadhints"
	Pages     []*graph.Page // the analysis
	// Others are site paths of the site's pages, Pages' own among them or not: those not in
	// Pages (their analysis failed) get no hints, and rules over their directory leave them
	// out.
	Others []string
	Check  bool // write nothing; report what would change

	// Speculation, when set, makes every format serve the speculation rules file with its
	// media type and name it in a Speculation-Rules header (emit/speculation.go).
	Speculation *SpeculationConfig

	// LinkCaps overrides the cap on one page's Link values, in bytes of the values joined
	// with ", ", per format (keys as in Formats). A format not set here gets its default,
	// HeadersLinkCap or ServerLinkCap (see limits.go); a negative value means no cap.
	LinkCaps map[Format]int
}

// ConfigResult reports the files written (or, with Check, those that would change).
//
// Written lists the files written; a file whose content is already right is left alone and
// not listed. Changed lists the files whose content differs from what is on disk (with
// Check, the files a run would write). Warnings name pages and hints left out because they
// cannot be expressed safely, hints whose file is missing from SiteDir, and pages whose
// lowest-ranked hints were dropped to keep their Link header within a format's cap.
type ConfigResult struct {
	Written  []string
	Changed  []string
	Warnings []string
}

// WriteConfigs writes the server configs for the pages' header hints: every graph.Hint with
// Header set, in the given order, for each page.
func WriteConfigs(ctx context.Context, o ConfigOptions) (*ConfigResult, error) {
	formats := o.Formats
	if len(formats) == 0 {
		formats = Formats()
	}
	want := map[Format]bool{}
	var wanted []Format // in Formats() order
	for _, f := range formats {
		pf, err := ParseFormat(string(f))
		if err != nil {
			return nil, err
		}
		want[pf] = true
	}
	caps := map[Format]int{}
	for _, f := range Formats() {
		if want[f] {
			wanted = append(wanted, f)
		}
		caps[f] = defaultLinkCap(f)
	}
	for f, c := range o.LinkCaps {
		if _, ok := caps[f]; !ok {
			_, err := ParseFormat(string(f))
			return nil, fmt.Errorf("link cap: %w", err)
		}
		caps[f] = c
	}
	if o.Dir == "" && (want[FormatNginx] || want[FormatCaddy] || want[FormatGo] || want[FormatJSON]) {
		return nil, errors.New("no config dir given")
	}
	if want[FormatHeaders] && o.SiteDir == "" {
		return nil, errors.New("no site dir given for _headers")
	}
	pkg := o.GoPackage
	if pkg == "" {
		pkg = "preloadhints"
	}
	spec := o.Speculation
	if spec != nil && !speculationURLOK(spec.File) {
		return nil, fmt.Errorf("speculation rules file %q: only letters, digits and /._~- can go into every config", spec.File)
	}
	var exists func(string) bool
	if files := cmp.Or(o.FilesDir, o.SiteDir); files != "" {
		// Pages share most of their header hints: each file is looked at once.
		site := os.DirFS(files)
		seen := map[string]bool{}
		exists = func(p string) bool {
			ok, done := seen[p]
			if !done {
				st, err := fs.Stat(site, strings.TrimPrefix(p, "/"))
				ok = err == nil && st.Mode().IsRegular()
				seen[p] = ok
			}
			return ok
		}
	}
	all, warns := collectLinks(o.Pages, o.BasePath, exists)
	fileOf := map[Format]string{FormatNginx: NginxHTTPFile, FormatCaddy: CaddyFile, FormatGo: goFileName(pkg), FormatHeaders: headersFile, FormatJSON: ManifestFile}
	pls, capWarns := cappedLinks(all, wanted, caps, func(f Format) string { return fileOf[f] })
	res := &ConfigResult{Warnings: append(warns, capWarns...)}
	// Every page takes part in the grouping: one without hints in some format (none found,
	// all cut, or a path no rule can name) must get none from a rule over its directory.
	others := append([]string(nil), o.Others...)
	for _, p := range o.Pages {
		if p != nil {
			others = append(others, p.Path)
		}
	}
	sets := map[Format]*hintSets{}
	for _, f := range wanted {
		sets[f] = groupSets(pls[f], others)
	}

	type output struct {
		path  string
		data  []byte
		merge bool // _headers: keep the user's part of an existing file
	}
	// The formats are generated side by side (each walks every page's links), then
	// collected in a fixed order so that warnings and writes are deterministic.
	type generated struct {
		outs  []output
		warns []string
		err   error
	}
	gens := []struct {
		on bool
		fn func() generated
	}{
		{want[FormatNginx], func() generated {
			data, w := nginxHTTP(sets[FormatNginx], o.BasePath, spec)
			server := nginxServer(spec)
			return generated{outs: []output{{path: filepath.Join(o.Dir, NginxHTTPFile), data: data},
				{path: filepath.Join(o.Dir, NginxServerFile), data: server}}, warns: w}
		}},
		{want[FormatCaddy], func() generated {
			data, w := caddySnippet(sets[FormatCaddy], o.BasePath, spec)
			return generated{outs: []output{{path: filepath.Join(o.Dir, CaddyFile), data: data}}, warns: w}
		}},
		{want[FormatGo], func() generated {
			data, err := goSource(pkg, sets[FormatGo], o.BasePath, spec)
			return generated{outs: []output{{path: filepath.Join(o.Dir, goFileName(pkg)), data: data}}, err: err}
		}},
		{want[FormatHeaders], func() generated {
			data, w := headersSection(sets[FormatHeaders], o.BasePath, spec)
			return generated{outs: []output{{path: filepath.Join(o.SiteDir, headersFile), data: data, merge: true}}, warns: w}
		}},
		{want[FormatJSON], func() generated {
			data, err := manifestJSON(sets[FormatJSON], spec)
			return generated{outs: []output{{path: filepath.Join(o.Dir, ManifestFile), data: data}}, err: err}
		}},
	}
	results := make([]generated, len(gens))
	var wg sync.WaitGroup
	for i, g := range gens {
		if g.on {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = g.fn()
			}()
		}
	}
	wg.Wait()
	var outs []output
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		res.Warnings = append(res.Warnings, r.warns...)
		outs = append(outs, r.outs...)
	}

	for _, out := range outs {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		old, err := os.ReadFile(out.path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return res, fmt.Errorf("%s: %w", out.path, err)
		}
		data := out.data
		if out.merge {
			data, err = mergeHeaders(old, out.data)
			if err != nil {
				return res, fmt.Errorf("%s: %w", out.path, err)
			}
		}
		if old != nil && bytes.Equal(old, data) {
			continue
		}
		res.Changed = append(res.Changed, out.path)
		if o.Check {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(out.path), 0o755); err != nil {
			return res, fmt.Errorf("%s: %w", filepath.Dir(out.path), err)
		}
		// An existing file keeps its mode; a new one gets 0644.
		mode := fs.FileMode(0o644)
		if st, err := os.Stat(out.path); err == nil {
			mode = st.Mode().Perm()
		}
		if err := atomicfile.Write(out.path, data, mode); err != nil {
			return res, err
		}
		res.Written = append(res.Written, out.path)
	}
	sort.Strings(res.Warnings)
	return res, nil
}
