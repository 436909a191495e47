package audit

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/sitefs"
	"github.com/preloadgen/preloadgen/style"
)

// Severity is how much a finding matters. The zero value, Default, stands for the rule's
// own severity wherever a severity is configured.
type Severity int

const (
	Default Severity = iota // the rule's own severity
	Off                     // the rule is turned off
	Info
	Warning
	Error
)

var severityNames = [...]string{Default: "default", Off: "off", Info: "info", Warning: "warning", Error: "error"}

func (s Severity) String() string {
	if s >= 0 && int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// MarshalText writes the severity's name ("error", "warning", "info").
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err == nil {
		*s = v
	}
	return err
}

// ParseSeverity reads "error", "warning", "info", "off" or "default".
func ParseSeverity(name string) (Severity, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for i, s := range severityNames {
		if s == n {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning, info or off)", name)
}

// lower is one step less severe (an unsure finding); Info stays Info.
func (s Severity) lower() Severity {
	if s > Info {
		return s - 1
	}
	return s
}

// Rule describes one rule.
type Rule struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"` // its default
	Catches  string   `json:"catches"`
	Fixable  bool     `json:"fixable"` // build -fix repairs (some of) its findings
}

// The rule ids.
const (
	RuleUnusedPreload    = "unused-preload"
	RuleAsMismatch       = "preload-as-mismatch"
	RuleFontPreload      = "font-preload-cors"
	RuleDuplicateHint    = "duplicate-hint"
	RuleRedundantHint    = "redundant-hint"
	RuleDynamicModule    = "modulepreload-dynamic"
	RuleBudget           = "hint-budget"
	RuleLazyLCP          = "lcp-lazy"
	RuleLowLCP           = "lcp-fetchpriority-low"
	RuleCapoOrder        = "capo-order"
	RuleBlockingScripts  = "blocking-scripts"
	RuleUnusedPreconnect = "unused-preconnect"
	RuleLinkTooLong      = "link-too-long"
)

// Rules lists every rule with its default severity, in the order reports use.
func Rules() []Rule {
	return append([]Rule{
		{RuleUnusedPreload, Error, "a preload or modulepreload nothing on the page uses (the browser warns \"preloaded but not used\")", true},
		{RuleAsMismatch, Error, "a preload whose as= (or crossorigin) does not match the element or rule that fetches it: downloaded twice", true},
		{RuleFontPreload, Error, "a font preload without crossorigin (fonts are fetched in CORS mode: downloaded twice) or with a wrong type", true},
		{RuleDuplicateHint, Warning, "the same hint twice in one page", true},
		{RuleRedundantHint, Warning, "a hint for a resource the head already names (discovered at depth 1 anyway)", false},
		{RuleDynamicModule, Warning, "a modulepreload of a chunk the page only imports dynamically (not needed for the first render)", false},
		{RuleBudget, Warning, "more preloads, or more preloaded bytes, than the page's budget (-max-preloads, -max-bytes)", false},
		{RuleLazyLCP, Error, "the LCP image has loading=lazy: it starts only after layout", true},
		{RuleLowLCP, Error, "the LCP image has fetchpriority=low", false},
		{RuleCapoOrder, Warning, "head order that costs time (capo.js): a sync script after a stylesheet, a stylesheet after a preload", false},
		{RuleBlockingScripts, Warning, "parser-blocking scripts the first paint waits for, more bytes than 4 round trips carry on the slow link: they hide what hints save", false},
		{RuleUnusedPreconnect, Warning, "a preconnect to an origin nothing on the page uses", false},
		{RuleLinkTooLong, Warning, "a page's Link header, or a _headers line, longer than the limits of common servers and hosts", false},
	}, speculationRules()...)
}

func ruleByID(id string) (Rule, bool) {
	for _, r := range Rules() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Options configure an Auditor.
type Options struct {
	// FS is the site as it is served; the rules read its assets to judge variants of a
	// page (without its hints, without loading=lazy) and its _headers file.
	FS fs.FS
	// Graph are the options the pages were analysed with (budgets, LCP selectors, base
	// path): the rules judge with the same ones.
	Graph graph.Options
	// Severity overrides rules' severities by rule id; Default keeps a rule's own and Off
	// turns it off.
	Severity map[string]Severity
}

// Finding is one problem on one page.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Page     string   `json:"page"`           // site path of the page ("/_headers" for that file)
	Line     int      `json:"line,omitempty"` // 1-based, 0 when the finding has no place
	Col      int      `json:"col,omitempty"`
	Element  string   `json:"element,omitempty"` // the tag, shortened
	URL      string   `json:"url,omitempty"`     // the resource or origin concerned
	Why      string   `json:"why"`
	Fix      string   `json:"fix"`
	Fixable  bool     `json:"fixable"` // build -fix repairs it

	edits []edit
}

// Result is an audit's outcome.
type Result struct {
	Findings []Finding `json:"findings"` // by rule (in Rules order), then page, line, column
	Pages    int       `json:"pages"`    // pages audited
	Errors   int       `json:"errors"`
	Warnings int       `json:"warnings"`
	Infos    int       `json:"infos"`
}

// Auditor runs the rules. It is safe for concurrent use (pages are audited in parallel).
type Auditor struct {
	opts Options
	gopt graph.Options // as given: graph.Analyze resolves its defaults
	// the budgets, resolved: 0 means none
	maxPreloads int
	maxBytes    int64
	sev         map[string]Severity
	site        *sitefs.Site
}

// New returns an Auditor; unknown rule ids in Options.Severity are an error.
func New(o Options) (*Auditor, error) {
	if o.FS == nil {
		return nil, errors.New("audit: no site given")
	}
	a := &Auditor{opts: o, sev: map[string]Severity{}, site: sitefs.New(o.FS, nil)}
	for _, r := range Rules() {
		a.sev[r.ID] = r.Severity
	}
	var unknown []string
	for id, s := range o.Severity {
		if _, ok := ruleByID(id); !ok {
			unknown = append(unknown, id)
			continue
		}
		if s != Default {
			a.sev[id] = s
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("unknown rule %s (rules: %s)", strings.Join(unknown, ", "), strings.Join(ruleIDs(), ", "))
	}
	a.gopt = o.Graph
	if a.gopt.Styles == nil {
		a.gopt.Styles = style.NewCache()
	}
	d := o.Graph.Policy.Resolved()
	a.maxPreloads, a.maxBytes = d.MaxPreloads, d.MaxBytes
	return a, nil
}

func ruleIDs() []string {
	var ids []string
	for _, r := range Rules() {
		ids = append(ids, r.ID)
	}
	return ids
}

// Summarize sorts findings and counts them into a Result.
func Summarize(findings []Finding, pages int) *Result {
	order := map[string]int{}
	for i, r := range Rules() {
		order[r.ID] = i
	}
	fs := append([]Finding(nil), findings...)
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Rule != b.Rule {
			return order[a.Rule] < order[b.Rule]
		}
		if a.Page != b.Page {
			return a.Page < b.Page
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.URL < b.URL
	})
	res := &Result{Findings: fs, Pages: pages}
	if res.Findings == nil {
		res.Findings = []Finding{}
	}
	for _, f := range fs {
		switch f.Severity {
		case Error:
			res.Errors++
		case Warning:
			res.Warnings++
		case Info:
			res.Infos++
		}
	}
	return res
}

// Page runs the page rules over one analysed page; src is the page's bytes as served, and p
// their analysis with the Auditor's graph options (with its resources). A page without
// hints of its own is not analysed again: p is also its analysis without them.
func (a *Auditor) Page(ctx context.Context, p *graph.Page, src []byte) ([]Finding, error) {
	pa, err := a.newPageAudit(ctx, p, src)
	if err != nil {
		return nil, err
	}
	return pa.run(), nil
}
