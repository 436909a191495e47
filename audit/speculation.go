// The speculation rules the author wrote (docs/speculation.md): rule sets a browser drops
// (not JSON, wrong shapes, a src attribute it ignores), rules that would fetch what is not
// a page (a download, an asset, a missing page, the 404 page), and, in the site's
// _headers, a Speculation-Rules file that is missing, invalid or served with a media type
// browsers refuse. preloadgen's own rules (inside its block) are left to its tests.
//
// Document rules are judged against the page's own links, parsed into a DOM so that
// selector_matches is decided by the selector itself. href_matches patterns are understood
// when they are paths with * wildcards (the common case); a pattern with groups, named
// parts, a search or an origin makes its condition unknown, and an unknown condition is
// never reported.

package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/speculate"
)

// Rule ids of the speculation rules.
const (
	RuleSpeculationInvalid = "speculation-rules-invalid"
	RuleSpeculationNonPage = "speculation-rules-non-page"
	RuleSpeculationMIME    = "speculation-rules-mime"
)

func speculationRules() []Rule {
	return []Rule{
		{RuleSpeculationInvalid, Error, "speculation rules a browser drops: not JSON, a rule without source, urls or where, an unknown eagerness, or a script with src (ignored)", false},
		{RuleSpeculationNonPage, Warning, "speculation rules that match links to what is not a page of the site (a download, an asset, a missing page, the 404 page): fetched for nothing", false},
		{RuleSpeculationMIME, Error, "a Speculation-Rules file (named in _headers) that is missing, not JSON, or not served as " + speculate.MIMEType + ": browsers ignore it", false},
	}
}

// speculation runs the page's speculation rules checks.
func (pa *pageAudit) speculation() {
	var sets []*tag
	for i := range pa.tags {
		t := &pa.tags[i]
		if t.Name == "script" && !t.Block && strings.EqualFold(strings.TrimSpace(t.val("type")), "speculationrules") {
			sets = append(sets, t)
		}
	}
	if len(sets) == 0 {
		return
	}
	var links []pageLink // parsed on the first document rule
	parsed := false
	for _, t := range sets {
		if t.has("src") {
			pa.add(RuleSpeculationInvalid, t, t.val("src"), false, "browsers ignore the src of a speculation rules script and read only its text", "put the rules inline, or name the file in a Speculation-Rules header")
		}
		text := scriptText(pa.src, t.End)
		rs, err := parseRuleSet([]byte(text))
		if err != nil {
			if strings.TrimSpace(text) == "" && t.has("src") {
				continue
			}
			pa.add(RuleSpeculationInvalid, t, "", false, "the browser drops this rule set: "+err.Error(), "fix the JSON (the console names the error too)")
			continue
		}
		bad := map[string]bool{}
		var order []string
		note := func(u string) {
			if !bad[u] {
				bad[u] = true
				order = append(order, u)
			}
		}
		for _, r := range rs.rules {
			for _, u := range r.urls {
				if k, p := speculate.Classify(pa.a.gopt.BasePath, pa.p.Path, pa.baseHref, u, pa.isPage); k == speculate.NotPage {
					note(p)
				}
			}
			if r.document {
				if !parsed {
					links, parsed = pa.pageLinks(), true
				}
				for _, l := range links {
					if l.kind == speculate.NotPage && evalWhere(r.where, l) == yes {
						note(l.urlPath)
					}
				}
			}
		}
		if len(order) > 0 {
			list := order
			more := ""
			if len(list) > 3 {
				list, more = list[:3], fmt.Sprintf(" and %d more", len(order)-3)
			}
			pa.add(RuleSpeculationNonPage, t, order[0], false, fmt.Sprintf("the rules match %s%s, which no page of the site answers: the browser may fetch them for nothing", strings.Join(list, ", "), more), "narrow href_matches to the pages, or exclude these paths (preloadgen build -speculation writes rules that list only pages)")
		}
	}
}

// isPage says whether a site path is a page of the site.
func (pa *pageAudit) isPage(sitePath string) bool {
	l := strings.ToLower(sitePath)
	if !strings.HasSuffix(l, ".html") && !strings.HasSuffix(l, ".htm") {
		return false
	}
	st, err := fs.Stat(pa.a.opts.FS, strings.TrimPrefix(sitePath, "/"))
	return err == nil && st.Mode().IsRegular()
}

// scriptText returns the raw text of a script element from just past its start tag.
func scriptText(src []byte, from int) string {
	rest := src[from:]
	end := len(rest)
	for i := 0; i+8 <= len(rest); i++ {
		if rest[i] == '<' && bytes.EqualFold(rest[i:i+8], []byte("</script")) {
			end = i
			break
		}
	}
	return string(rest[:end])
}

// A rule set, as much of it as the checks need.
type ruleSet struct{ rules []specRule }

type specRule struct {
	urls     []string
	document bool
	where    any // the where condition (nil: every link)
}

// parseRuleSet reads a rule set, with the errors for which browsers drop it.
func parseRuleSet(b []byte) (*ruleSet, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	rs := &ruleSet{}
	for _, kind := range []string{"prefetch", "prerender"} {
		raw, ok := top[kind]
		if !ok {
			continue
		}
		var list []map[string]any
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("%q is not a list of rules", kind)
		}
		for i, m := range list {
			r := specRule{}
			src, _ := m["source"].(string)
			urls, hasURLs := m["urls"]
			where, hasWhere := m["where"]
			switch {
			case src == "" && hasURLs && !hasWhere:
				src = "list"
			case src == "" && hasWhere && !hasURLs:
				src = "document"
			}
			switch src {
			case "list":
				list, ok := urls.([]any)
				if !ok {
					return nil, fmt.Errorf("%s rule %d: a list rule needs a urls list", kind, i+1)
				}
				for _, u := range list {
					s, ok := u.(string)
					if !ok {
						return nil, fmt.Errorf("%s rule %d: urls holds a non-string", kind, i+1)
					}
					r.urls = append(r.urls, s)
				}
			case "document":
				if hasURLs {
					return nil, fmt.Errorf("%s rule %d: a document rule takes no urls", kind, i+1)
				}
				r.document, r.where = true, where
			default:
				return nil, fmt.Errorf("%s rule %d: no source (list with urls, or document with where)", kind, i+1)
			}
			if e, ok := m["eagerness"]; ok {
				s, _ := e.(string)
				if _, err := speculate.ParseEagerness(s); err != nil || s == "" {
					return nil, fmt.Errorf("%s rule %d: eagerness %v", kind, i+1, e)
				}
			}
			rs.rules = append(rs.rules, r)
		}
	}
	return rs, nil
}

// pageLink is one <a href>/<area href> of the page, with what it leads to.
type pageLink struct {
	node    *html.Node
	kind    speculate.Kind
	urlPath string
}

func (pa *pageAudit) pageLinks() []pageLink {
	doc, err := html.Parse(bytes.NewReader(pa.src))
	if err != nil {
		return nil
	}
	base := pa.baseHref
	var out []pageLink
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "a" || n.Data == "area") {
			for _, a := range n.Attr {
				if a.Namespace == "" && a.Key == "href" {
					k, p := speculate.Classify(pa.a.gopt.BasePath, pa.p.Path, base, a.Val, pa.isPage)
					out = append(out, pageLink{node: n, kind: k, urlPath: p})
					break
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// Three-valued logic for where conditions.
type tri int

const (
	unknown tri = iota
	yes
	no
)

// evalWhere decides a where condition for a link: yes, no, or unknown when a part of it is
// beyond what the audit reads.
func evalWhere(c any, l pageLink) tri {
	if c == nil {
		return yes
	}
	m, ok := c.(map[string]any)
	if !ok {
		return unknown
	}
	if len(m) != 1 {
		// A condition is one of the keys below (with relative_to beside href_matches).
		if _, ok := m["relative_to"]; !(ok && len(m) == 2) {
			return unknown
		}
	}
	for k, v := range m {
		switch k {
		case "and":
			list, ok := v.([]any)
			if !ok {
				return unknown
			}
			res := yes
			for _, x := range list {
				switch evalWhere(x, l) {
				case no:
					return no
				case unknown:
					res = unknown
				}
			}
			return res
		case "or":
			list, ok := v.([]any)
			if !ok {
				return unknown
			}
			res := no
			for _, x := range list {
				switch evalWhere(x, l) {
				case yes:
					return yes
				case unknown:
					res = unknown
				}
			}
			return res
		case "not":
			switch evalWhere(v, l) {
			case yes:
				return no
			case no:
				return yes
			}
			return unknown
		case "href_matches":
			return hrefMatches(v, l)
		case "selector_matches":
			return selectorMatches(v, l)
		}
	}
	return unknown
}

func selectorMatches(v any, l pageLink) tri {
	var sels []string
	switch x := v.(type) {
	case string:
		sels = []string{x}
	case []any:
		for _, s := range x {
			str, ok := s.(string)
			if !ok {
				return unknown
			}
			sels = append(sels, str)
		}
	default:
		return unknown
	}
	for _, s := range sels {
		sel, err := cascadia.Compile(s)
		if err != nil {
			return unknown
		}
		if sel.Match(l.node) {
			return yes
		}
	}
	return no
}

func hrefMatches(v any, l pageLink) tri {
	if l.kind == speculate.Elsewhere {
		return unknown // its URL is not resolved; no finding is about such a link anyway
	}
	var pats []any
	if list, ok := v.([]any); ok {
		pats = list
	} else {
		pats = []any{v}
	}
	res := no
	for _, p := range pats {
		var pathname string
		switch x := p.(type) {
		case string:
			if strings.Contains(x, "://") || strings.HasPrefix(x, "//") || !strings.HasPrefix(x, "/") {
				return unknown
			}
			pathname = x
			if i := unescapedIndex(x, '?'); i >= 0 || unescapedIndex(x, '#') >= 0 {
				if i < 0 || x[i+1:] != "*" && x[i+1:] != "" {
					return unknown
				}
				pathname = x[:i]
			}
		case map[string]any:
			for k := range x {
				if k != "pathname" && k != "search" && k != "hash" {
					return unknown // an origin or a base of its own
				}
			}
			s, ok := x["pathname"].(string)
			if !ok || !strings.HasPrefix(s, "/") {
				return unknown
			}
			pathname = s
		default:
			return unknown
		}
		re, ok := patternRegexp(pathname)
		if !ok {
			return unknown
		}
		if re.MatchString(l.urlPath) {
			res = yes
		}
	}
	return res
}

// unescapedIndex returns the index of the first c not preceded by a backslash, or -1.
func unescapedIndex(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == c {
			return i
		}
	}
	return -1
}

// patternRegexp turns a URLPattern pathname made of literal text, escapes and * into a
// regexp; false for anything else (named groups, regexp groups, optional parts).
func patternRegexp(p string) (*regexp.Regexp, bool) {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '\\':
			if i+1 >= len(p) {
				return nil, false
			}
			i++
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		case '*':
			b.WriteString(".*")
		case ':', '(', ')', '{', '}', '+', '?':
			return nil, false
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	return re, err == nil
}

// HeadersSpeculation checks the Speculation-Rules files the site's _headers names: each
// must exist in the site, be a valid rule set, and be served as the speculation rules
// media type by a Content-Type rule of the same file. Findings are on the page
// "/_headers".
func (a *Auditor) HeadersSpeculation() []Finding {
	b, err := fs.ReadFile(a.opts.FS, "_headers")
	if err != nil {
		return nil
	}
	type block struct {
		path    string
		line    int
		headers map[string][]string // lower-case name -> values
	}
	var blocks []block
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case line[0] != ' ' && line[0] != '\t':
			blocks = append(blocks, block{path: t, line: n, headers: map[string][]string{}})
		case len(blocks) > 0:
			if k, v, ok := strings.Cut(t, ":"); ok {
				k = strings.ToLower(strings.TrimSpace(k))
				blocks[len(blocks)-1].headers[k] = append(blocks[len(blocks)-1].headers[k], strings.TrimSpace(v))
			}
		}
	}
	sev := a.sev[RuleSpeculationMIME]
	if sev == Off {
		return nil
	}
	var out []Finding
	seen := map[string]bool{}
	for _, bl := range blocks {
		for _, v := range bl.headers["speculation-rules"] {
			for _, item := range strings.Split(v, ",") {
				u := strings.Trim(strings.TrimSpace(item), `"`)
				if seen[u] || !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
					continue // another origin: not ours to judge
				}
				seen[u] = true
				add := func(why, fix string) {
					out = append(out, Finding{Rule: RuleSpeculationMIME, Severity: sev, Page: "/_headers", Line: bl.line, URL: u, Why: why, Fix: fix})
				}
				sitePath := strings.TrimPrefix(u, strings.TrimSuffix(a.gopt.BasePath, "/"))
				sitePath, _, _ = strings.Cut(sitePath, "?")
				data, err := fs.ReadFile(a.opts.FS, strings.TrimPrefix(path.Clean(sitePath), "/"))
				if err != nil {
					add("the rules file is not in the site: the browser gets an error and no rules", "build the file, or fix the path in Speculation-Rules")
					continue
				}
				if _, err := parseRuleSet(data); err != nil {
					add("the browser drops the rules file: "+err.Error(), "fix the file")
				}
				typed := false
				for _, o := range blocks {
					if headersPathMatches(o.path, u) {
						for _, ct := range o.headers["content-type"] {
							mt, _, _ := strings.Cut(ct, ";")
							if strings.EqualFold(strings.TrimSpace(mt), speculate.MIMEType) {
								typed = true
							}
						}
					}
				}
				if !typed {
					add("nothing in _headers serves the rules file as "+speculate.MIMEType+": hosts serve .json as application/json, and browsers ignore rules of any other type", "add a rule for it: "+u+" with Content-Type: "+speculate.MIMEType)
				}
			}
		}
	}
	return out
}

// headersPathMatches reports whether a _headers path rule (with * splats) matches the URL
// path u.
func headersPathMatches(rule, u string) bool {
	if !strings.HasPrefix(rule, "/") {
		return false // a rule with a host: not ours
	}
	var b strings.Builder
	b.WriteString("^")
	for _, r := range rule {
		if r == '*' {
			b.WriteString(".*")
		} else {
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	return err == nil && re.MatchString(u)
}
