package style

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
)

// TestSiblingsShare: a sibling shares the style of an earlier one alike in tag and
// attributes, ids that no selector names apart, unless a rule tried on them may tell
// them apart by their places among their siblings or their content.
func TestSiblingsShare(t *testing.T) {
	for _, tt := range []struct {
		name, css, body string
		want            bool // the last child but <i>s shares the style of one before it
	}{
		{"same class", `.kw { font-weight: 700 }`, `<span class=kw>a</span><span class=kw>b</span>`, true},
		{"other class", `.kw { font-weight: 700 }`, `<span class=kw>a</span><span class=op>b</span>`, false},
		{"an attribute a selector reads", `.kw { font-weight: 700 } [title] { font-style: italic }`, `<span class=kw>a</span><span class=kw title=x>b</span>`, false},
		{"an attribute no selector reads", `.kw { font-weight: 700 }`, `<span class=kw>a</span><span class=kw title=x>b</span>`, true},
		{"other href, no selector reads it", `a { font-weight: 700 }`, `<a href=/x>a</a><a href=/y>b</a>`, true},
		{"other href under :link", `a:link { font-weight: 700 }`, `<a href=/x>a</a><a>b</a>`, false},
		{"a pseudo-class not known to read no attribute", `span:disabled { font-weight: 700 }`, `<span>a</span><span title=x>b</span>`, false},
		{"other attribute value", `[data-x=a] { font-weight: 700 }`, `<span data-x=a>a</span><span data-x=b>b</span>`, false},
		{"other tag", `.kw { font-weight: 700 }`, `<span class=kw>a</span><b class=kw>b</b>`, false},
		{"ids no selector names", `#top, .kw { font-weight: 700 }`, `<span id=1 class=kw>a</span><span id=2 class=kw>b</span>`, true},
		{"an id a selector names", `#n2 { font-weight: 700 }`, `<span id=n1>a</span><span id=n2>b</span>`, false},
		{"an id named inside :not()", `span:not(#n2) { font-weight: 700 }`, `<span id=n1>a</span><span id=n2>b</span>`, false},
		{"an id attribute selector", `[id$="2"] { font-weight: 700 }`, `<span id=n1>a</span><span id=n2>b</span>`, false},
		{"an escaped id", `#\31 2 { font-weight: 700 }`, `<span id=11>a</span><span id=12>b</span>`, false},
		{":first-child", `span:first-child { font-weight: 700 }`, `<span>a</span><span>b</span>`, false},
		{":first-child, neither first", `span:first-child { font-weight: 700 }`, `<span>a</span><span>b</span><span>c</span>`, true},
		{":last-child", `span:last-child { font-weight: 700 }`, `<span>a</span><span>b</span>`, false},
		{":last-child, neither last", `span:last-child { font-weight: 700 }`, `<span>a</span><span>b</span><span>c</span><i>d</i>`, true},
		{":not(:last-child), neither last", `span:not(:last-child) { font-weight: 700 }`, `<span>a</span><span>b</span><span>c</span><i>d</i>`, true},
		{":only-child", `span:only-child { font-weight: 700 }`, `<span>a</span><span>b</span><span>c</span>`, false},
		{":only-child, neither first nor last", `span:only-child { font-weight: 700 }`, `<span>a</span><span>b</span><span>c</span><i>d</i>`, true},
		{":first-of-type", `span:first-of-type { font-weight: 700 }`, `<i>a</i><span>a</span><span>b</span>`, false},
		{":nth-child", `span:nth-child(2n) { font-weight: 700 }`, `<span>a</span><span>b</span>`, false},
		{"sibling combinator", `span + span { font-weight: 700 }`, `<span>a</span><span>b</span>`, false},
		{":empty", `span:empty { font-weight: 700 }`, `<span>a</span><span></span>`, false},
		{":has()", `span:has(b) { font-weight: 700 }`, `<span>a</span><span><b>b</b></span>`, false},
		{"positional rule of another class", `.op:first-child { font-weight: 700 } .kw { font-style: italic }`, `<span class=kw>a</span><span class=kw>b</span>`, true},
		// The check reads the selector's text: a positional part anywhere counts, even
		// where only an ancestor's place is looked at (which siblings share).
		{"positional rule of an ancestor", `p:first-child span { font-weight: 700 }`, `<span>a</span><span>b</span>`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rs := BuildRuleSet([]Sheet{{Sheet: parse.ParseCSS([]byte(tt.css))}})
			doc, err := html.Parse(strings.NewReader(`<!doctype html><body><p>` + tt.body + `</p>`))
			if err != nil {
				t.Fatal(err)
			}
			var p *html.Node
			var find func(n *html.Node)
			find = func(n *html.Node) {
				for c := n.FirstChild; c != nil && p == nil; c = c.NextSibling {
					if c.Type == html.ElementNode && c.Data == "p" {
						p = c
					}
					find(c)
				}
			}
			find(doc)
			last := p.LastChild
			for last.Data == "i" {
				last = last.PrevSibling
			}
			var s Siblings[int]
			for c := p.FirstChild; c != last; c = c.NextSibling {
				k := KeysOf(c)
				var work int
				rs.Match(c, &k, nil, nil, &work)
				s.Add(c, &k, 1)
			}
			_, _, got := s.Find(rs, last)
			if got != tt.want {
				t.Errorf("shared = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSiblingsRing: the candidates are the last siblingCandidates ones added.
func TestSiblingsRing(t *testing.T) {
	rs := BuildRuleSet(nil)
	var s Siblings[int]
	node := func(class string) *html.Node {
		return &html.Node{Type: html.ElementNode, Data: "span", Attr: []html.Attribute{{Key: "class", Val: class}}}
	}
	for i := range siblingCandidates + 3 {
		n := node(string(rune('a' + i)))
		k := KeysOf(n)
		s.Add(n, &k, i)
	}
	if _, _, ok := s.Find(rs, node("a")); ok {
		t.Errorf("the oldest candidate is still held")
	}
	if v, _, ok := s.Find(rs, node(string(rune('a'+siblingCandidates+2)))); !ok || v != siblingCandidates+2 {
		t.Errorf("the newest candidate: %v, %v", v, ok)
	}
	s.Reset()
	if _, _, ok := s.Find(rs, node(string(rune('a'+siblingCandidates+2)))); ok {
		t.Errorf("a candidate outlived Reset")
	}
}

// TestMemo: a value is made once per key, with ids in the order made, and nothing is
// made once the memo is full.
func TestMemo(t *testing.T) {
	var m Memo
	made := 0
	mk := func() any { made++; return new(int) }
	num := func(v any, id int) { *v.(*int) = id }
	for i := range maxMemo {
		v, ok := m.Put([]byte{byte(i), byte(i >> 8), byte(i >> 16)}, mk, num)
		if !ok || *v.(*int) != i+1 {
			t.Fatalf("Put #%d = %v, %v; want %d, true", i, v, ok, i+1)
		}
	}
	if v, ok := m.Put([]byte{0, 0, 0}, mk, num); !ok || *v.(*int) != 1 {
		t.Errorf("Put of a held key = %v, %v; want 1, true", v, ok)
	}
	if _, ok := m.Put([]byte("new"), mk, num); ok {
		t.Errorf("a full memo took a new key")
	}
	if made != maxMemo {
		t.Errorf("made %d values, want %d", made, maxMemo)
	}
}

// TestSameInOrder: where two attribute lists have their names in one order (no name
// twice), sameInOrder gives what sameRead gives both ways; where the orders differ it
// finds them unlike, and sameAttrs asks sameRead.
func TestSameInOrder(t *testing.T) {
	rs := BuildRuleSet([]Sheet{{Sheet: parse.ParseCSS([]byte(`#n1, [type=x], .c { margin-top: 1px }`))}})
	keys := []string{"class", "id", "type", "href"}
	vals := []string{"", "c", "n1", "n2", "x"}
	var lists [][]html.Attribute
	// every list of up to three of the names, in order or reversed, with every value
	var gen func(prefix []html.Attribute, from int)
	gen = func(prefix []html.Attribute, from int) {
		lists = append(lists, slices.Clone(prefix))
		if len(prefix) == 3 {
			return
		}
		for k := from; k < len(keys); k++ {
			for _, v := range vals {
				gen(append(prefix, html.Attribute{Key: keys[k], Val: v}), k+1)
			}
		}
	}
	gen(nil, 0)
	for _, l := range lists[:len(lists):len(lists)] {
		r := slices.Clone(l)
		slices.Reverse(r)
		lists = append(lists, r)
	}
	sameNames := func(a, b []html.Attribute) bool {
		return slices.EqualFunc(a, b, func(x, y html.Attribute) bool { return x.Key == y.Key })
	}
	compared := 0
	for _, a := range lists {
		for _, b := range lists {
			if len(a) != len(b) {
				continue
			}
			slow := rs.sameRead(a, b) && rs.sameRead(b, a)
			got := rs.sameInOrder(a, b)
			if sameNames(a, b) && got != slow || !sameNames(a, b) && got {
				t.Fatalf("%v and %v: sameInOrder %v, sameRead both ways %v", a, b, got, slow)
			}
			if rs.sameAttrs(a, b) != slow {
				t.Fatalf("%v and %v: sameAttrs %v, sameRead both ways %v", a, b, !slow, slow)
			}
			compared++
		}
	}
	if compared < 1000 {
		t.Fatalf("only %d pairs compared", compared)
	}
}
