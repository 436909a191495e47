package emit

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/graph"
)

// fuzzHints is the hint pool FuzzRewrite draws from; hostile values included.
var fuzzHints = []graph.Hint{
	cssHint, fontHint, modHint,
	{URL: "/q", Href: "/\"><script>alert(1)</script>", Rel: "preload", As: "image", ImageSrcset: "a 1x, b 2x", Nonce: "--><x", HTML: true},
}

func FuzzRewrite(f *testing.F) {
	for _, tc := range rewriteCases {
		f.Add([]byte(tc.in), uint8(len(tc.hints)))
		f.Add([]byte(tc.want), uint8(3))
	}
	f.Add([]byte("<!doctype html><title>x</title><a href=/b/>b</a>"), uint8(0x80))
	f.Fuzz(func(t *testing.T, src []byte, n uint8) {
		hints := fuzzHints[:int(n&0x7f)%(len(fuzzHints)+1)]
		var spec Speculation
		if n&0x80 != 0 {
			spec = fuzzSpeculation
		}
		checkRewriteProperties(t, src, hints, spec)
	})
}

// fuzzSpeculation is the inline rules FuzzRewrite adds when asked, with a hostile nonce.
var fuzzSpeculation = Speculation{Rules: `{"prefetch":[{"source":"document","where":{"href_matches":[{"pathname":"/b/"}]},"eagerness":"moderate"}]}`, Nonce: "\"--></script>"}

// checkRewriteProperties asserts what every rewrite must keep: removing the block gives
// back the input (minus an old block), a second run is a no-op, and the output parses to
// the input's DOM plus the hint elements.
func checkRewriteProperties(t *testing.T, src []byte, hints []graph.Hint, spec Speculation) {
	t.Helper()
	base := Strip(src)
	if a, n := stripOnce(src); true {
		b, m := stripUpTo(src, len(src))
		if n != m || !bytes.Equal(a, b) {
			t.Fatalf("stripping the prefix up to the last end marker differs from the whole page: %q", src)
		}
	}
	for _, m := range []string{BlockStart, BlockEnd} {
		if got, want := indexMarker(src, m), bytes.Index(src, []byte(m)); got != want {
			t.Fatalf("indexMarker(%q) = %d, bytes.Index says %d: %q", m, got, want, src)
		}
	}
	if got, want := lastLinkTag(src), lastLinkTagPlain(src); got != want {
		t.Fatalf("lastLinkTag = %d, the plain search says %d: %q", got, want, src)
	}
	out, added, at := rewrite(src, hints, spec)
	if stripped, n := RewriteStripped(base, hints, spec); !bytes.Equal(stripped, out) || n != added {
		t.Fatalf("RewriteStripped(Strip(x)) != RewriteWith(x)\n in: %q\nout: %q\ngot: %q", src, out, stripped)
	}
	if got := Strip(out); !bytes.Equal(got, base) {
		t.Fatalf("Strip(Rewrite(x)) != Strip(x)\n in: %q\nout: %q\ngot: %q", src, out, got)
	}
	if !bytes.Contains(src, []byte("preloadgen")) && !bytes.Equal(base, src) {
		t.Fatalf("Strip changed a page without a block: %q -> %q", src, base)
	}
	again, _ := RewriteWith(out, hints, spec)
	if !bytes.Equal(again, out) {
		t.Fatalf("second rewrite changed the page\nfirst:  %q\nsecond: %q", out, again)
	}
	if added == 0 && (spec.Rules == "" || bytes.Equal(out, base)) {
		if !bytes.Equal(out, base) {
			t.Fatalf("no tags added but output differs: %q", out)
		}
		return
	}
	if d := doctypeAt(base); d >= 0 && at <= d {
		t.Fatalf("block at %d goes before the doctype at %d (the page would render in quirks mode)\n in: %q\nout: %q", at, d, src, out)
	}
	if bytes.Count(out, []byte(BlockStart)) != bytes.Count(base, []byte(BlockStart))+1 {
		t.Fatalf("want exactly one new block: %q", out)
	}
	want, wantComments := flatten(t, base)
	got, gotComments := flatten(t, out)
	// The hint elements are the run of links the block introduced: find it and remove it.
	tags := blockTags(out[at : at+len(out)-len(base)])
	scripts := 0
	if spec.Rules != "" {
		scripts = 3 // open, text, close
	}
	if len(tags) != 2*added+scripts {
		t.Fatalf("block has %d tags, Rewrite said %d", len(tags), added)
	}
	i := indexRun(got, tags)
	if i < 0 {
		t.Fatalf("hint elements not found as one run in the parsed output\n in: %q\nout: %q\ndom: %q\ntags: %q", src, out, got, tags)
	}
	rest := append(append([]string(nil), got[:i]...), got[i+len(tags):]...)
	if strings.Join(rest, "\n") != strings.Join(want, "\n") {
		t.Fatalf("DOM changed beyond the hints\n in: %q\nout: %q\nwant: %q\n got: %q", src, out, want, rest)
	}
	var kept []string
	for _, c := range gotComments {
		if c != " preloadgen " && c != " /preloadgen " {
			kept = append(kept, c)
		}
	}
	var wantKept []string
	for _, c := range wantComments {
		if c != " preloadgen " && c != " /preloadgen " {
			wantKept = append(wantKept, c)
		}
	}
	if strings.Join(kept, "\x00") != strings.Join(wantKept, "\x00") {
		t.Fatalf("comments changed: %q -> %q", wantComments, gotComments)
	}
}

// blockTags parses the <link> elements of the inserted block into flatten's element form.
func blockTags(block []byte) []string {
	z := xhtml.NewTokenizer(bytes.NewReader(block))
	var tags []string
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return tags
		}
		if tt == xhtml.StartTagToken || tt == xhtml.SelfClosingTagToken {
			tok := z.Token()
			n := &xhtml.Node{Type: xhtml.ElementNode, Data: tok.Data, Attr: tok.Attr}
			if tok.Data == "script" {
				z.Next()
				tags = append(tags, elementLine(n), "text "+strings.TrimSpace(string(z.Text())), "</script>")
				z.Next()
				continue
			}
			tags = append(tags, elementLine(n), "</"+tok.Data+">")
		}
	}
}

func indexRun(hay, run []string) int {
	for i := 0; i+len(run) <= len(hay); i++ {
		ok := true
		for j := range run {
			if hay[i+j] != run[j] {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// flatten parses src and lists its nodes in document order as lines (element opens and
// closes with depth, non-blank text), leaving out whitespace-only text (the block's line
// breaks) and comments, which are returned apart (a comment may change parent when the
// block implies a head, but none may be lost or altered).
func flatten(t *testing.T, src []byte) (lines, comments []string) {
	// A browser drops the BOM while decoding; x/net/html would keep it as text.
	doc, err := xhtml.Parse(bytes.NewReader(bytes.TrimPrefix(src, bom)))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case xhtml.CommentNode:
				comments = append(comments, c.Data)
			case xhtml.TextNode:
				// Merge adjacent text: the block may split one text node into two.
				s := c.Data
				for c.NextSibling != nil && (c.NextSibling.Type == xhtml.TextNode || c.NextSibling.Type == xhtml.CommentNode) {
					c = c.NextSibling
					if c.Type == xhtml.TextNode {
						s += c.Data
					} else {
						comments = append(comments, c.Data)
					}
				}
				if strings.TrimSpace(s) != "" {
					lines = append(lines, "text "+strings.TrimSpace(s))
				}
			case xhtml.ElementNode:
				lines = append(lines, elementLine(c))
				walk(c)
				lines = append(lines, "</"+c.Data+">")
			case xhtml.DoctypeNode:
				lines = append(lines, "doctype "+c.Data)
			default:
				walk(c)
			}
		}
	}
	walk(doc)
	return lines, comments
}

func elementLine(n *xhtml.Node) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<%s %s", n.Namespace, n.Data)
	for _, a := range n.Attr {
		fmt.Fprintf(&b, " %s:%s=%q", a.Namespace, a.Key, a.Val)
	}
	return b.String()
}

// doctypeAt returns the offset of the doctype that decides the page's mode: the first token
// after an optional BOM, whitespace and comments. It is -1 when there is none.
func doctypeAt(src []byte) int {
	off := 0
	if bytes.HasPrefix(src, bom) {
		off = len(bom)
	}
	z := xhtml.NewTokenizer(bytes.NewReader(src[off:]))
	for {
		tt := z.Next()
		switch {
		case tt == xhtml.DoctypeToken:
			return off
		case tt == xhtml.CommentToken, tt == xhtml.TextToken && isSpace(z.Raw()):
			off += len(z.Raw())
		default:
			return -1
		}
	}
}

// lastLinkTagPlain is lastLinkTag the plain way: every '<', then the four letters after it.
func lastLinkTagPlain(b []byte) int {
	last := -1
	for i := 0; i+5 <= len(b); i++ {
		if b[i] == '<' && bytes.EqualFold(b[i+1:i+5], []byte("link")) {
			last = i
		}
	}
	return last
}
