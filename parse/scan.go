// A small HTML tokenizer for page tails (see tail.go). It follows the tokenization rules of
// the HTML standard for what the tail needs: start tags with their attributes, end tags and
// text, with comments, doctypes and processing instructions skipped and the content of
// raw-text elements (script, style, title, textarea, ...) returned as text. It never
// modifies its input and allocates only to lowercase a name that has upper-case letters.
// Runs of text are found with bytes.IndexByte, which is what makes it several times faster
// than a byte-at-a-time lexer on text-heavy pages (after a look at their first bytes: most
// runs between a real page's tags are empty or a newline), and names with a table of byte
// classes. FuzzScanMatchesTokenizer holds it to golang.org/x/net/html's tokenizer.

package parse

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokText
	tokStart
	tokEnd
	tokComment // only when comments is set: text holds its data
)

type scanAttr struct {
	key span // lowercased
	val span // as written, quotes removed, entities not decoded
}

// span is where a token's bytes are: src[i:j], or lower[i:j] when low is set. The
// scanner's token holds spans, not slices, so that reading a token stores no pointer:
// a pointer stored costs a write barrier while the collector marks, and the scanner
// stored several a token.
type span struct {
	i, j int
	low  bool
}

type scanner struct {
	src []byte
	pos int
	raw string // name of the raw-text element being read, "" otherwise

	// The current token: a tag's name (lowercased), attributes and selfClosing, a text's
	// or comment's text (in src); for a start tag, tg is its bytes from the name to the
	// '>', which hold every attribute value. Each token sets the fields of its kind only:
	// those of another kind are left as an earlier token made them.
	nm, tx, tg  span
	selfClosing bool
	attrs       []scanAttr
	lower       []byte // backing store for lowercased names of the current tag

	// comments makes next return comments (tokComment) and skip doctypes; anything
	// else it would skip (a bogus comment or one ended abruptly, a processing
	// instruction, CDATA) ends the input with bogus set.
	comments, bogus bool
}

func newScanner(src []byte) *scanner {
	return &scanner{src: src, attrs: make([]scanAttr, 0, 8)}
}

// bytes returns the bytes of a span of the current token.
func (s *scanner) bytes(p span) []byte {
	if p.low {
		return s.lower[p.i:p.j]
	}
	return s.src[p.i:p.j]
}

// name returns the current tag's name, lowercased.
func (s *scanner) name() []byte { return s.bytes(s.nm) }

// text returns the current text or comment, in src.
func (s *scanner) text() []byte { return s.src[s.tx.i:s.tx.j] }

// rawTextName returns the name of a raw-text element, which switches the tokenizer to
// reading text up to its end tag, and "" for the others.
func rawTextName(name []byte) string {
	switch string(name) {
	case "script":
		return "script"
	case "style":
		return "style"
	case "textarea":
		return "textarea"
	case "title":
		return "title"
	case "xmp":
		return "xmp"
	case "iframe":
		return "iframe"
	case "noembed":
		return "noembed"
	case "noframes":
		return "noframes"
	case "noscript":
		return "noscript"
	case "plaintext":
		return "plaintext"
	}
	return ""
}

func isRawText(name []byte) bool { return rawTextName(name) != "" }

// isSpaceByte reports whether c is HTML white space (a look-up in byteClass: cheaper than
// five comparisons, and asked of most bytes of a tag).
func isSpaceByte(c byte) bool { return byteClass[c]&cSpace != 0 }

// Classes of bytes for reading a tag's names: a table look-up a byte instead of a
// chain of comparisons, which also tells whether a name has upper-case letters to
// lowercase.
const (
	cNameEnd = 1 << iota // ends a tag's name: white space, '/', '>'
	cAttrEnd             // ends an attribute's name: those and '='
	cUpper               // 'A' to 'Z'
	cSpace               // white space
	cSlash               // '/'
)

var byteClass = func() (t [256]uint8) { // (read only)
	for _, c := range []byte(" \t\n\f\r/>") {
		t[c] = cNameEnd | cAttrEnd
	}
	for _, c := range []byte(" \t\n\f\r") {
		t[c] |= cSpace
	}
	t['/'] |= cSlash
	t['='] = cAttrEnd
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = cUpper
	}
	return t
}()

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// next reads the next token.
func (s *scanner) next() tokKind {
	if s.raw != "" {
		return s.rawText()
	}
	start := s.pos
	for s.pos < len(s.src) {
		i := 0 // a tag right after the last is the usual case: no call then
		if s.src[s.pos] != '<' {
			i = indexByteShort(s.src[s.pos:], '<')
		}
		if i < 0 {
			s.pos = len(s.src)
			break
		}
		lt := s.pos + i
		if lt+1 >= len(s.src) {
			s.pos = len(s.src)
			break
		}
		c := s.src[lt+1]
		if isLetter(c) || c == '/' || c == '!' || c == '?' {
			if lt > start {
				s.pos = lt
				s.tx = span{i: start, j: lt}
				return tokText
			}
			s.pos = lt
			// Tags: markup's commonest cases, without asking the others.
			if isLetter(c) {
				k, _ := s.tag(lt+1, false)
				return k
			}
			if c == '/' && lt+2 < len(s.src) && isLetter(s.src[lt+2]) {
				k, _ := s.tag(lt+2, true)
				return k
			}
			if k, ok := s.markup(); ok {
				return k
			}
			start = s.pos // skipped a comment or the like: text starts again here
			continue
		}
		s.pos = lt + 1 // a lone '<' is text
	}
	if s.pos > start {
		s.tx = span{i: start, j: s.pos}
		return tokText
	}
	return tokEOF
}

// skipEnd reads the end tag "</name>" (name in lower case, no attributes, no space) when
// it is what comes next, and reports whether it was: next would return it as a tokEnd
// of that name. It is asked only where atEndTag is true, and leaves the current token
// as it was.
func (s *scanner) skipEnd(name string) bool {
	p := s.pos + 2
	e := p + len(name)
	if e >= len(s.src) || s.src[e] != '>' {
		return false
	}
	got := s.src[p:e]
	if len(got) != len(name) {
		return false
	}
	for i := range got {
		if got[i] != name[i] {
			return false
		}
	}
	s.pos = e + 1
	return true
}

// textEnd reads what closes the element of the start tag just read when it comes next:
// text without '<' (none, or a word of a highlighted source) and the end tag "</name>"
// as it is usually written (in lower case, nothing in it), outside a raw text. It
// reports whether it did, with the text's span: next would have returned the text, if
// any, then that end tag.
func (s *scanner) textEnd(name string) (span, bool) {
	src, p := s.src, s.pos
	if s.raw != "" || p >= len(src) {
		return span{}, false
	}
	k := 0
	if src[p] != '<' {
		if k = indexByteShort(src[p:], '<'); k < 0 {
			return span{}, false
		}
	}
	e := p + k
	if len(src)-e < len(name)+3 || src[e+1] != '/' || src[e+2+len(name)] != '>' || string(src[e+2:e+2+len(name)]) != name {
		return span{}, false
	}
	s.pos = e + len(name) + 3
	return span{i: p, j: e}, true
}

// atEndTag reports whether an end tag may come next: "</", outside a raw text. (A
// question cheap enough to ask before every token.)
func (s *scanner) atEndTag() bool {
	p := s.pos
	return p+1 < len(s.src) && s.src[p+1] == '/' && s.src[p] == '<' && s.raw == ""
}

// markup reads what starts at '<' (s.pos): a tag (returned) or something skipped.
func (s *scanner) markup() (tokKind, bool) {
	src, p := s.src, s.pos+1
	switch c := src[p]; {
	case c == '!':
		if bytes.HasPrefix(src[p:], []byte("!--")) {
			s.pos = commentEnd(src, p+3)
			if s.comments {
				if e := s.pos - 3; e >= p+3 && bytes.HasSuffix(src[:s.pos], []byte("-->")) {
					s.tx = span{i: p + 3, j: e}
					return tokComment, true
				}
				return s.giveUp()
			}
			return 0, false
		}
		if s.comments && !(len(src) >= p+8 && bytes.EqualFold(src[p+1:p+8], []byte("doctype"))) {
			return s.giveUp()
		}
		s.pos = skipPast(src, p, '>') // doctype, CDATA outside foreign content, bogus comment
		return 0, false
	case c == '?':
		if s.comments {
			return s.giveUp()
		}
		s.pos = skipPast(src, p, '>')
		return 0, false
	case c == '/':
		if p+1 >= len(src) {
			// "</" at the end is text
			s.tx, s.pos = span{i: s.pos, j: len(src)}, len(src)
			return tokText, true
		}
		switch d := src[p+1]; {
		case d == '>':
			if s.comments {
				return s.giveUp()
			}
			s.pos = p + 2 // "</>" is dropped
			return 0, false
		case !isLetter(d):
			if s.comments {
				return s.giveUp()
			}
			s.pos = skipPast(src, p, '>') // bogus comment
			return 0, false
		}
		return s.tag(p+1, true)
	}
	return s.tag(p, false)
}

// giveUp ends the input for a reader of comments (comments) at markup it does not read.
func (s *scanner) giveUp() (tokKind, bool) {
	s.bogus, s.pos = true, len(s.src)
	return tokEOF, true
}

// tag reads a start or end tag whose name begins at p. A tag cut off by the end of the
// input is dropped, as the standard says.
func (s *scanner) tag(p int, end bool) (tokKind, bool) {
	// (A slice cut to [:0] in place stores no pointer.)
	s.selfClosing, s.attrs, s.lower = false, s.attrs[:0], s.lower[:0]
	src := s.src
	n, n0 := p, p
	var cl uint8 // the classes of the name's bytes
	for n < len(src) {
		c := byteClass[src[n]]
		if c&cNameEnd != 0 {
			break
		}
		cl |= c
		n++
	}
	s.nm = span{i: p, j: n}
	if cl&cUpper != 0 {
		s.nm = s.lowerName(p, n)
	}
	p = n
	for {
		// before attribute name
		if p >= len(src) {
			s.pos = len(src)
			s.nm, s.attrs = span{}, s.attrs[:0]
			return tokEOF, true
		}
		c := src[p]
		if c == '>' {
			p++
			break
		}
		if byteClass[c]&(cSpace|cSlash) != 0 {
			if c == '/' && p+1 < len(src) && src[p+1] == '>' {
				s.selfClosing = true
				p += 2
				break
			}
			p++
			continue
		}
		s.selfClosing = false
		// class="...", href="..." and id="...", the commonest attributes by far: the general
		// case's steps below, without looking at each byte of the name.
		kn := 0 // the name's length
		switch {
		case c == 'c' && p+7 <= len(src) && le32(src[p:]) == le32s("clas") && le32(src[p+3:]) == le32s(`ss="`):
			kn = 5
		case c == 'h' && p+6 <= len(src) && le32(src[p:]) == le32s("href") && src[p+4] == '=' && src[p+5] == '"':
			kn = 4
		case c == 'i' && p+4 <= len(src) && le32(src[p:]) == le32s(`id="`):
			kn = 2 // (a source view's line numbers: <span id="1">1</span>)
		}
		if kn > 0 {
			v := p + kn + 2
			q := indexByteShort(src[v:], '"')
			if q < 0 {
				s.pos = len(src)
				s.nm, s.attrs = span{}, s.attrs[:0]
				return tokEOF, true
			}
			if !end {
				s.addAttr(span{i: p, j: p + kn}, span{i: v, j: v + q})
			}
			p = v + q + 1
			continue
		}
		// attribute name: the first character may be '=' (a parse error, kept as a name)
		k, cl := p+1, byteClass[c]
		for k < len(src) {
			c := byteClass[src[k]]
			if c&cAttrEnd != 0 {
				break
			}
			cl |= c
			k++
		}
		key := span{i: p, j: k}
		p = k
		for p < len(src) && isSpaceByte(src[p]) {
			p++
		}
		var val span
		if p < len(src) && src[p] == '=' {
			p++
			for p < len(src) && isSpaceByte(src[p]) {
				p++
			}
			if p < len(src) && (src[p] == '"' || src[p] == '\'') {
				q := indexByteShort(src[p+1:], src[p])
				if q < 0 {
					s.pos = len(src)
					s.nm, s.attrs = span{}, s.attrs[:0]
					return tokEOF, true
				}
				val = span{i: p + 1, j: p + 1 + q}
				p += q + 2
			} else {
				v := p
				for p < len(src) && !isSpaceByte(src[p]) && src[p] != '>' {
					p++
				}
				val = span{i: v, j: p}
			}
		}
		if !end {
			if cl&cUpper != 0 {
				key = s.lowerName(key.i, key.j)
			}
			s.addAttr(key, val)
		}
	}
	s.pos = p
	if end {
		s.attrs, s.selfClosing = s.attrs[:0], false
		return tokEnd, true
	}
	s.tg = span{i: n0, j: p}
	if l := n - n0; l >= 3 && l != 4 { // (no raw-text element's name has 1, 2 or 4 letters)
		if r := rawTextName(s.name()); r != "" {
			s.raw = r
		}
	}
	return tokStart, true
}

// le32 returns b's first four bytes as a little-endian number.
func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }

// le64 returns b's first eight bytes as a little-endian number.
func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

// le64s is le64 of a string of eight bytes, a constant when s is.
func le64s(s string) uint64 { return uint64(le32s(s[:4])) | uint64(le32s(s[4:]))<<32 }

// le32s is le32 of a string of four bytes, a constant when s is.
func le32s(s string) uint32 {
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// rawText reads a raw-text element's content up to its end tag (not consumed: the next
// call returns it). Script content is read the simple way: up to the first "</script".
func (s *scanner) rawText() tokKind {
	src, start := s.src, s.pos
	name := s.raw
	s.raw = ""
	if name == "plaintext" {
		s.pos = len(src)
	} else {
		p := start
		for {
			i := bytes.Index(src[p:], []byte("</"))
			if i < 0 {
				p = len(src)
				break
			}
			p += i
			e := p + 2 + len(name)
			if e < len(src) && equalFoldASCII(src[p+2:e], name) && (isSpaceByte(src[e]) || src[e] == '/' || src[e] == '>') {
				break
			}
			p += 2
		}
		s.pos = p
	}
	if s.pos == start {
		return s.next()
	}
	s.tx = span{i: start, j: s.pos}
	return tokText
}

// addAttr keeps the first of duplicate attributes, as the standard says.
func (s *scanner) addAttr(key, val span) {
	if len(s.attrs) > 0 && s.hasAttr(key) { // (most tags have one attribute or none)
		return
	}
	s.attrs = append(s.attrs, scanAttr{key: key, val: val})
}

// hasAttr reports whether the current tag has an attribute of the name key already.
func (s *scanner) hasAttr(key span) bool {
	k := s.bytes(key)
	for _, a := range s.attrs {
		if a.key.j-a.key.i == len(k) && bytes.Equal(s.bytes(a.key), k) {
			return true
		}
	}
	return false
}

// lowerName returns the span of src[i:j] lowercased, copied to lower only when it has
// upper-case letters.
func (s *scanner) lowerName(i, j int) span {
	b := s.src[i:j]
	for k, c := range b {
		if c >= 'A' && c <= 'Z' {
			at := len(s.lower)
			s.lower = append(s.lower, b...)
			out := s.lower[at:]
			for m := k; m < len(out); m++ {
				if c := out[m]; c >= 'A' && c <= 'Z' {
					out[m] = c + 'a' - 'A'
				}
			}
			return span{i: at, j: len(s.lower), low: true}
		}
	}
	return span{i: i, j: j}
}

// equalFoldASCII reports whether b is s (lower case) but for the case of ASCII letters.
func equalFoldASCII(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		if c := b[i]; c != s[i] && (c < 'A' || c > 'Z' || c+'a'-'A' != s[i]) {
			return false
		}
	}
	return true
}

// commentEnd returns the offset after the comment whose body starts at p: after "-->",
// "--!>", or the abrupt "<!-->" and "<!--->"; the end of input when unterminated.
func commentEnd(src []byte, p int) int {
	if p < len(src) && src[p] == '>' {
		return p + 1
	}
	if p+1 < len(src) && src[p] == '-' && src[p+1] == '>' {
		return p + 2
	}
	for q := p; q < len(src); {
		i := bytes.Index(src[q:], []byte("--"))
		if i < 0 {
			break
		}
		q += i + 2
		for q < len(src) && src[q] == '-' {
			q++ // "--->" ends it too
		}
		if q < len(src) && src[q] == '>' {
			return q + 1
		}
		if q+1 < len(src) && src[q] == '!' && src[q+1] == '>' {
			return q + 2
		}
	}
	return len(src)
}

// indexByteShort is bytes.IndexByte for what is usually found in the first few bytes:
// it looks at the first four one by one and the next eight at a time in a register
// (indexByte8) before the vector search, whose setup costs more than such a short run.
// Most runs of text between a real page's tags are empty or one newline, many attribute
// values are a letter or a few (Pygments' class="n"), and the words of a highlighted
// source are short.
func indexByteShort(b []byte, c byte) int {
	if len(b) < 4 {
		for i := range b {
			if b[i] == c {
				return i
			}
		}
		return -1
	}
	switch c {
	case b[0]:
		return 0
	case b[1]:
		return 1
	case b[2]:
		return 2
	case b[3]:
		return 3
	}
	if len(b) >= 12 {
		if i := indexByte8(le64(b[4:]), c); i < 8 {
			return 4 + i
		}
		if i := bytes.IndexByte(b[12:], c); i >= 0 {
			return i + 12
		}
		return -1
	}
	if i := bytes.IndexByte(b[4:], c); i >= 0 {
		return i + 4
	}
	return -1
}

// indexByte8 returns the place of the first byte c among the eight of x (little-endian),
// 8 when there is none: x^c has a zero byte there, and the lowest bit that
// (y-0x01..01) &^ y & 0x80..80 sets is in the first zero byte of y.
func indexByte8(x uint64, c byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	y := x ^ ones*uint64(c)
	return bits.TrailingZeros64((y-ones)&^y&highs) >> 3
}

// skipPast returns the offset after the next c at or after p, or the end of input.
func skipPast(src []byte, p int, c byte) int {
	if i := bytes.IndexByte(src[p:], c); i >= 0 {
		return p + i + 1
	}
	return len(src)
}
