package style

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/preloadgen/preloadgen/parse"
)

// TestPlaceKeyed: an element's key holds whether it is its parent's first or last
// element child where a selector may read that of it, and only there; the match of each
// path is still that of trying every rule (indexMatchesAll).
func TestPlaceKeyed(t *testing.T) {
	// Under each parent, a first and a last child of one tag and attributes: their keys
	// differ where their places are keyed.
	page := `<!doctype html><body>` +
		`<table><tr><th><p>a</p><p>b</p></th><td><p>a</p><p>b</p></td></tr></table>` +
		`<div class=side><p>a</p><p>b</p></div><section><p>a</p><p>b</p></section>` +
		`<ul><li><a>a</a><a>b</a></li><li><a>c</a><a>d</a></li></ul>` +
		`<my-el><p>a</p><p>b</p></my-el><aside><p class=x>a</p><p class=x>b</p></aside>`
	for _, c := range []struct {
		css   string
		keyed []string // the parent tags whose children's places are keyed: "ul" for the list items
	}{
		{`p { margin-top: 1px }`, nil},
		{`th > :first-child { margin-top: 0 }`, []string{"th"}},
		{`td > :last-child, th > p:first-child { margin-top: 0 }`, []string{"td", "th", "div", "section", "my-el", "aside"}},
		{`li:first-child { margin-top: 0 }`, []string{"ul"}},
		{`ul li:first-child a { margin-top: 0 }`, []string{"ul"}},
		{`li:not(:first-child) > p { margin-top: 0 }`, []string{"ul"}},
		{`:not(li) > ul > li:first-child > :first-child { margin-top: 0 }`, []string{"ul", "li"}},
		{`div.side > :last-child { margin-top: 0 }`, []string{"div"}},
		{`my-el > :only-child { margin-top: 0 }`, []string{"my-el"}},
		// Where no tag is asked for, any element's place may be read.
		{`.x:first-child { margin-top: 0 }`, []string{"th", "td", "div", "section", "ul", "li", "my-el", "aside"}},
		{`td :first-child { margin-top: 0 }`, []string{"th", "td", "div", "section", "ul", "li", "my-el", "aside"}},
		{`p:not(div > :first-child) { margin-top: 0 }`, []string{"th", "td", "div", "section", "ul", "li", "my-el", "aside"}},
		{`p:has(b:last-child) { margin-top: 0 }`, []string{"th", "td", "div", "section", "ul", "li", "my-el", "aside"}},
		// :nth-child() is tried on each element: no place is keyed.
		{`p:nth-child(1) { margin-top: 0 }`, nil},
	} {
		rs := BuildRuleSet([]Sheet{{Sheet: parse.ParseCSS([]byte(c.css))}})
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		indexMatchesAll(t, c.css, rs, doc)
		parents := map[string]bool{}
		for n := range doc.Descendants() {
			first, last := n.FirstChild, n.LastChild
			if n.Type != html.ElementNode || first == nil || first == last || first.Type != html.ElementNode || n.Data == "tr" || n.Data == "body" || n.Data == "html" {
				continue
			}
			if parents[n.Data] {
				continue
			}
			parents[n.Data] = true
			keyed := string(rs.AppendKey(nil, first)) != string(rs.AppendKey(nil, last))
			if want := contains(c.keyed, n.Data); keyed != want {
				t.Errorf("%s: the places of <%s>'s children keyed: %v, want %v", c.css, n.Data, keyed, want)
			}
		}
		if len(parents) != 8 {
			t.Fatalf("%d parents", len(parents))
		}
	}
}

// TestMemoKeyClasses: an element's memo key holds of its class attribute the classes
// selectors name, in any order and however often, and whether each attribute selector
// on class matches; where a selector may read attributes in a way not known, the whole
// attribute. The memo paths' matches are those of trying every rule (indexMatchesAll).
func TestMemoKeyClasses(t *testing.T) {
	css := `.a { margin-top: 1px } p:not(.b) { margin-top: 2px } div[class*="hl-"] { margin-top: 3px }
		[class|='x' i] { margin-top: 4px } [class$="q\"\\"] { margin-top: 5px }`
	page := `<!doctype html><body>` +
		`<p class="a z">1</p><p class="z a a">2</p><p class="a b">3</p><p class="b a y">4</p><p class=a>5</p>` +
		`<div class="hl-py z">6</div><div class="hl-c">7</div><div class="z">8</div><div class="y">9</div>` +
		`<span class="X-1">10</span><span class="x-2 z">11</span><span class="a x-3">12</span>` +
		`<i class='z q"\'>13</i><i class='q"\ y'>14</i><i class='y q"\'>15</i><div>16</div>`
	same := [][2]string{{"1", "2"}, {"1", "5"}, {"3", "4"}, {"6", "7"}, {"8", "9"}, {"10", "11"}, {"13", "15"}}
	apart := [][2]string{{"1", "3"}, {"6", "8"}, {"11", "12"}, {"13", "14"}, {"8", "16"}}
	for _, c := range []struct {
		css   string
		whole bool
	}{{css, false}, {css + ` p[data\-x] { margin-top: 6px }`, true}} {
		rs := BuildRuleSet([]Sheet{{Sheet: parse.ParseCSS([]byte(c.css))}})
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		indexMatchesAll(t, c.css, rs, doc)
		byText := map[string]*html.Node{}
		for n := range doc.Descendants() {
			if n.Type == html.ElementNode && n.FirstChild != nil && n.FirstChild.Type == html.TextNode {
				byText[n.FirstChild.Data] = n
			}
		}
		key := func(s string) string {
			n := byText[s]
			if n == nil {
				t.Fatalf("no element %s", s)
			}
			return string(rs.AppendMemoKey(nil, n))
		}
		for _, p := range same {
			if k0, k1 := key(p[0]), key(p[1]); (k0 == k1) == c.whole {
				t.Errorf("whole %v: elements %s and %s: memo keys %q and %q", c.whole, p[0], p[1], k0, k1)
			}
		}
		for _, p := range apart {
			if k0, k1 := key(p[0]), key(p[1]); k0 == k1 {
				t.Errorf("elements %s and %s: one memo key %q", p[0], p[1], k0)
			}
		}
		for s, n := range byText {
			if k := string(rs.AppendKey(nil, n)); (k == key(s)) != (c.whole || parse.Attr(n, "class") == "") {
				t.Errorf("whole %v: element %s: key %q, memo key %q", c.whole, s, k, key(s))
			}
		}
	}
}

// TestKeyWrittenAtOnce: the keys of elements with no attribute or only a class, written
// at once, are those the attribute loop writes (keyByLoop).
func TestKeyWrittenAtOnce(t *testing.T) {
	long := strings.Repeat("c", 0x90)
	page := `<!doctype html><body><p>a</p><p class=x>b</p><p class="">c</p><p class="` + long + `">d</p>` +
		`<p id=x>e</p><p class=x id=y>f</p><p type=t>g</p><` + long[:0x81] + ` class=x>h</` + long[:0x81] + `>` +
		`<svg class=s><rect class=r></rect><a xlink:href=z></a></svg><math><mi class=m>i</mi></math><ul><li class=y><a>j</a></li></ul>`
	for _, css := range []string{`p { margin-top: 1px }`, `input[type], #y, li:first-child { margin-top: 1px }`, `p[data\-x] { margin-top: 1px }`} {
		rs := BuildRuleSet([]Sheet{{Sheet: parse.ParseCSS([]byte(css))}})
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for e := range doc.Descendants() {
			if e.Type != html.ElementNode {
				continue
			}
			n++
			if got, want := string(rs.AppendKey(nil, e)), string(keyByLoop(rs, e)); got != want {
				t.Errorf("%s: <%s %v>: key %q, by the loop %q", css, e.Data, e.Attr, got, want)
			}
		}
		if n < 15 {
			t.Fatalf("%d elements", n)
		}
	}
}

// keyByLoop is AppendKey's key of n as its attribute loop writes it, for any element.
func keyByLoop(rs *RuleSet, n *html.Node) []byte {
	var buf []byte
	if rs.firstLast && rs.placeRead(n) {
		var place byte
		if prevElement(n) == nil {
			place |= 1
		}
		if nextElement(n) == nil {
			place |= 2
		}
		buf = append(buf, place)
	}
	buf = appendString(buf, n.Namespace)
	buf = appendString(buf, n.Data)
	for _, at := range n.Attr {
		if at.Namespace == "" && (at.Key == "id" && !rs.idMatters(at.Val) || at.Key != "class" && at.Key != "id" && !rs.anyAttr && !rs.readsAttr(at.Key)) {
			continue
		}
		buf = appendString(buf, at.Namespace)
		buf = appendString(buf, at.Key)
		buf = appendString(buf, at.Val)
	}
	return buf
}

// TestTagSet: a tag set finds the tags added to it and no others, by atom (where two
// fall in one place of its table too) and by name (tags of no atom, elements made
// without one).
func TestTagSet(t *testing.T) {
	var tags []string
	for a := range 1 << 14 { // the atoms' places run below 2^14
		for l := 1; l < 16; l++ {
			if s := atom.Atom(a<<8 | l).String(); s != "" && atom.Lookup([]byte(s)) == atom.Atom(a<<8|l) {
				tags = append(tags, s)
			}
		}
	}
	tags = append(tags, "my-el", "x-y")
	if len(tags) < 300 {
		t.Fatalf("%d tags", len(tags))
	}
	for _, step := range []int{1, 2, 3, 7, 50} {
		var ts tagSet
		in := map[string]bool{}
		for i := 0; i < len(tags); i += step {
			ts.add(tags[i])
			in[tags[i]] = true
		}
		for _, tag := range tags {
			for _, a := range []atom.Atom{atom.Lookup([]byte(tag)), 0} {
				n := &html.Node{Type: html.ElementNode, Data: tag, DataAtom: a}
				got, sure := ts.quick(a)
				if !sure {
					got = ts.has(n)
				} else if got != ts.has(n) {
					t.Errorf("step %d: <%s> (atom %v): quick says %v, has %v", step, tag, a, got, ts.has(n))
				}
				if got != in[tag] {
					t.Errorf("step %d: <%s> (atom %v): in the set %v, want %v", step, tag, a, got, in[tag])
				}
			}
		}
		crowded := 0
		for _, w := range ts.crowded {
			for ; w != 0; w &= w - 1 {
				crowded++
			}
		}
		if step == 1 && crowded == 0 {
			t.Errorf("no place of the table is crowded with every atom in it")
		}
	}
}
