// How Run comes by the optimised side: B as given, or a build of A into Run's temporary
// directory; and B's header hints, from the caller, a manifest, the build, or an analysis of
// A. nginx and Caddy get the files emit writes, so a measurement behind them runs the
// configs users deploy.

package measure

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
)

// siteB is the optimised side as Run serves it.
type siteB struct {
	dir   string
	links map[string][]string // header hints by request path
	nginx nginxIncludes       // emitted nginx configs matching links, if any
	caddy string              // the emitted Caddy snippet matching links, if any
}

// prepareB returns B for o (checked), building it under tmp when o.B is empty.
func prepareB(ctx context.Context, o Options, tmp string) (siteB, error) {
	b := siteB{dir: o.B, links: o.HeaderHints}
	if o.Hints == HintsNone {
		return b, nil
	}
	if o.Manifest != "" {
		m, err := emit.ReadManifest(o.Manifest)
		if err != nil {
			return b, err
		}
		// The manifest names directories whose pages share their hints: B's pages say
		// which pages there are.
		pages, _, err := preloadgen.Pages(os.DirFS(o.B), nil)
		if err != nil {
			return b, fmt.Errorf("listing the pages of %s: %w", o.B, err)
		}
		b.links = m.RequestHints("", pages)
		return b, nil
	}
	ao := o.Analysis
	ao.Source.Dir = o.A
	cfgDir := filepath.Join(tmp, "config")
	switch {
	case o.B == "":
		bo := preloadgen.BuildOptions{Options: ao, Out: filepath.Join(tmp, "site"), ConfigDir: cfgDir, Emit: []emit.Format{emit.FormatNginx, emit.FormatCaddy}}
		res, err := preloadgen.Build(ctx, bo)
		if errors.Is(err, preloadgen.ErrBadOptions) {
			return b, badOptions{err}
		}
		if err != nil {
			return b, err
		}
		if res.Analysis == nil {
			return b, errors.New("build returned no analysis")
		}
		b.dir = bo.Out
		if b.links == nil {
			b.links, _ = emit.RequestHints(res.Analysis.Pages, ao.Source.BasePath)
			// A config that could not be written is missing: the servers then render
			// the table (nginx) or send nothing (Caddy).
			b.nginx, b.caddy = emittedNginx(cfgDir), emittedCaddy(cfgDir)
		}
	case o.Hints == HintsEarly && b.links == nil:
		// B is taken to be an optimised copy of A: the hints are A's analysis.
		res, err := preloadgen.Analyze(ctx, ao)
		if err != nil {
			return b, err
		}
		b.links, _ = emit.RequestHints(res.Pages, ao.Source.BasePath)
		if o.Server == ServerNginx || o.Server == ServerCaddy {
			co := emit.ConfigOptions{Dir: cfgDir, SiteDir: o.B, Formats: []emit.Format{emit.Format(o.Server)}, BasePath: ao.Source.BasePath, Pages: res.Pages}
			if _, err := emit.WriteConfigs(ctx, co); err == nil {
				b.nginx, b.caddy = emittedNginx(cfgDir), emittedCaddy(cfgDir)
			}
		}
	}
	return b, nil
}

// emittedNginx names the nginx include files emit wrote into dir, when both are there.
func emittedNginx(dir string) nginxIncludes {
	inc := nginxIncludes{HTTP: filepath.Join(dir, emit.NginxHTTPFile), Server: filepath.Join(dir, emit.NginxServerFile)}
	for _, f := range []string{inc.HTTP, inc.Server} {
		if _, err := os.Stat(f); err != nil {
			return nginxIncludes{}
		}
	}
	return inc
}

// emittedCaddy names the Caddy snippet emit wrote into dir, if it is there.
func emittedCaddy(dir string) string {
	f := filepath.Join(dir, emit.CaddyFile)
	if _, err := os.Stat(f); err != nil {
		return ""
	}
	return f
}

// badOptions is a build's preloadgen.ErrBadOptions error, which makes the measurement's
// options bad too.
type badOptions struct{ error }

func (e badOptions) Is(target error) bool { return target == ErrBadOptions }
func (e badOptions) Unwrap() error        { return e.error }
