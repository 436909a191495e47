package style

import (
	"strconv"
	"strings"
)

// NormalLineHeight is line-height: normal, in em: the ascent and descent of common text
// faces with their line gap.
const NormalLineHeight = 1.2

// LineHeight is a computed line-height: Mul times the element's font size when Mul > 0,
// else PX.
type LineHeight struct{ Mul, PX float64 }

// At returns the line height in px for font size size.
func (l LineHeight) At(size float64) float64 {
	switch {
	case l.Mul > 0:
		return l.Mul * size
	case l.PX > 0:
		return l.PX
	}
	return NormalLineHeight * size
}

// Length is a resolved width: Pct of the containing block's width plus PX.
type Length struct{ PX, Pct float64 }

// Set reports whether the length is set (neither unset nor zero).
func (l Length) Set() bool { return l.PX > 0 || l.Pct > 0 }

// Of resolves l in a containing block w px wide.
func (l Length) Of(w float64) float64 {
	return max(l.Pct*w/100+l.PX, 0)
}

// Unimportant returns declared value v without its "!important" and the white space
// around it: the cascade does not weigh importance.
func Unimportant(v string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
}

// ResolveLineHeight resolves a line-height value for an element of font size size on
// screen sc; inh is the parent's.
func ResolveLineHeight(v string, inh LineHeight, size float64, sc Screen) (LineHeight, bool) {
	v = strings.ToLower(Unimportant(v))
	switch v {
	case "normal", "initial":
		return LineHeight{}, true
	case "inherit", "unset":
		return inh, true
	}
	if x, err := strconv.ParseFloat(v, 64); err == nil {
		if x <= 0 {
			return LineHeight{}, false
		}
		return LineHeight{Mul: x}, true
	}
	if px, ok := FontSize(v, size, sc); ok && px > 0 {
		return LineHeight{PX: px}, true // a length or a percentage of the font size
	}
	return LineHeight{}, false
}

// ResolveLength resolves a vertical margin for an element of font size size on screen
// sc: lengths, 0 and auto (0 in a block's vertical axis); percentages (of the containing
// block's width) are not resolved.
func ResolveLength(v string, size float64, sc Screen) (float64, bool) {
	v = strings.ToLower(Unimportant(v))
	switch v {
	case "0", "auto", "initial", "unset", "0px":
		return 0, true
	}
	if !LengthLike(v) {
		return 0, false
	}
	if l, ok := CalcWidth(v, size, sc); ok && l.Pct == 0 {
		return l.PX, true
	}
	return 0, false
}

// ResolveWidth resolves a width, max-width or flex-basis: lengths, percentages of the
// containing block and their arithmetic (CalcWidth); anything else (auto, none,
// fit-content, content) is unset.
func ResolveWidth(v string, size float64, sc Screen) Length {
	v = strings.ToLower(Unimportant(v))
	if !LengthLike(v) {
		return Length{}
	}
	if l, ok := CalcWidth(v, size, sc); ok && l.Set() {
		return l
	}
	return Length{}
}

// LengthLike reports whether v is written as a length (a number or a math function), not
// a keyword, which FontSize would read as a font size.
func LengthLike(v string) bool {
	if v == "" {
		return false
	}
	if c := v[0]; c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' {
		return true
	}
	for _, fn := range []string{"calc(", "min(", "max(", "clamp("} {
		if strings.HasPrefix(v, fn) {
			return true
		}
	}
	return false
}
