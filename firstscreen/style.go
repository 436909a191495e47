package firstscreen

import (
	"cmp"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// The styles the engine computes are the few properties that decide which fonts a page
// downloads (font-family, font-weight, font-style, inherited as in CSS) and which element
// carries a background image. Selectors are matched by cascadia; the cascade orders
// declarations by specificity, then source order, as browsers do for normal declarations.

type computedFont struct {
	families []string
	weight   int
	style    string
	size     float64 // px, on the laptop's screen (style.Laptop)
	pSize    float64 // px, on a phone's (style.Phone)
	// vars and pVars are the custom properties font sizes read (style.Vars), on the
	// laptop's screen and on a phone's.
	vars, pVars style.Vars
	box         vbox   // line height and vertical margins (box.go)
	key         string // families joined, computed on first use ("" = not yet)
	mono        bool   // the families are monospaced (monospaced)
	// Whether the element paints nothing: hidden is set under display:none or a clip
	// that leaves nothing of the box (it holds for the whole subtree); invisible is the
	// inherited visibility:hidden (a descendant may set visibility:visible again).
	hidden, invisible bool
	hideStyled        bool // a rule setting display, visibility or clip matched the element itself
	// display is the display keyword the element's own rules give it ("" when none
	// does: the element's default applies); it is not inherited. displayMedia is the
	// media of the rule that gives it ("" when that rule has none), baseDisplay the
	// display given by the rules without media: where displayMedia does not match, the
	// element is laid out by baseDisplay.
	display, displayMedia, baseDisplay string
}

// declared is the winning declarations of the properties computeFont reads itself (the
// box's are in boxDecls). The font properties keep their rule: a value given by var() is
// read once the element's custom properties are known.
type declared struct {
	family, weight, style style.Winner[*parse.StyleRule]
	display               style.Winner[string] // its media is the media of the rule that gives it
	base                  style.Winner[string] // display among the rules without media
	visibility, clip      style.Winner[string]
	size                  style.PerScreen
}

type faceRef struct {
	face  parse.FontFace
	index int // in Page.Faces
	used  bool
}

// lookup returns the computed style of element n, for reading; ok is false when the
// cascade did not style it (or did not run: fu is nil).
func (fu *fontUse) lookup(n *html.Node) (*computedFont, bool) {
	if fu == nil {
		return nil, false
	}
	// The layout asks for the same element several times in a row (its display, its
	// box, whether it is a flex row): the last answer is kept.
	if n != fu.lastNode || n == nil {
		fu.lastNode, fu.lastStyle = n, nil
		if p, ok := fu.pos.get(n); ok && p.index < len(fu.computed) {
			fu.lastStyle = fu.computed[p.index]
		}
	}
	return fu.lastStyle, fu.lastStyle != nil
}

// set records the computed style of the element numbered i (position.index). The
// cascade sets them as it numbers the elements, before any is looked up.
func (fu *fontUse) set(i int, cf *computedFont) {
	if i >= len(fu.computed) {
		fu.computed = append(fu.computed, make([]*computedFont, i+1-len(fu.computed))...)
	}
	fu.computed[i] = cf
}

// get returns the computed style of element n for reading, the zero style when it has
// none.
func (fu *fontUse) get(n *html.Node) *computedFont {
	if cf, ok := fu.lookup(n); ok {
		return cf
	}
	if fu == nil {
		return &computedFont{}
	}
	return &fu.zero
}

// at returns the computed style of the element numbered i (position.index; 0 for
// none) for reading, the zero style when it has none.
func (fu *fontUse) at(i int) *computedFont {
	if fu == nil {
		return &computedFont{}
	}
	if i > 0 && i < len(fu.computed) {
		if cf := fu.computed[i]; cf != nil {
			return cf
		}
	}
	return &fu.zero
}

// boxOf returns the box the cascade computed for element n, for reading, the zero box
// when none.
func (fu *fontUse) boxOf(n *html.Node) *vbox {
	return &fu.get(n).box
}

type fontUse struct {
	faces    []*faceRef
	byFamily map[string][]*faceRef
	// computed is the computed style of each element by its number (position.index),
	// shared between the elements of a memo entry; nil for an element not styled.
	computed []*computedFont
	pos      *numTable // the numbers (positions)
	ends     []int     // the numbers' position.end, by position.index
	usage    map[fontKey]*runeSet
	byStyle  map[*computedFont]*runeSet // usage by computed style, for useTextOf
	// last is the set of lastStyleOf's text, for useTextOf; recent holds the sets of
	// the styles of recent text by their address (recentSlot): a paragraph's text runs
	// go from its style to its links' and back, and each would be looked up in byStyle.
	last        *runeSet
	lastStyleOf *computedFont
	recent      [16]styleSet
	// lastNode and lastStyle are lookup's last answer.
	lastNode  *html.Node
	lastStyle *computedFont
	zero      computedFont // what get gives an element without a computed style; not changed
}

// matchStyles runs the cascade over the page and resolves which faces its text uses.
// It takes this goroutine's memory for the page's tables by element number
// (pageScratch) for the rest of the estimate, until release gives it back.
func (a *estimator) matchStyles() {
	rs := a.page.Rules
	if rs == nil {
		rs = &style.RuleSet{}
	}
	a.takeScratch(rs)
	a.fonts = newFontUse(a.page.Faces, a.doc.Elements)
	a.styleAttrBackgrounds()
	a.cascade(rs)
	a.resolveText()
}

// newFontUse returns the font state of a page with the given faces and number of elements.
func newFontUse(faces []Face, elements int) *fontUse {
	fu := &fontUse{byFamily: map[string][]*faceRef{}, computed: make([]*computedFont, elements+1), usage: map[fontKey]*runeSet{}, byStyle: map[*computedFont]*runeSet{}}
	for i, f := range faces {
		fr := &faceRef{face: f.FontFace, index: i}
		fu.faces = append(fu.faces, fr)
		k := strings.ToLower(f.Family)
		fu.byFamily[k] = append(fu.byFamily[k], fr)
	}
	return fu
}

// uaFont applies the user agent stylesheet's font rules.
func uaFont(n *html.Node, inh computedFont) computedFont {
	cf := inh
	switch n.DataAtom {
	case atom.H1:
		cf.size, cf.pSize = inh.size*2, inh.pSize*2
	case atom.H2:
		cf.size, cf.pSize = inh.size*1.5, inh.pSize*1.5
	case atom.H3:
		cf.size, cf.pSize = inh.size*1.17, inh.pSize*1.17
	case atom.H5, atom.Small:
		cf.size, cf.pSize = inh.size*0.83, inh.pSize*0.83
	case atom.H6:
		cf.size, cf.pSize = inh.size*0.67, inh.pSize*0.67
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.B, atom.Strong, atom.Th:
		cf.weight = 700
	case atom.Em, atom.I, atom.Cite, atom.Var, atom.Dfn, atom.Address:
		cf.style = "italic"
	case atom.Code, atom.Pre, atom.Kbd, atom.Samp, atom.Tt:
		cf.families, cf.key = []string{"monospace"}, ""
	case atom.Input, atom.Button, atom.Select, atom.Textarea:
		cf.families, cf.key = []string{"system-ui"}, ""
	}
	return cf
}

// useTextOf records the characters that an element in font cf renders. The faces are
// resolved once per distinct character and font (resolveText), not per character of text.
// It runs over every byte of a page's text, so it is written for speed: consecutive runs
// usually share a font (the last set is kept), and ASCII, the bulk of most pages, is
// recorded eight bytes at a time (whitespace and control bytes are recorded too and
// ignored when the set is read). A page without faces (the Python docs' have none)
// records nothing: no text of it can make a face used.
func useTextOf[T string | []byte](a *estimator, cf *computedFont, s T) {
	fu := a.fonts
	if len(fu.faces) == 0 {
		return
	}
	rs := fu.setOf(cf)
	set := &rs.ascii
	i := 0
	for i < len(s) {
		if rs.asciiDone {
			if i = skipASCII(s, i); i == len(s) {
				break
			}
		}
		if i+8 <= len(s) {
			b0, b1, b2, b3, b4, b5, b6, b7 := s[i], s[i+1], s[i+2], s[i+3], s[i+4], s[i+5], s[i+6], s[i+7]
			if (b0|b1|b2|b3|b4|b5|b6|b7)&0x80 == 0 {
				if !rs.asciiDone {
					set[b0], set[b1], set[b2], set[b3] = true, true, true, true
					set[b4], set[b5], set[b6], set[b7] = true, true, true, true
					// (no byte is above ' ' when the bytes OR'ed are not)
					if rs.asciiAlike && b0|b1|b2|b3|b4|b5|b6|b7 > ' ' {
						rs.asciiDone = b0 > ' ' || b1 > ' ' || b2 > ' ' || b3 > ' ' ||
							b4 > ' ' || b5 > ' ' || b6 > ' ' || b7 > ' '
					}
				}
				i += 8
				continue
			}
		}
		b := s[i]
		if b < utf8.RuneSelf {
			if !rs.asciiDone {
				set[b] = true
				rs.asciiDone = rs.asciiAlike && b > ' '
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		i += size
		if unicode.IsSpace(r) {
			continue
		}
		if rs.other == nil {
			rs.other = map[rune]bool{}
		}
		rs.other[r] = true
	}
}

// setOf returns the set of the text in computed style cf (useTextOf).
func (fu *fontUse) setOf(cf *computedFont) *runeSet {
	rs := fu.last
	if rs == nil || cf != fu.lastStyleOf {
		// The set of a computed style (which is not changed once computed) is looked
		// up by its font once per page.
		slot := &fu.recent[recentSlot(cf)]
		if slot.cf == cf {
			rs = slot.rs
		} else {
			rs = fu.byStyle[cf]
		}
		if rs == nil {
			fam := cf.key
			if fam == "" {
				fam = strings.Join(cf.families, "\x00")
			}
			key := fontKey{families: fam, weight: cf.weight, style: cf.style}
			rs = fu.usage[key]
			if rs == nil {
				rs = &runeSet{families: cf.families}
				rs.asciiAlike = fu.asciiAlike(cf.families, cf.weight, cf.style)
				fu.usage[key] = rs
			}
			fu.byStyle[cf] = rs
		}
		slot.cf, slot.rs = cf, rs
		fu.last, fu.lastStyleOf = rs, cf
	}
	return rs
}

// useCharsOf is useTextOf of a text whose ASCII characters are ascii (a bit each) and
// whose texts with others are other (parse.KindParent.KindChars): the ASCII ones are
// recorded from the bits, without a text made of them.
func useCharsOf(a *estimator, cf *computedFont, ascii [2]uint64, other []byte) {
	fu := a.fonts
	if len(fu.faces) == 0 {
		return
	}
	if rs := fu.setOf(cf); !rs.asciiDone {
		for w, set := range ascii {
			for ; set != 0; set &= set - 1 {
				rs.ascii[w*64+bits.TrailingZeros64(set)] = true
			}
		}
		// (Once one above ' ' is in, the others change nothing: asciiAlike.)
		rs.asciiDone = rs.asciiAlike && (ascii[0]>>(' '+1) != 0 || ascii[1] != 0)
	}
	if len(other) > 0 {
		useTextOf(a, cf, other)
	}
}

// skipASCII returns where the run of ASCII that starts at s[i] ends, or a position in it
// less than 8 bytes before its end.
func skipASCII[T string | []byte](s T, i int) int {
	for i+8 <= len(s) && word8(s[i:i+8])&highBits == 0 {
		i += 8
	}
	return i
}

// styleSet is a computed style and the set of its text (fontUse.recent).
type styleSet struct {
	cf *computedFont
	rs *runeSet
}

// recentSlot is where style cf's set is in fontUse.recent: from its address (only
// hashed, never turned back into a pointer).
func recentSlot(cf *computedFont) int {
	return int(uint64(uintptr(unsafe.Pointer(cf))) * 0x9E3779B97F4A7C15 >> 60)
}

type fontKey struct {
	families string
	weight   int
	style    string
}

type runeSet struct {
	families []string
	ascii    [256]bool // only bytes below 0x80 are set; those up to ' ' do not count
	other    map[rune]bool
	// asciiAlike says that every ASCII character above ' ' goes to the same faces
	// (fontUse.asciiAlike); then once one of them is in ascii (asciiDone), the others
	// change nothing and useTextOf no longer records them.
	asciiAlike, asciiDone bool
}

// asciiAlike reports whether assign gives every ASCII character above ' ' the same faces
// in the given font. Each character's faces depend on that character only, so text in
// such a font uses the same faces whichever of those characters it holds.
func (fu *fontUse) asciiAlike(families []string, weight int, style string) bool {
	if len(fu.faces) > 64 {
		return false
	}
	var printable [utf8.RuneSelf - '!']rune
	for i := range printable {
		printable[i] = rune('!' + i)
	}
	var faces [len(printable)]uint64 // by character, the faces (by index) it goes to
	fu.assign(families, weight, style, printable[:], func(f *faceRef, r rune) {
		faces[r-'!'] |= 1 << f.index
	})
	for _, m := range faces {
		if m != faces[0] {
			return false
		}
	}
	return true
}

func (rs *runeSet) runes() []rune {
	var out []rune
	for r, ok := range rs.ascii[:utf8.RuneSelf] {
		if ok && r > ' ' {
			out = append(out, rune(r))
		}
	}
	for r := range rs.other {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// resolveText assigns each font's characters to the faces that render them.
func (a *estimator) resolveText() {
	for key, rs := range a.fonts.usage {
		a.fonts.assign(rs.families, key.weight, key.style, rs.runes(), func(f *faceRef, r rune) {
			f.used = true
		})
	}
}

// assign walks the font-family fallback list as a browser does: each character goes to the
// best-matching face (by style and weight) of the first family whose faces cover it; a
// generic or system family takes whatever is left. use is called per face and character.
func (fu *fontUse) assign(families []string, weight int, style string, pending []rune, use func(*faceRef, rune)) {
	for _, fam := range families {
		faces := fu.byFamily[strings.ToLower(fam)]
		if len(faces) == 0 {
			if isGenericFamily(fam) {
				return
			}
			continue // not a web font of this site: a local font or missing; try the next
		}
		best := matchFaces(faces, weight, style)
		var rest []rune
		for _, r := range pending {
			covered := false
			for _, f := range best {
				if covers(f.face.UnicodeRange, r) {
					covered = true
					use(f, r)
				}
			}
			if !covered {
				rest = append(rest, r)
			}
		}
		pending = rest
		if len(pending) == 0 {
			return
		}
	}
}

func isGenericFamily(f string) bool {
	switch strings.ToLower(f) {
	case "serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-serif", "ui-sans-serif",
		"ui-monospace", "ui-rounded", "emoji", "math", "fangsong", "-apple-system", "blinkmacsystemfont":
		return true
	}
	return false
}

func covers(rs []parse.RuneRange, r rune) bool {
	if len(rs) == 0 {
		return true
	}
	for _, rr := range rs {
		if r >= rr.Lo && r <= rr.Hi {
			return true
		}
	}
	return false
}

// matchFaces implements the CSS font matching steps for style and weight: it returns the
// faces (all unicode-range parts) of the best match.
func matchFaces(faces []*faceRef, weight int, style string) []*faceRef {
	styleOrder := []string{"normal", "oblique", "italic"}
	switch style {
	case "italic":
		styleOrder = []string{"italic", "oblique", "normal"}
	case "oblique":
		styleOrder = []string{"oblique", "italic", "normal"}
	}
	var cands []*faceRef
	for _, s := range styleOrder {
		for _, f := range faces {
			if f.face.Style == s {
				cands = append(cands, f)
			}
		}
		if len(cands) > 0 {
			break
		}
	}
	if len(cands) == 0 {
		cands = faces
	}
	// Distance of each face's weight range from the desired weight, by the CSS rules.
	score := func(f *faceRef) int {
		lo, hi := f.face.WeightMin, f.face.WeightMax
		if weight >= lo && weight <= hi {
			return 0
		}
		switch {
		case weight >= 400 && weight <= 500:
			if lo > weight && lo <= 500 {
				return lo - weight
			}
			if hi < weight {
				return 1000 + weight - hi
			}
			return 2000 + lo - weight
		case weight < 400:
			if hi < weight {
				return weight - hi
			}
			return 1000 + lo - weight
		default:
			if lo > weight {
				return lo - weight
			}
			return 1000 + weight - hi
		}
	}
	best := -1
	for _, f := range cands {
		if s := score(f); best < 0 || s < best {
			best = s
		}
	}
	var out []*faceRef
	for _, f := range cands {
		if score(f) == best {
			out = append(out, f)
		}
	}
	return out
}

// facesFor returns the faces (indexes into Page.Faces) the given element's own text uses.
func (a *estimator) facesFor(n *html.Node) []int {
	if a.fonts == nil {
		return nil
	}
	cf, ok := a.fonts.lookup(n)
	if !ok {
		return nil
	}
	var out []int
	seen := map[*faceRef]bool{}
	a.fonts.assign(cf.families, cf.weight, cf.style, a.textRunes(n), func(f *faceRef, _ rune) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f.index)
		}
	})
	return out
}

// textRunes returns the characters of n's text (parse.Text) other than white space, each
// once, in the order they first come: the faces a text uses are its characters' (assign
// takes them one by one, and the first to use a face comes first either way), and the
// text of a source view's line numbers is 600 KB of eleven characters. The text is
// decoded as parse.Text's one string would be: a character cut between two text nodes
// is read whole.
func textRunes(n *html.Node) []rune {
	var one string // the text when it is one text node
	nodes := 0
	for s := range parse.TextNodes(n) {
		if nodes++; nodes > 1 {
			break
		}
		one = s
	}
	if nodes == 1 && len(one) >= longRunes {
		return runesOf(one)
	}
	return textRunesOf(n)
}

// textRunes is textRunes(n), for an element of a page's tail's view (a source view's
// code) from the characters the parser found in its text (parse.Document.ViewChars):
// only where each first is is looked for.
func (a *estimator) textRunes(n *html.Node) []rune {
	if chars, ok := a.doc.ViewChars(n); ok {
		return runesIn(n.FirstChild.Data, chars)
	}
	return textRunes(n)
}

// runesIn is textRunes of one text s of valid UTF-8 whose characters are chars (each
// ASCII character once, then texts that have the others, in any order): each is found
// where it first is in s (a vector search, which stops early: a source view's 2.6 MB of
// code has all but a few of its 90 characters in its first 100 KB).
func runesIn(s string, chars []byte) []rune {
	type first struct {
		at int
		r  rune
	}
	var firsts []first
	var seen [utf8.RuneSelf]bool
	var other map[rune]bool
	for _, r := range string(chars) {
		if unicode.IsSpace(r) {
			continue
		}
		if r < utf8.RuneSelf {
			if !seen[r] {
				seen[r] = true
				firsts = append(firsts, first{strings.IndexByte(s, byte(r)), r})
			}
			continue
		}
		if !other[r] {
			if other == nil {
				other = map[rune]bool{}
			}
			other[r] = true
			firsts = append(firsts, first{strings.IndexRune(s, r), r})
		}
	}
	slices.SortFunc(firsts, func(a, b first) int { return cmp.Compare(a.at, b.at) })
	out := make([]rune, len(firsts))
	for i, f := range firsts {
		out[i] = f.r
	}
	return out
}

// longRunes is the length from which runesOf reads a text.
const longRunes = 1 << 10

// runesOf is textRunes of one text s: the ASCII characters it has are found eight bytes
// at a time, and ordered by where each first is (a vector search for each, which stops
// early: a source view's 2.6 MB of code has all but a few of its 90 characters in its
// first 100 KB); the others as they come.
func runesOf(s string) []rune {
	type first struct {
		at int
		r  rune
	}
	var seen [256]bool
	var firsts []first
	var other map[rune]bool
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			if c := s[i : i+8]; word8(c)&highBits == 0 {
				seen[c[0]], seen[c[1]], seen[c[2]], seen[c[3]] = true, true, true, true
				seen[c[4]], seen[c[5]], seen[c[6]], seen[c[7]] = true, true, true, true
				i += 8
				continue
			}
		}
		if b := s[i]; b < utf8.RuneSelf {
			seen[b] = true
			i++
			continue
		}
		// (Decoded from where textRunesOf decodes: each byte before was a character of
		// its own, or of one decoded here.)
		r, size := utf8.DecodeRuneInString(s[i:])
		if !other[r] && !unicode.IsSpace(r) {
			if other == nil {
				other = map[rune]bool{}
			}
			other[r] = true
			firsts = append(firsts, first{i, r})
		}
		i += size
	}
	for b := range utf8.RuneSelf {
		if seen[b] && !unicode.IsSpace(rune(b)) {
			firsts = append(firsts, first{strings.IndexByte(s, byte(b)), rune(b)})
		}
	}
	slices.SortFunc(firsts, func(a, b first) int { return cmp.Compare(a.at, b.at) })
	out := make([]rune, len(firsts))
	for i, f := range firsts {
		out[i] = f.r
	}
	return out
}

// textRunesOf is textRunes a character at a time.
func textRunesOf(n *html.Node) []rune {
	var out []rune
	var ascii [utf8.RuneSelf]bool
	var other map[rune]bool
	add := func(r rune) {
		if other[r] || unicode.IsSpace(r) {
			return
		}
		if other == nil {
			other = map[rune]bool{}
		}
		other[r] = true
		out = append(out, r)
	}
	carry := "" // the bytes of a character that the text before ended inside
	for s := range parse.TextNodes(n) {
		if carry != "" {
			s, carry = carry+s, ""
		}
		for i := 0; i < len(s); {
			if b := s[i]; b < utf8.RuneSelf {
				if !ascii[b] {
					ascii[b] = true
					if !unicode.IsSpace(rune(b)) {
						out = append(out, rune(b))
					}
				}
				i++
				continue
			}
			if !utf8.FullRuneInString(s[i:]) {
				carry = s[i:]
				break
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			add(r)
			i += size
		}
	}
	for _, r := range carry {
		add(r) // a character cut at the end: each of its bytes is an error
	}
	return out
}
