// Tag scanning with byte positions. The rules point at tags by line and column, and the
// repairs (fix.go) splice single attributes or whole tags, so every tag this file reports
// carries the offsets of itself and of each attribute. The x/net/html tokenizer decides
// where tags start and end (its Raw() lengths, as in emit/rewrite.go); it does not report
// where an attribute lies inside a tag, so lexTag re-reads the raw bytes of one start tag
// with the tokenizer's own attribute states (token.go: readTag, readTagAttrKey,
// readTagAttrVal). The fuzz test holds the two to the same attributes.

package audit

import (
	"bytes"
	"html"
	"strings"

	xhtml "golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/parse"
)

// span is a byte range [Start, End) of a page.
type span struct{ Start, End int }

// tagAttr is one attribute of a start tag, as offsets into the page.
type tagAttr struct {
	Name   string // lower-cased
	Val    string // unescaped, as the parser sees it
	Key    span   // the name as written
	Value  span   // the value as written, without quotes; empty when there is none
	End    int    // just past the attribute (its closing quote included)
	Quoted bool
	HasVal bool
	open   bool   // written "k=" with no value before the tag's end
	dedup  string // the name as the tokenizer tells duplicates apart
	kept   bool   // the first attribute of its name: the parser keeps it
}

// tag is one start tag of a page.
type tag struct {
	Name   string // lower-cased
	Start  int    // offset of '<'
	End    int    // just past '>'
	Attrs  []tagAttr
	Head   bool // in the document's head (before anything that ends it)
	Block  bool // inside the block preloadgen wrote
	Closed bool // the raw tag ends in '>' (a tag cut off at the end of the file does not)
	// AttrEnd is where a new attribute goes: just past the last attribute, or the name.
	AttrEnd int
	// Ord is the tag's index among the start tags of its name, in source order.
	Ord int
}

// attr returns the first attribute named name (the one the parser keeps).
func (t *tag) attr(name string) (tagAttr, bool) {
	for _, a := range t.Attrs {
		if a.kept && a.Name == name {
			return a, true
		}
	}
	return tagAttr{}, false
}

// val returns the value of the attribute name, "" when absent.
func (t *tag) val(name string) string {
	a, _ := t.attr(name)
	return a.Val
}

func (t *tag) has(name string) bool {
	_, ok := t.attr(name)
	return ok
}

// rels returns the tag's rel tokens, lower-cased.
func (t *tag) rels() []string {
	return strings.Fields(strings.ToLower(t.val("rel")))
}

// scanTags returns every start tag of src with its offsets, in source order. Tags inside
// raw text (script, style, title, textarea, noscript...) are not tags, as for the parser.
func scanTags(src []byte) []tag {
	var out []tag
	ords := map[string]int{}
	z := xhtml.NewTokenizer(bytes.NewReader(src))
	off := 0
	head, headDone, inBlock := false, false, false
	rawText := false // the last token opened an element whose content is text (title, script...)
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		raw := z.Raw()
		start := off
		off += len(raw)
		inRaw := rawText
		rawText = false
		switch tt {
		case xhtml.CommentToken:
			switch string(raw) {
			case emit.BlockStart:
				inBlock = true
			case emit.BlockEnd:
				inBlock = false
			}
		case xhtml.TextToken:
			if !inRaw && !headDone && strings.TrimSpace(string(raw)) != "" && head {
				headDone = true
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "head", "body", "html":
				headDone = true
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, more := z.TagName()
			n := string(name)
			var kv [][2]string
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				kv = append(kv, [2]string{string(k), string(v)})
			}
			switch {
			case n == "head":
				head = true
			case n == "html":
			case headDone:
			case parse.IsHeadElement(n):
				head = true
			default:
				headDone = true
			}
			switch n {
			case "title", "script", "style", "textarea", "noscript", "noframes", "noembed", "iframe", "xmp":
				rawText = tt == xhtml.StartTagToken
			}
			t := lexTag(raw, start)
			t.Name = n
			t.useTokenizer(kv)
			t.Head = head && !headDone && parse.IsHeadElement(n)
			t.Block = inBlock
			t.Ord = ords[n]
			ords[n]++
			out = append(out, t)
		}
	}
	return out
}

// useTokenizer takes the names and values of the attributes the parser keeps (the first
// of each name) from the tokenizer, kv, which also replaces NUL bytes and unescapes
// values in attribute mode: lexTag only finds where they are.
func (t *tag) useTokenizer(kv [][2]string) {
	seen := map[string]bool{}
	i := 0
	for j := range t.Attrs {
		a := &t.Attrs[j]
		if a.dedup == "" || seen[a.dedup] {
			continue
		}
		seen[a.dedup] = true
		if i < len(kv) {
			a.Name, a.Val = kv[i][0], kv[i][1]
			a.kept = true
		}
		i++
	}
}

func isWS(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }

// lexTag reads the attributes of one raw start tag (starting with '<') found at offset
// base, following the tokenizer's states. The first of two attributes of one name is the
// one kept by the parser; both are listed.
func lexTag(raw []byte, base int) tag {
	t := tag{Start: base, End: base + len(raw), Closed: len(raw) > 0 && raw[len(raw)-1] == '>'}
	i := 1 // past '<'
	// readTagName: the name's first byte is consumed; it runs to whitespace, '/' or '>'.
	i++
	for i < len(raw) && !isWS(raw[i]) && raw[i] != '/' && raw[i] != '>' {
		i++
	}
	nameEnd := base + min(i, len(raw))
	t.AttrEnd = nameEnd
	skip := func() {
		for i < len(raw) && isWS(raw[i]) {
			i++
		}
	}
	if i < len(raw) && isWS(raw[i]) {
		i++ // readTagName consumed the whitespace byte that ended the name
	}
	skip()
	for i < len(raw) && raw[i] != '>' {
		// readTagAttrKey: the key's first byte is taken whatever it is ('=' included),
		// except '/', which makes an empty key that readTagAttrVal then consumes.
		ks := i
		if raw[i] == '/' {
			i++
			skip()
			continue
		}
		i++
		for i < len(raw) && raw[i] != '=' && !isWS(raw[i]) && raw[i] != '/' && raw[i] != '>' {
			i++
		}
		ke := i
		a := tagAttr{Key: span{base + ks, base + ke}, End: base + ke}
		// readTagAttrVal
		j := i
		for j < len(raw) && isWS(raw[j]) {
			j++
		}
		switch {
		case j < len(raw) && raw[j] == '=':
			j++
			for j < len(raw) && isWS(raw[j]) {
				j++
			}
			switch {
			case j >= len(raw) || raw[j] == '>':
				i, a.End = j, base+j // "k=" with no value: the value is empty
				a.open = true
			case raw[j] == '"' || raw[j] == '\'':
				vs := j + 1
				ve := bytes.IndexByte(raw[vs:], raw[j])
				if ve < 0 {
					ve, i = len(raw)-vs, len(raw)
				} else {
					i = vs + ve + 1
				}
				a.Value, a.Quoted, a.HasVal, a.End = span{base + vs, base + vs + ve}, true, true, base+i
			default:
				vs := j
				for j < len(raw) && !isWS(raw[j]) && raw[j] != '>' {
					j++
				}
				i = j
				a.Value, a.HasVal, a.End = span{base + vs, base + j}, true, base+j
			}
		case j < len(raw) && raw[j] == '/':
			i = j + 1
		default:
			i = j
		}
		a.dedup = asciiLower(raw[ks:ke])
		a.Name = strings.ReplaceAll(a.dedup, "\x00", "\ufffd")
		if a.HasVal {
			v := string(raw[a.Value.Start-base : a.Value.End-base])
			v = strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n")
			a.Val = html.UnescapeString(v)
		}
		t.Attrs = append(t.Attrs, a)
		t.AttrEnd = a.End
		if a.open {
			// Whatever follows "k=" would become its value: new attributes go after the name.
			t.AttrEnd = nameEnd
		}
		skip()
	}
	return t
}

// asciiLower lower-cases ASCII letters only, as the tokenizer does for names.
func asciiLower(b []byte) string {
	out := []byte(string(b))
	for i, c := range out {
		if 'A' <= c && c <= 'Z' {
			out[i] = c + 'a' - 'A'
		}
	}
	return string(out)
}
