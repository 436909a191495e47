package style

import (
	"strings"
	"sync"

	"golang.org/x/net/html"
)

// Style sharing, as browsers do it (Blink's SharedStyleFinder, Servo's StyleSharingCache):
// an element whose parent, tag and attributes are those of a sibling styled just before
// matches the same rules, so it takes the sibling's result instead of being matched.
// That holds unless a rule tried on the sibling looks at more than its tag, attributes
// and ancestors (Rule.positional); and an id that no selector names does not count. A
// source view of 265,000 <span>s under one <code> matches a dozen distinct ones.

// siblingCandidates is how many recent siblings are kept: a syntax highlighter's dozen
// classes, a sidebar's alternating entries.
const siblingCandidates = 16

// Siblings holds the last elements styled under one parent, with their keys and what
// the caller derived from their match (V). Its zero value is empty; it serves one parent
// at a time (Reset).
type Siblings[V any] struct {
	nodes [siblingCandidates]*html.Node
	keys  [siblingCandidates]ElemKeys
	vals  [siblingCandidates]V
	n     int // candidates held
	next  int // slot the next one goes to
}

// Reset empties s for the children of another parent.
func (s *Siblings[V]) Reset() { s.n, s.next = 0, 0 }

// Find returns the result and keys of a held sibling that n may share its style with.
func (s *Siblings[V]) Find(rs *RuleSet, n *html.Node) (V, *ElemKeys, bool) {
	for i := range s.n {
		if c := s.nodes[i]; c.Data == n.Data && c.Namespace == n.Namespace && rs.sameAttrs(c.Attr, n.Attr) {
			return s.vals[i], &s.keys[i], true
		}
	}
	var zero V
	return zero, nil, false
}

// Add holds n (its keys as Match left them, and v) for its next siblings, unless a rule
// tried on it was positional.
func (s *Siblings[V]) Add(n *html.Node, k *ElemKeys, v V) {
	if k.positional {
		return
	}
	s.nodes[s.next], s.keys[s.next], s.vals[s.next] = n, *k, v
	s.next = (s.next + 1) % siblingCandidates
	s.n = min(s.n+1, siblingCandidates)
}

// sameAttrs reports whether two elements' attributes are alike for every selector of
// rs: the same names and values in the same order, ids apart when no selector may look
// at either.
func (rs *RuleSet) sameAttrs(a, b []html.Attribute) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if x.Key != y.Key || x.Namespace != y.Namespace {
			return false
		}
		if x.Val != y.Val && (x.Key != "id" || x.Namespace != "" || rs.idMatters(x.Val) || rs.idMatters(y.Val)) {
			return false
		}
	}
	return true
}

func (rs *RuleSet) idMatters(id string) bool { return rs.anyID || rs.namedIDs[id] }

// positionalMarks are what makes a selector look beyond an element's tag, attributes and
// ancestors (a "~" may also be an attribute's "~=": counted all the same).
var positionalMarks = []string{"+", "~", ":first", ":last", ":nth", ":only", ":empty", ":has", ":contains", ":matches"}

// isPositional reports whether selector (a list) may look at an element's siblings,
// place among them or content (Rule.positional).
func isPositional(selector string) bool {
	l := strings.ToLower(selector)
	for _, m := range positionalMarks {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

// noteIDs records the ids selector names. An escaped id, or an attribute selector on
// id, makes every id matter.
func (rs *RuleSet) noteIDs(selector string) {
	l := strings.ToLower(strings.Join(strings.Fields(selector), ""))
	if strings.Contains(l, "[id") || strings.Contains(l, "|id") {
		rs.anyID = true
	}
	for s := selector; ; {
		i := strings.IndexByte(s, '#')
		if i < 0 {
			return
		}
		s = s[i+1:]
		j := 0
		for j < len(s) && (s[j] == '-' || s[j] == '_' || s[j] >= 0x80 || s[j] >= '0' && s[j] <= '9' || s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z') {
			j++
		}
		if j < len(s) && s[j] == '\\' {
			rs.anyID = true
		}
		rs.namedIDs[s[:j]] = true
		s = s[j:]
	}
}

// Memo is a table of what a caller derives from a rule set's matches, shared like the
// rule set by every page that applies the same stylesheets: the cascade keeps computed
// styles there, so a style computed for one page serves the next ones (a site's pages
// repeat their structure). It is safe for concurrent use and holds at most maxMemo
// entries.
type Memo struct {
	mu sync.Mutex
	m  map[string]any
}

// maxMemo bounds a Memo: about 300 bytes a computed style, 15 MB at most.
const maxMemo = 50_000

// Memo returns the rule set's memo.
func (rs *RuleSet) Memo() *Memo { return &rs.memo }

// Put returns the value held for key, making it with make(id) when there is none; id
// is 1 for the memo's first value, 2 for the second, and so on. ok is false, and nothing
// is made, when the memo is full.
func (m *Memo) Put(key []byte, make func(id int) any) (v any, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.m[string(key)]; ok {
		return v, true
	}
	if len(m.m) >= maxMemo {
		return nil, false
	}
	if m.m == nil {
		m.m = map[string]any{}
	}
	v = make(len(m.m) + 1)
	m.m[string(key)] = v
	return v, true
}
