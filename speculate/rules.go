// The rules JSON. Deterministic: the same targets give the same bytes, so a second build
// changes nothing and an inline script's CSP hash is stable.

package speculate

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
)

// MIMEType is the media type browsers require of a rules file named by the
// Speculation-Rules header.
const MIMEType = "application/speculationrules+json"

// exclusion is the part of every rule that keeps links that must not be fetched early out,
// whatever their URL: rel=nofollow, download links, and links the author marks.
const exclusion = `[rel~="nofollow" i], [download], [` + OptOutAttr + `]`

// OptOutAttr on a link keeps it out of every rule preloadgen writes.
const OptOutAttr = "data-preloadgen-no-speculation"

// rule is one document rule.
type rule struct {
	Source    string    `json:"source"`
	Where     condition `json:"where"`
	Eagerness Eagerness `json:"eagerness"`
}

type condition struct {
	And         []condition `json:"and,omitempty"`
	Not         *condition  `json:"not,omitempty"`
	HrefMatches []pattern   `json:"href_matches,omitempty"`
	Selector    string      `json:"selector_matches,omitempty"`
}

// pattern is a URLPattern dictionary: no protocol, host or port, so it inherits the
// document's (or the rules file's) origin. Search "" matches URLs with no query; nil
// leaves it out, which matches any query.
type pattern struct {
	Pathname string  `json:"pathname"`
	Search   *string `json:"search,omitempty"`
}

// ruleSet is the JSON document.
type ruleSet struct {
	Prefetch  []rule `json:"prefetch,omitempty"`
	Prerender []rule `json:"prerender,omitempty"`
}

// build writes the rules for targets (URL paths); prerenderable says which may be
// prerendered (Prerender mode); nil when there is nothing to write.
func (o *Options) build(targets []string, prerenderable func(string) bool) []byte {
	if len(targets) == 0 {
		return nil
	}
	sort.Strings(targets)
	var rs ruleSet
	pf := o.rule(targets)
	if o.Mode == Prerender {
		var pr []string
		for _, t := range targets {
			if prerenderable(t) {
				pr = append(pr, t)
			}
		}
		if len(pr) > 0 {
			rs.Prerender = []rule{o.rule(pr)}
			rs.Prerender[0].Eagerness = o.eagerness()
		}
		// Everything is prefetched a step earlier (on hover); a prerender then starts
		// from the prefetched response.
		pf.Eagerness = o.PrefetchEagerness.or(Moderate)
	} else {
		pf.Eagerness = o.eagerness()
	}
	rs.Prefetch = []rule{pf}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true) // "<" never reaches an inline script as is
	if err := enc.Encode(rs); err != nil {
		panic(err) // cannot happen: plain strings
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func (o *Options) rule(targets []string) rule {
	var search *string
	if !o.AllowQuery {
		empty := ""
		search = &empty
	}
	pats := make([]pattern, len(targets))
	for i, t := range targets {
		pats[i] = pattern{Pathname: escapePattern(t), Search: search}
	}
	return rule{Source: "document", Where: condition{And: []condition{
		{HrefMatches: pats},
		{Not: &condition{Selector: exclusion}},
	}}}
}

// escapePattern escapes the characters URLPattern reads as syntax in a pathname.
func escapePattern(p string) string {
	var b strings.Builder
	for _, r := range p {
		if strings.ContainsRune(`\:*(){}+?`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
