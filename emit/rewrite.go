// HTML rewrite. A user's page is never parsed and re-serialised: the x/net/html tokenizer
// walks the bytes, its Raw() lengths give exact token boundaries, and one marked block is
// spliced in between two tokens. Everything outside the block is the input, byte for byte.
//
// The block always sits right after a complete token that ends in '>' (the block then starts
// with a newline: "trailing form") or at the very start of the file, after a BOM ("leading
// form", ending with a newline). Strip recognises both forms exactly, so removing the block
// gives back the input and a re-run over the output is a no-op. Insertion points are only
// chosen where the tokenizer is in its data state (never after a raw-text start tag such as
// <title> or <script>), so the bytes after the block tokenize as they did before.

package emit

import (
	"bytes"
	"html"
	"slices"
	"strings"

	xhtml "golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/parse"
)

// Markers of the block preloadgen owns in a page.
const (
	BlockStart = "<!-- preloadgen -->"
	BlockEnd   = "<!-- /preloadgen -->"
)

var bom = []byte("\xef\xbb\xbf")

// Rewrite returns src with the page's HTML hints (those with HTML set, in order) in one
// marked block in the head, replacing any block an earlier run wrote. Hints whose rel and
// URL the page already names in a <link> are left out. With nothing to add and no old block
// the result is src itself. added is the number of tags in the block.
func Rewrite(src []byte, hints []graph.Hint) (out []byte, added int) {
	out, added, _ = rewrite(src, hints, Speculation{})
	return out, added
}

// Speculation is an inline speculation rules script for a page's block.
type Speculation struct {
	Rules string // the rules' JSON text; "" for none. It must hold no "<" (JSON escapes it).
	Nonce string // the nonce the script carries, "" for none
}

// RewriteWith is Rewrite with the page's speculation rules as the block's last element.
// added counts the hint tags only.
func RewriteWith(src []byte, hints []graph.Hint, spec Speculation) (out []byte, added int) {
	out, added, _ = rewrite(src, hints, spec)
	return out, added
}

// RewriteStripped is RewriteWith for a page Strip has already been through: base must be
// Strip's result, so it holds no block to replace. RewriteWith(x, ...) is
// RewriteStripped(Strip(x), ...); a build, which reads each page stripped, saves the
// second search for markers.
func RewriteStripped(base []byte, hints []graph.Hint, spec Speculation) (out []byte, added int) {
	out, added, _ = insert(nil, base, hints, spec)
	return out, added
}

// RewriteStrippedInto is RewriteStripped writing a new page into buf's memory where it is
// large enough (a caller that writes pages one after another reuses one buffer); buf
// must not share memory with base. out is base itself where the page does not change.
func RewriteStrippedInto(buf, base []byte, hints []graph.Hint, spec Speculation) (out []byte, added int) {
	out, added, _ = insert(buf, base, hints, spec)
	return out, added
}

// rewrite is Rewrite, also returning the offset where the block went.
func rewrite(src []byte, hints []graph.Hint, spec Speculation) (out []byte, added, at int) {
	return insert(nil, Strip(src), hints, spec)
}

// insert puts the block into base, a page without one, in buf's memory where it is large
// enough.
func insert(buf, base []byte, hints []graph.Hint, spec Speculation) (out []byte, added, at int) {
	if !slices.ContainsFunc(hints, isTagHint) && !specTag(spec) {
		return base, 0, 0 // no tag to write (rustdoc's pages get header hints only): no head to read
	}
	sc := scanHead(base)
	var tags []string
	seen := map[string]bool{}
	for _, h := range hints {
		if !isTagHint(h) {
			continue
		}
		rel := strings.ToLower(h.Rel)
		if sc.linked[linkKey(rel, h.Href)] || (h.URL != "" && sc.linked[linkKey(rel, h.URL)]) {
			continue
		}
		k := linkKey(rel, h.Href+"\x00"+h.ImageSrcset)
		if seen[k] {
			continue
		}
		seen[k] = true
		tags = append(tags, hintTag(h, sc.selfClose, sc.xml))
	}
	links := len(tags)
	if specTag(spec) {
		tags = append(tags, speculationTag(spec))
	}
	if len(tags) == 0 || sc.at < 0 {
		return base, 0, 0
	}
	nl := lineEnding(base)
	var blk strings.Builder
	p := sc.at
	trailing := p > 0 && base[p-1] == '>'
	indent := sc.indent
	if trailing {
		blk.WriteString(nl)
	} else {
		indent = "" // the top of the file: column 0
	}
	blk.WriteString(indent + BlockStart)
	for _, t := range tags {
		blk.WriteString(nl + indent + t)
	}
	blk.WriteString(nl + indent + BlockEnd)
	if !trailing {
		blk.WriteString(nl)
	}
	if n := len(base) + blk.Len(); cap(buf) >= n {
		out = buf[:0]
	} else {
		out = make([]byte, 0, n)
	}
	out = append(out, base[:p]...)
	out = append(out, blk.String()...)
	out = append(out, base[p:]...)
	return out, links, p
}

// isTagHint reports whether h may become a <link> of the block (unless the page has it).
func isTagHint(h graph.Hint) bool {
	return h.HTML && h.Rel != "" && (h.Href != "" || h.ImageSrcset != "")
}

// specTag reports whether spec becomes a script of the block.
func specTag(spec Speculation) bool {
	return spec.Rules != "" && !strings.Contains(spec.Rules, "<")
}

// speculationTag writes the inline rules script.
func speculationTag(spec Speculation) string {
	nonce := ""
	if spec.Nonce != "" {
		nonce = ` nonce="` + html.EscapeString(spec.Nonce) + `"`
	}
	return `<script type="speculationrules"` + nonce + `>` + spec.Rules + `</script>`
}

// Strip removes every block preloadgen wrote from src. When there is none it returns src
// itself. A block is the start marker, only whitespace, <link> tags and speculation rules
// scripts, then the end marker, with the line break (and indentation) the insertion added.
func Strip(src []byte) []byte {
	for {
		out, n := stripOnce(src)
		if n == 0 {
			return src
		}
		src = out
	}
}

func stripOnce(src []byte) ([]byte, int) {
	first := indexMarker(src, BlockStart)
	if first < 0 {
		return src, 0
	}
	// No block ends after the last end marker, so only the bytes up to it are tokenized;
	// the tokens up to there are those of the whole page (each token is decided by its
	// own bytes and what precedes it). Forward searches find the last marker: they are
	// much faster than bytes.LastIndex on long pages.
	last := -1
	for i := first; ; {
		j := indexMarker(src[i:], BlockEnd)
		if j < 0 {
			break
		}
		last = i + j
		i = last + len(BlockEnd)
	}
	return stripUpTo(src, last+len(BlockEnd))
}

// indexMarker is bytes.Index(b, marker) for a marker that starts with "<!" (BlockStart,
// BlockEnd). It looks for the '!', rare in HTML, where bytes.Index would stop at every
// '<' and soon fall back to trying every offset: on a page without a block, the common
// case, this is the whole cost of Strip.
func indexMarker(b []byte, marker string) int {
	for i := 1; i < len(b); {
		j := bytes.IndexByte(b[i:], '!')
		if j < 0 {
			return -1
		}
		i += j
		if b[i-1] == '<' && bytes.HasPrefix(b[i-1:], []byte(marker)) {
			return i - 1
		}
		i++
	}
	return -1
}

func stripUpTo(src []byte, limit int) ([]byte, int) {
	if limit < len(BlockEnd) {
		return src, 0
	}
	type span struct{ start, end int }
	var blocks []span
	z := xhtml.NewTokenizer(bytes.NewReader(src[:limit]))
	off, cand := 0, -1
	inRules := false // inside a speculation rules script of a candidate block
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		raw := z.Raw()
		start := off
		off += len(raw)
		switch {
		case tt == xhtml.CommentToken && string(raw) == BlockStart:
			cand, inRules = start, false
		case cand < 0:
		case inRules:
			if tt == xhtml.EndTagToken {
				inRules = false // the script's raw text ends only at </script>
			} else if tt != xhtml.TextToken {
				cand = -1
			}
		case tt == xhtml.CommentToken && string(raw) == BlockEnd:
			blocks = append(blocks, span{cand, off})
			cand = -1
		case tt == xhtml.TextToken && isSpace(raw):
		case tt == xhtml.StartTagToken && bytes.HasPrefix(raw, []byte(`<script type="speculationrules"`)):
			inRules = true
		case tt == xhtml.StartTagToken || tt == xhtml.SelfClosingTagToken:
			if name, _ := z.TagName(); !bytes.EqualFold(name, []byte("link")) {
				cand = -1
			}
		default:
			cand = -1
		}
	}
	if len(blocks) == 0 {
		return src, 0
	}
	out := make([]byte, 0, len(src))
	last := 0
	for _, b := range blocks {
		s, e := b.start, b.end
		i := s
		for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
			i--
		}
		if i > 0 && src[i-1] == '\n' {
			s = i - 1
			if s > 0 && src[s-1] == '\r' {
				s--
			}
		} else if bytes.HasPrefix(src[e:], []byte("\r\n")) {
			e += 2
		} else if e < len(src) && src[e] == '\n' {
			e++
		}
		out = append(out, src[last:s]...)
		last = e
	}
	out = append(out, src[last:]...)
	return out, len(blocks)
}

// headScan is what the placement pass learns about a page.
type headScan struct {
	at        int             // insertion offset; -1: no safe place
	indent    string          // indentation of the block's lines
	selfClose bool            // the page closes void tags with "/>"
	xml       bool            // the page is XHTML (an <?xml ...?> prolog or <html xmlns>)
	linked    map[string]bool // linkKey(rel, href) of every <link> the page has
}

func linkKey(rel, href string) string { return rel + "\x00" + strings.TrimSpace(href) }

// scanHead finds where the block goes: after the last element an expert puts before
// preloads (meta charset/viewport/http-equiv, base, title, preconnects, stylesheets,
// <style>, sync scripts, import maps), at the latest before the first body content, the
// end of the head or anything that closes it. Without such elements the block goes right
// after <head>, <html> or the doctype, or at the top of the file.
func scanHead(src []byte) headScan {
	sc := headScan{linked: map[string]bool{}}
	if bytes.HasPrefix(src, bom) {
		sc.at = len(bom)
	}
	anchor := -1      // start of the element the block follows, for indentation
	childIndent := "" // indentation of the first head element at a line start
	haveChild := false
	inHead, sawHTML, done := false, false, false
	templates := 0
	rawName, rawMust, rawStart := "", false, 0
	lastLink := lastLinkTag(src)
	var attrs attrList // the current tag's, its buffer reused from tag to tag

	// A byte order mark is not content: the tokenizer would take it for text, which ends
	// the head before the doctype, so it starts after it.
	off := sc.at
	z := xhtml.NewTokenizer(bytes.NewReader(src[off:]))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		raw := z.Raw()
		start := off
		off += len(raw)
		if done && off > lastLink {
			break // past the head and past the last "<link": nothing left to note
		}
		complete := len(raw) > 0 && raw[len(raw)-1] == '>'
		if tt == xhtml.CommentToken && start == len(bom)*boolInt(bytes.HasPrefix(src, bom)) && bytes.HasPrefix(raw, []byte("<?xml")) {
			sc.xml = true
		}
		mark := func(s int) {
			if complete {
				sc.at, anchor = off, s
			}
		}
		switch tt {
		case xhtml.TextToken:
			if templates == 0 && rawName == "" && !isSpace(raw) {
				done = true
			}
		case xhtml.DoctypeToken:
			if !done && !inHead && !sawHTML {
				if !complete {
					// It runs to the end of the file: nothing may go before it (the
					// page would lose its doctype) and there is no "after".
					sc.at = -1
					return sc
				}
				sc.at = off
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, more := z.TagName()
			if (done || rawName != "") && string(name) != "link" {
				continue // past the head: only existing links matter
			}
			n := string(name)
			attrs = tagAttrs(z, more, attrs)
			if n == "link" {
				sc.noteLink(attrs)
			}
			if done || rawName != "" {
				continue
			}
			if templates > 0 {
				if n == "template" {
					templates++
				}
				continue
			}
			if !haveChild && parse.IsHeadElement(n) {
				haveChild = true
				childIndent, _ = lineIndent(src, start)
			}
			if tt == xhtml.SelfClosingTagToken && (n == "meta" || n == "link" || n == "base") {
				sc.selfClose = true
			}
			switch n {
			case "html":
				if attrs.index("xmlns") >= 0 {
					sc.xml = true
				}
				if !inHead && !sawHTML && complete {
					sc.at = off
				}
				sawHTML = true
			case "head":
				if !inHead && complete {
					sc.at, anchor = off, -1
				}
				inHead = true
			case "meta":
				inHead = true
				cs := attrs.index("charset") >= 0
				he := attrs.index("http-equiv") >= 0
				if cs || he || strings.EqualFold(strings.TrimSpace(attrs.value("name")), "viewport") {
					mark(start)
				}
			case "link":
				inHead = true
				for _, r := range strings.Fields(strings.ToLower(attrs.value("rel"))) {
					if r == "stylesheet" || r == "preconnect" || r == "dns-prefetch" {
						mark(start)
					}
				}
			case "base":
				inHead = true
				mark(start)
			case "basefont", "bgsound":
				inHead = true
			case "title", "style", "script", "noscript", "noframes":
				inHead = true
				rawName, rawStart = n, start
				rawMust = n == "title" || n == "style" || (n == "script" && blockingScript(attrs))
			case "template":
				inHead = true
				templates++
			default:
				done = true
			}
		case xhtml.EndTagToken:
			if done {
				continue
			}
			name, _ := z.TagName()
			n := string(name)
			if rawName != "" {
				if n == rawName {
					if rawMust {
						mark(rawStart)
					}
					rawName = ""
				}
				continue
			}
			if templates > 0 {
				if n == "template" {
					templates--
				}
				continue
			}
			switch n {
			case "head", "body", "html", "br":
				done = true
			}
		}
	}
	if anchor >= 0 {
		if ind, ok := lineIndent(src, anchor); ok {
			sc.indent = ind
			return sc
		}
	}
	sc.indent = childIndent
	return sc
}

// attrList is the attributes of a tag that scanHead reads, the first of a name winning
// as in the HTML parser. Its slices point into the tokenizer's buffer: they hold until
// the next token.
type attrList []attr

type attr struct{ key, val []byte }

// tagAttrs reads the current tag's attributes into buf (emptied first) and returns it;
// more is TagName's second result. Only the names scanHead asks about are kept, so a
// lookup looks at ten entries at most, whatever the tag holds.
func tagAttrs(z *xhtml.Tokenizer, more bool, buf attrList) attrList {
	buf = buf[:0]
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "xmlns", "charset", "http-equiv", "name", "rel", "href", "type", "src", "async", "defer":
			if buf.index(string(k)) < 0 {
				buf = append(buf, attr{k, v})
			}
		}
	}
	return buf
}

// index returns the position of attribute k in a, or -1.
func (a attrList) index(k string) int {
	for i, at := range a {
		if string(at.key) == k {
			return i
		}
	}
	return -1
}

// get returns the value of attribute k, and whether the tag has it.
func (a attrList) get(k string) (string, bool) {
	if i := a.index(k); i >= 0 {
		return string(a[i].val), true
	}
	return "", false
}

// value returns the value of attribute k, "" when the tag has none.
func (a attrList) value(k string) string {
	v, _ := a.get(k)
	return v
}

// noteLink records an existing <link>'s rels and href, so no hint repeats it.
func (sc *headScan) noteLink(attrs attrList) {
	rel, ok := attrs.get("rel")
	if !ok {
		return
	}
	href := attrs.value("href")
	for _, r := range strings.Fields(strings.ToLower(rel)) {
		sc.linked[linkKey(r, href)] = true
	}
}

// lastLinkTag returns the offset of the last "<link" (any case) in b, or -1. It searches
// forwards, for the tag name's last letter: IndexByte is vectorised (a backward byte
// loop over a whole page is not), and a 'k' is rarer in a page than a '<', so the search
// stops less often.
func lastLinkTag(b []byte) int {
	return max(lastLinkEnding(b, 'k'), lastLinkEnding(b, 'K'))
}

// lastLinkEnding is lastLinkTag for the "<link"s that end in k (either case).
func lastLinkEnding(b []byte, k byte) int {
	last := -1
	for i := 0; ; i++ {
		j := bytes.IndexByte(b[i:], k)
		if j < 0 {
			return last
		}
		i += j
		if i >= 4 && b[i-4] == '<' && bytes.EqualFold(b[i-3:i], []byte("lin")) {
			last = i - 4
		}
	}
}

// blockingScript reports whether a <script> blocks the parser (classic, neither async nor
// defer) or must precede module preloads (an import map).
func blockingScript(attrs attrList) bool {
	t := strings.ToLower(strings.TrimSpace(attrs.value("type")))
	if t == "importmap" {
		return true
	}
	switch t {
	case "", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript", "text/jscript", "text/livescript", "application/x-javascript", "application/x-ecmascript", "text/x-javascript", "text/x-ecmascript":
	default:
		return false
	}
	if attrs.index("src") < 0 {
		return true // inline classic scripts ignore async and defer
	}
	async := attrs.index("async") >= 0
	deferred := attrs.index("defer") >= 0
	return !async && !deferred
}

// lineIndent returns the spaces and tabs before offset i on its line, and whether nothing
// else precedes i on that line.
func lineIndent(src []byte, i int) (string, bool) {
	j := i
	for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
		j--
	}
	if j == 0 || src[j-1] == '\n' || src[j-1] == '\r' {
		return string(src[j:i]), true
	}
	return "", false
}

// lineEnding returns the page's line break: CRLF when its first line ends so, else LF.
func lineEnding(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

func isSpace(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r', '\f':
		default:
			return false
		}
	}
	return true
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hintTag writes one hint as a <link> tag, every value HTML-escaped. The tag closes with
// " />" when the page writes its void tags so; in XHTML crossorigin also gets a value (XML
// has no bare attributes).
func hintTag(h graph.Hint, selfClose, xml bool) string {
	var b strings.Builder
	rel := strings.ToLower(h.Rel)
	attr := func(k, v string) {
		if v != "" {
			b.WriteString(" " + k + `="` + html.EscapeString(v) + `"`)
		}
	}
	b.WriteString("<link")
	attr("rel", rel)
	attr("href", h.Href)
	if rel != "modulepreload" {
		attr("as", h.As)
		attr("type", h.Type)
	}
	switch co := strings.ToLower(strings.TrimSpace(h.CrossOrigin)); {
	case co == "":
	case co == "use-credentials":
		attr("crossorigin", "use-credentials")
	case xml:
		attr("crossorigin", "anonymous")
	default:
		b.WriteString(" crossorigin")
	}
	attr("media", h.Media)
	attr("imagesrcset", h.ImageSrcset)
	attr("imagesizes", h.ImageSizes)
	attr("integrity", h.Integrity)
	attr("nonce", h.Nonce)
	attr("fetchpriority", h.FetchPriority)
	if selfClose || xml {
		b.WriteString(" />")
	} else {
		b.WriteString(">")
	}
	return b.String()
}
