// Audit: the rules of package audit over a site's analysis. The pages come from the same
// Analysis that analyze and build use, and each is audited on a few goroutines as it
// arrives, with the analysis it came with: the audit re-analyses a page only to judge a
// variant of it (without the author's hints, without loading=lazy), and only when the page
// has such a variant.

package preloadgen

import (
	"context"
	"strings"
	"sync"

	"github.com/preloadgen/preloadgen/audit"
)

// NewAuditor returns an Auditor that judges the site of o with o's Policy and base path,
// the settings its analysis uses. severity re-rates or turns off rules by id (see
// audit.Options); an unknown id is an error.
func NewAuditor(o Options, severity map[string]audit.Severity) (*audit.Auditor, error) {
	fsys, err := o.Source.fsys()
	if err != nil {
		return nil, err
	}
	return audit.New(audit.Options{FS: fsys, Graph: o.graphOptions(), Severity: severity})
}

// AuditResult is the outcome of Audit: the findings and the analysis's own problems.
type AuditResult struct {
	*audit.Result
	// Diagnostics are the analysis's warnings; Failed lists the pages that could not be
	// analysed or audited.
	Diagnostics []Diagnostic `json:"-"`
	Failed      []Diagnostic `json:"-"`
}

// Audit analyses the site of o and runs a's rules over every page (a nil a audits with
// every rule at its own severity).
func Audit(ctx context.Context, o Options, a *audit.Auditor) (*AuditResult, error) {
	if a == nil {
		var err error
		if a, err = NewAuditor(o, nil); err != nil {
			return nil, err
		}
	}
	an, err := NewAnalysis(o, nil)
	if err != nil {
		return nil, err
	}
	var (
		mu       sync.Mutex
		findings []audit.Finding
		failed   []Diagnostic
		audited  int
	)
	do := func(p *Page) {
		fs, err := a.Page(ctx, p.Page, p.HTML)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			failed = append(failed, failure(strings.TrimPrefix(p.Path, "/"), err))
			return
		}
		findings = append(findings, fs...)
		audited++
	}
	notAnalysed := func(p *Page, err error) {
		mu.Lock()
		defer mu.Unlock()
		failed = append(failed, asDiagnostic(p.Path, err))
	}
	if err := an.fanOut(ctx, o.Workers, nil, do, notAnalysed); err != nil {
		return nil, err
	}
	findings = append(findings, a.HeadersSpeculation()...)
	return &AuditResult{
		Result:      audit.Summarize(findings, audited),
		Diagnostics: an.Diagnostics(),
		Failed:      sortDiagnostics(failed),
	}, nil
}
