package preloadgen_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/audit"
)

// findingKey names a finding across a rewrite: lines move when a build inserts its block
// or a repair removes a tag, so it is the rule, the page, the URL and the tag (or, for a
// finding about the whole page, its message).
func findingKey(f audit.Finding) string {
	what := f.Element
	if what == "" {
		what = f.Why
	}
	return fmt.Sprintf("%s %s %s %s", f.Rule, f.Page, f.URL, what)
}

func auditSite(t *testing.T, dir string) *preloadgen.AuditResult {
	t.Helper()
	res, err := preloadgen.Audit(context.Background(), preloadgen.Options{Source: preloadgen.Source{Dir: dir}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) > 0 {
		t.Fatalf("audit %s: %v", dir, res.Failed)
	}
	return res
}

// TestBuildOutputAuditsClean holds build to its own audit on every corpus site and
// fixture: what build writes raises no finding the site did not have (no hint-budget
// tripped by the author's preloads and ours together, no hint audit calls wrong), and
// after build -fix no error is left.
func TestBuildOutputAuditsClean(t *testing.T) {
	sites, _ := filepath.Glob(filepath.Join("corpus", "site", "*"))
	fixtures, _ := filepath.Glob(filepath.Join("fixtures", "[a-z]*"))
	for _, f := range fixtures {
		if m, _ := filepath.Glob(filepath.Join(f, "*.html")); len(m) > 0 {
			sites = append(sites, f)
		}
	}
	if len(sites) < 10 {
		t.Fatalf("found %d sites to build: %v", len(sites), sites)
	}
	for _, site := range sites {
		t.Run(filepath.Base(filepath.Dir(site))+"/"+filepath.Base(site), func(t *testing.T) {
			before := map[string]bool{}
			for _, f := range auditSite(t, site).Findings {
				before[findingKey(f)] = true
			}
			for _, fix := range []bool{false, true} {
				out := t.TempDir()
				o := preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}, Out: out}
				if fix {
					a, err := preloadgen.NewAuditor(o.Options, nil)
					if err != nil {
						t.Fatal(err)
					}
					o.Fix = a.Fix
				}
				build(t, o)
				for _, f := range auditSite(t, out).Findings {
					switch {
					case fix && f.Severity == audit.Error:
						t.Errorf("build -fix left an error: %s:%d: %s: %s: %s", f.Page, f.Line, f.Rule, f.URL, f.Why)
					case !before[findingKey(f)]:
						t.Errorf("build (fix %v) caused a finding: %s:%d: %s: %s: %s %s", fix, f.Page, f.Line, f.Rule, f.URL, f.Why, f.Element)
					}
				}
			}
		})
	}
}
