// CSS reading. The engine needs more than an import graph from a stylesheet: it needs each
// @font-face's descriptors and each rule's selector with the font and background values it
// sets, so that fonts can be matched to the elements that use them. esbuild's public API does
// not expose a CSS syntax tree, so this file walks the grammar events of tdewolff/parse's
// CSS parser (a streaming, spec-following tokenizer and grammar) and keeps only what the
// ranking needs. Offsets are byte offsets into the source; Position turns them into lines.

package parse

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	tparse "github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// Stylesheet is what the engine knows about one CSS source.
type Stylesheet struct {
	Imports   []CSSImport
	FontFaces []FontFace
	Rules     []StyleRule
	// Diagnostics holds parse problems; the rest of the sheet is still usable.
	Diagnostics []Diagnostic
}

// CSSImport is one @import rule.
type CSSImport struct {
	URL    string // as written (unquoted, unescaped)
	Media  string // media query list of the import ("" = all)
	Offset int
}

// FontFace is one @font-face rule.
type FontFace struct {
	Family       string
	WeightMin    int // 400 when not given
	WeightMax    int
	Style        string // normal, italic, oblique
	Display      string // auto when not given
	UnicodeRange []RuneRange
	Src          []FontSrc
	Media        string // enclosing @media, if any
	Offset       int
}

// FontSrc is one url() entry of an @font-face src list.
type FontSrc struct {
	URL    string
	Format string // from format(), lower case; "" when absent
}

// RuneRange is an inclusive unicode-range interval.
type RuneRange struct{ Lo, Hi rune }

// StyleRule is a style rule that sets something the ranking cares about: a font (family,
// weight, style) or a url() (background images and the like).
type StyleRule struct {
	Selector     string
	Media        string   // enclosing @media condition ("" = none)
	FontFamilies []string // from font-family or the font shorthand; nil when not set
	FontWeight   int      // 0 when not set
	FontStyle    string   // "" when not set
	// FontFamilyVar, FontWeightVar and FontStyleVar are the font-family, font-weight and
	// font-style values as written when they read var() (VitePress: font-family:
	// var(--vp-font-family-base)); the fields above are then not set, and FontValue reads
	// the value once the properties are substituted.
	FontFamilyVar, FontWeightVar, FontStyleVar string
	FontSize                                   string // the font-size value as written ("" when not set)
	LineHeight                                 string // the line-height value as written, from line-height or the font shorthand ("" when not set)
	MarginTop                                  string // the top margin as written, from margin-top, margin-block-start or the shorthands ("" when not set)
	MarginBottom                               string // the bottom margin as written, likewise ("" when not set)
	PaddingTop                                 string // the top padding as written, from padding-top, padding-block-start or the shorthands ("" when not set)
	PaddingBottom                              string // the bottom padding as written, likewise ("" when not set)
	// The horizontal box, as written ("" when not set): width and max-width (or their
	// inline-size forms), and the left and right margins and paddings (from their own
	// properties, the inline forms or the shorthands).
	Width, MaxWidth           string
	MarginLeft, MarginRight   string
	PaddingLeft, PaddingRight string
	FlexDirection             string   // the flex-direction keyword, or the first of flex-flow ("" when not set)
	Position                  string   // the position keyword, lower case ("" when not set)
	BoxSizing                 string   // the box-sizing keyword, lower case ("" when not set)
	FlexBasis                 string   // flex-basis, or the basis of the flex shorthand, as written ("" when not set)
	FlexGrow, FlexShrink      string   // flex-grow and flex-shrink as written, or the flex shorthand's factors ("" when not set)
	FlexWrap                  bool     // flex-wrap: wrap (or wrap-reverse), from flex-wrap or flex-flow
	Height, MinHeight         string   // height and min-height (or their block-size forms) as written ("" when not set)
	URLs                      []string // url() values of background, background-image, ... in source order
	Large                     bool     // sets a height/min-height of at least 40vh or 300px
	Display                   string   // the display keyword, lower case ("" when not set)
	Visibility                string   // the visibility keyword, lower case ("" when not set)
	Clip                      string   // "hide" when clip or clip-path cuts the box to nothing (rect(0 0 0 0), inset(50%)), "show" when set otherwise, "" when not set
	// Vars are the custom properties the rule declares (--name: value), in order, for
	// the values above given by var().
	Vars   []CustomProp
	Offset int
}

// CustomProp is one custom property declaration: its name, with the leading "--", and
// its value as written, trimmed.
type CustomProp struct {
	Name, Value string
}

// Diagnostic is a problem found in a source, with its byte offset.
type Diagnostic struct {
	Offset    int
	Line, Col int // 1-based, when the parser knows them (else derived from Offset)
	Message   string
}

// ParseCSS reads a stylesheet. It never fails: problems are returned as diagnostics and
// the parser recovers as browsers do.
func ParseCSS(src []byte) *Stylesheet {
	sh := &Stylesheet{}
	p := css.NewParser(tparse.NewInputBytes(src), false)
	type frame struct {
		media    string
		fontFace *FontFace
		rule     *StyleRule
	}
	var stack []frame
	top := func() *frame {
		if len(stack) == 0 {
			return nil
		}
		return &stack[len(stack)-1]
	}
	curMedia := func() string {
		if f := top(); f != nil {
			return f.media
		}
		return ""
	}
	for {
		off := p.Offset()
		gt, _, data := p.Next()
		switch gt {
		case css.ErrorGrammar:
			err := p.Err()
			if err == nil || err.Error() == "EOF" || p.HasParseError() == false {
				return sh
			}
			d := Diagnostic{Offset: off, Message: err.Error()}
			if pe, ok := err.(*tparse.Error); ok {
				d.Message, d.Line, d.Col = pe.Message, pe.Line, pe.Column
			}
			sh.Diagnostics = append(sh.Diagnostics, d)
		case css.AtRuleGrammar:
			if bytes.EqualFold(data, []byte("@import")) {
				if imp, ok := parseImport(p.Values()); ok {
					imp.Offset = off
					if m := curMedia(); m != "" && imp.Media == "" {
						imp.Media = m
					}
					sh.Imports = append(sh.Imports, imp)
				}
			}
		case css.BeginAtRuleGrammar:
			name := strings.ToLower(string(data))
			f := frame{media: curMedia()}
			switch name {
			case "@media":
				f.media = joinMedia(f.media, tokensString(p.Values()))
			case "@font-face":
				f.fontFace = &FontFace{WeightMin: 400, WeightMax: 400, Style: "normal", Display: "auto", Media: f.media, Offset: off}
			}
			stack = append(stack, f)
		case css.EndAtRuleGrammar:
			if f := top(); f != nil {
				if f.fontFace != nil && f.fontFace.Family != "" && len(f.fontFace.Src) > 0 {
					sh.FontFaces = append(sh.FontFaces, *f.fontFace)
				}
				stack = stack[:len(stack)-1]
			}
		case css.BeginRulesetGrammar:
			stack = append(stack, frame{media: curMedia(), rule: &StyleRule{
				Selector: strings.TrimSpace(tokensString(p.Values())), Media: curMedia(), Offset: off}})
		case css.EndRulesetGrammar:
			if f := top(); f != nil {
				if r := f.rule; r != nil && (r.FontFamilies != nil || r.FontWeight != 0 || r.FontStyle != "" || r.FontSize != "" || len(r.URLs) > 0 ||
					r.FontFamilyVar != "" || r.FontWeightVar != "" || r.FontStyleVar != "" ||
					r.Display != "" || r.Visibility != "" || r.Clip != "" || len(r.Vars) > 0 ||
					r.LineHeight != "" || r.MarginTop != "" || r.MarginBottom != "" || r.PaddingTop != "" || r.PaddingBottom != "" ||
					r.Width != "" || r.MaxWidth != "" || r.MarginLeft != "" || r.MarginRight != "" || r.PaddingLeft != "" || r.PaddingRight != "" || r.FlexDirection != "" || r.Position != "" || r.Height != "" || r.MinHeight != "" || r.FlexWrap || r.FlexBasis != "" || r.FlexGrow != "" || r.FlexShrink != "" || r.BoxSizing != "") {
					sh.Rules = append(sh.Rules, *r)
				}
				stack = stack[:len(stack)-1]
			}
		case css.CustomPropertyGrammar:
			if f := top(); f != nil && f.rule != nil {
				f.rule.Vars = append(f.rule.Vars, CustomProp{Name: string(data), Value: strings.TrimSpace(tokensString(p.Values()))})
			}
		case css.DeclarationGrammar:
			f := top()
			if f == nil {
				continue
			}
			prop := strings.ToLower(string(data))
			vals := p.Values()
			if f.fontFace != nil {
				fontFaceDescriptor(f.fontFace, prop, vals)
			} else if f.rule != nil {
				ruleDeclaration(f.rule, prop, vals)
			}
		}
	}
}

func parseImport(vals []css.Token) (CSSImport, bool) {
	var imp CSSImport
	i := skipWS(vals, 0)
	if i >= len(vals) {
		return imp, false
	}
	switch t := vals[i]; t.TokenType {
	case css.StringToken:
		imp.URL = Unquote(t.Data)
		i++
	case css.URLToken:
		imp.URL = urlValue(t.Data)
		i++
	case css.FunctionToken: // url( "x" )
		if !strings.EqualFold(string(t.Data), "url(") {
			return imp, false
		}
		j := skipWS(vals, i+1)
		if j >= len(vals) || vals[j].TokenType != css.StringToken {
			return imp, false
		}
		imp.URL = Unquote(vals[j].Data)
		for i = j + 1; i < len(vals) && vals[i].TokenType != css.RightParenthesisToken; i++ {
		}
		i++
	default:
		return imp, false
	}
	rest := strings.TrimSpace(tokensString(vals[min(i, len(vals)):]))
	// layer(...) and supports(...) may precede the media list.
	for {
		l := strings.ToLower(rest)
		if strings.HasPrefix(l, "layer") || strings.HasPrefix(l, "supports(") {
			end := matchParen(rest)
			rest = strings.TrimSpace(rest[end:])
			continue
		}
		break
	}
	imp.Media = rest
	return imp, imp.URL != ""
}

// matchParen returns the index just after a leading word and its balanced parentheses.
func matchParen(s string) int {
	i := strings.IndexAny(s, "( ")
	if i < 0 {
		return len(s)
	}
	if s[i] == ' ' {
		return i
	}
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(s)
}

func fontFaceDescriptor(ff *FontFace, prop string, vals []css.Token) {
	switch prop {
	case "font-family":
		if fams := familyList(vals); len(fams) > 0 {
			ff.Family = fams[0]
		}
	case "font-weight":
		var ws []int
		for _, t := range vals {
			if w := weightValue(t); w > 0 {
				ws = append(ws, w)
			}
		}
		if len(ws) > 0 {
			ff.WeightMin, ff.WeightMax = ws[0], ws[0]
			if len(ws) > 1 {
				ff.WeightMin, ff.WeightMax = min(ws[0], ws[1]), max(ws[0], ws[1])
			}
		}
	case "font-style":
		if v := firstIdent(vals); v != "" {
			ff.Style = v
		}
	case "font-display":
		if v := firstIdent(vals); v != "" {
			ff.Display = v
		}
	case "unicode-range":
		ff.UnicodeRange = nil
		for _, t := range vals {
			if t.TokenType == css.UnicodeRangeToken {
				if r, ok := ParseUnicodeRange(string(t.Data)); ok {
					ff.UnicodeRange = append(ff.UnicodeRange, r)
				}
			}
		}
	case "src":
		ff.Src = nil
		var cur *FontSrc
		for i := 0; i < len(vals); i++ {
			t := vals[i]
			switch t.TokenType {
			case css.URLToken:
				ff.Src = append(ff.Src, FontSrc{URL: urlValue(t.Data)})
				cur = &ff.Src[len(ff.Src)-1]
			case css.FunctionToken:
				fn := strings.ToLower(string(t.Data))
				j := skipWS(vals, i+1)
				arg := ""
				if j < len(vals) && (vals[j].TokenType == css.StringToken || vals[j].TokenType == css.IdentToken) {
					arg = Unquote(vals[j].Data)
				}
				switch fn {
				case "url(":
					ff.Src = append(ff.Src, FontSrc{URL: arg})
					cur = &ff.Src[len(ff.Src)-1]
				case "format(":
					if cur != nil {
						cur.Format = strings.ToLower(arg)
					}
				}
			case css.CommaToken:
				cur = nil
			}
		}
	}
}

// asWritten are the properties kept as written, each with the field that keeps it (the
// logical forms with the physical ones, for a horizontal writing mode).
var asWritten = map[string]func(r *StyleRule) *string{
	"font-size":            func(r *StyleRule) *string { return &r.FontSize },
	"line-height":          func(r *StyleRule) *string { return &r.LineHeight },
	"margin-top":           func(r *StyleRule) *string { return &r.MarginTop },
	"margin-block-start":   func(r *StyleRule) *string { return &r.MarginTop },
	"margin-bottom":        func(r *StyleRule) *string { return &r.MarginBottom },
	"margin-block-end":     func(r *StyleRule) *string { return &r.MarginBottom },
	"padding-top":          func(r *StyleRule) *string { return &r.PaddingTop },
	"padding-block-start":  func(r *StyleRule) *string { return &r.PaddingTop },
	"padding-bottom":       func(r *StyleRule) *string { return &r.PaddingBottom },
	"padding-block-end":    func(r *StyleRule) *string { return &r.PaddingBottom },
	"width":                func(r *StyleRule) *string { return &r.Width },
	"inline-size":          func(r *StyleRule) *string { return &r.Width },
	"max-width":            func(r *StyleRule) *string { return &r.MaxWidth },
	"max-inline-size":      func(r *StyleRule) *string { return &r.MaxWidth },
	"margin-left":          func(r *StyleRule) *string { return &r.MarginLeft },
	"margin-inline-start":  func(r *StyleRule) *string { return &r.MarginLeft },
	"margin-right":         func(r *StyleRule) *string { return &r.MarginRight },
	"margin-inline-end":    func(r *StyleRule) *string { return &r.MarginRight },
	"padding-left":         func(r *StyleRule) *string { return &r.PaddingLeft },
	"padding-inline-start": func(r *StyleRule) *string { return &r.PaddingLeft },
	"padding-right":        func(r *StyleRule) *string { return &r.PaddingRight },
	"padding-inline-end":   func(r *StyleRule) *string { return &r.PaddingRight },
	"flex-basis":           func(r *StyleRule) *string { return &r.FlexBasis },
	"flex-grow":            func(r *StyleRule) *string { return &r.FlexGrow },
	"flex-shrink":          func(r *StyleRule) *string { return &r.FlexShrink },
}

func ruleDeclaration(r *StyleRule, prop string, vals []css.Token) {
	if field, ok := asWritten[prop]; ok {
		*field(r) = strings.TrimSpace(tokensString(vals))
	}
	if hasVar(vals) {
		switch prop {
		case "font-family":
			r.FontFamilies, r.FontFamilyVar = nil, strings.TrimSpace(tokensString(vals))
			return
		case "font-weight":
			r.FontWeight, r.FontWeightVar = 0, strings.TrimSpace(tokensString(vals))
			return
		case "font-style":
			r.FontStyle, r.FontStyleVar = "", strings.TrimSpace(tokensString(vals))
			return
		}
	}
	switch prop {
	case "font-family":
		r.FontFamilies, r.FontFamilyVar = familyList(vals), ""
	case "font-weight":
		r.FontWeightVar = ""
		for _, t := range vals {
			if w := weightValue(t); w > 0 {
				r.FontWeight = w
			}
		}
	case "font-style":
		r.FontStyleVar = ""
		for _, t := range vals {
			if t.TokenType == css.IdentToken {
				r.FontStyle = strings.ToLower(string(t.Data))
			}
		}
	case "font":
		fontShorthand(r, vals)
	case "position":
		r.Position = firstIdent(vals)
	case "box-sizing":
		r.BoxSizing = firstIdent(vals)
	case "flex":
		r.FlexGrow, r.FlexShrink, r.FlexBasis = flexShorthand(valueParts(vals))
	case "flex-direction", "flex-flow", "flex-wrap":
		for _, t := range vals {
			if t.TokenType == css.IdentToken {
				v := strings.ToLower(string(t.Data))
				switch {
				case prop != "flex-wrap" && (strings.HasPrefix(v, "row") || strings.HasPrefix(v, "column")):
					r.FlexDirection = v
				case prop != "flex-direction" && strings.HasPrefix(v, "wrap"):
					r.FlexWrap = true
				}
			}
		}
	case "margin", "padding":
		// margin: top [right [bottom [left]]]
		if parts := valueParts(vals); len(parts) > 0 {
			top, right, bottom, left := parts[0], parts[0], parts[0], parts[0]
			if len(parts) >= 2 {
				right, left = parts[1], parts[1]
			}
			if len(parts) >= 3 {
				bottom = parts[2]
			}
			if len(parts) >= 4 {
				left = parts[3]
			}
			if prop == "margin" {
				r.MarginTop, r.MarginRight, r.MarginBottom, r.MarginLeft = top, right, bottom, left
			} else {
				r.PaddingTop, r.PaddingRight, r.PaddingBottom, r.PaddingLeft = top, right, bottom, left
			}
		}
	case "margin-inline", "padding-inline", "margin-block", "padding-block":
		// start [end]
		if parts := valueParts(vals); len(parts) > 0 {
			start, end := parts[0], parts[len(parts)-1]
			switch prop {
			case "margin-inline":
				r.MarginLeft, r.MarginRight = start, end
			case "padding-inline":
				r.PaddingLeft, r.PaddingRight = start, end
			case "margin-block":
				r.MarginTop, r.MarginBottom = start, end
			default:
				r.PaddingTop, r.PaddingBottom = start, end
			}
		}
	case "display", "visibility":
		for _, t := range vals {
			if t.TokenType == css.IdentToken {
				v := strings.ToLower(string(t.Data))
				if prop == "display" {
					r.Display = v
				} else {
					r.Visibility = v
				}
			}
		}
	case "clip", "clip-path":
		if r.Clip != "hide" {
			r.Clip = clipValue(vals)
		}
	case "height", "min-height", "block-size", "min-block-size":
		if v := strings.TrimSpace(tokensString(vals)); prop == "height" || prop == "block-size" {
			r.Height = v
		} else {
			r.MinHeight = v
		}
		for _, t := range vals {
			if t.TokenType == css.DimensionToken {
				n, unit := splitDimension(string(t.Data))
				if (unit == "vh" || unit == "svh" || unit == "lvh" || unit == "dvh") && n >= 40 || unit == "px" && n >= 300 || (unit == "rem" || unit == "em") && n >= 19 {
					r.Large = true
				}
			}
		}
	default:
		if strings.HasPrefix(prop, "background") || prop == "content" || prop == "list-style" || prop == "list-style-image" || prop == "border-image" || prop == "border-image-source" || prop == "mask" || prop == "mask-image" {
			for i, t := range vals {
				switch t.TokenType {
				case css.URLToken:
					r.URLs = append(r.URLs, urlValue(t.Data))
				case css.FunctionToken:
					if strings.EqualFold(string(t.Data), "url(") {
						if j := skipWS(vals, i+1); j < len(vals) && vals[j].TokenType == css.StringToken {
							r.URLs = append(r.URLs, Unquote(vals[j].Data))
						}
					}
				}
			}
		}
	}
}

// fontShorthand reads `font: [style] [variant] [weight] size[/line-height] family-list`.
func fontShorthand(r *StyleRule, vals []css.Token) {
	if fontShorthandVars(r, vals) {
		return
	}
	for i, t := range vals {
		switch t.TokenType {
		case css.IdentToken:
			v := strings.ToLower(string(t.Data))
			switch v {
			case "italic", "oblique":
				r.FontStyle = v
				continue
			case "bold", "bolder", "lighter":
				r.FontWeight = weightValue(t)
				continue
			case "caption", "icon", "menu", "message-box", "small-caption", "status-bar", "inherit", "initial", "unset", "revert":
				return
			}
			if isSizeKeyword(v) {
				r.FontSize = v
				lh, rest := lineHeightAfter(vals, i+1)
				r.LineHeight, r.FontFamilies = lh, familyList(rest)
				if r.FontStyle == "" {
					r.FontStyle = "normal"
				}
				if r.FontWeight == 0 {
					r.FontWeight = 400
				}
				return
			}
		case css.NumberToken:
			if w := weightValue(t); w > 0 {
				r.FontWeight = w
			}
		case css.DimensionToken, css.PercentageToken:
			r.FontSize = string(t.Data)
			lh, rest := lineHeightAfter(vals, i+1)
			r.LineHeight, r.FontFamilies = lh, familyList(rest)
			if r.FontStyle == "" {
				r.FontStyle = "normal"
			}
			if r.FontWeight == 0 {
				r.FontWeight = 400
			}
			return
		}
	}
}

// lineHeightAfter reads the optional `/ line-height` after the font size of the font
// shorthand, at vals[i:]: "normal" when there is none (the shorthand resets it). rest is
// what follows.
func lineHeightAfter(vals []css.Token, i int) (lh string, rest []css.Token) {
	lh = "normal"
	i = skipWS(vals, i)
	if i < len(vals) && vals[i].TokenType == css.DelimToken && string(vals[i].Data) == "/" {
		i = skipWS(vals, i+1)
		if i < len(vals) {
			lh = string(vals[i].Data)
			i++
		}
	}
	return lh, vals[min(i, len(vals)):]
}

// fontShorthandVars reads a font shorthand written with var(), as design systems write
// it (Infima: `font: var(--size)/var(--line-height) var(--family)`): what each var()
// stands for is known only in the cascade, so only the size and line height on either
// side of the slash are taken, as written, for the cascade to substitute. It reports
// whether the value has a var() (and so was read here, whether or not it had a slash).
func fontShorthandVars(r *StyleRule, vals []css.Token) bool {
	// The value's top-level components: a function with its arguments, or one token.
	var comps []string
	var cur strings.Builder
	depth, hasVar := 0, false
	for _, t := range vals {
		if depth == 0 && t.TokenType == css.WhitespaceToken {
			continue
		}
		switch t.TokenType {
		case css.FunctionToken:
			if strings.EqualFold(string(t.Data), "var(") {
				hasVar = true
			}
			depth++
		case css.LeftParenthesisToken:
			depth++
		case css.RightParenthesisToken:
			depth--
		}
		cur.Write(t.Data)
		if depth == 0 {
			comps = append(comps, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if !hasVar {
		return false
	}
	for i, c := range comps {
		if c == "/" && i > 0 && i+1 < len(comps) {
			r.FontSize, r.LineHeight = comps[i-1], comps[i+1]
			break
		}
	}
	return true
}

// hasVar reports whether a declaration's value reads var().
func hasVar(vals []css.Token) bool {
	for _, t := range vals {
		if t.TokenType == css.FunctionToken && strings.EqualFold(string(t.Data), "var(") {
			return true
		}
	}
	return false
}

// FontValue reads a font-family, font-weight or font-style value once its var() are
// substituted: the family list, the weight (0 when not a weight) or the style keyword
// ("" when none), as a rule declaring it would have them.
func FontValue(prop, value string) (families []string, weight int, style string) {
	sh := ParseCSS([]byte("x{" + prop + ":" + value + "}"))
	if len(sh.Rules) == 0 {
		return nil, 0, ""
	}
	r := sh.Rules[0]
	return r.FontFamilies, r.FontWeight, r.FontStyle
}

// firstIdent returns the first keyword of a value, lower case ("" when it has none).
func firstIdent(vals []css.Token) string {
	for _, t := range vals {
		if t.TokenType == css.IdentToken {
			return strings.ToLower(string(t.Data))
		}
	}
	return ""
}

// flexShorthand returns the flex-grow, flex-shrink and flex-basis that the flex
// shorthand of parts gives: none is 0 0 auto, auto 1 1 auto, initial (and unset,
// revert) 0 1 auto; otherwise the first number is the grow factor, a second one the
// shrink factor, and what is not a number the basis, each 1, 1 and 0 when left out
// (flex: 1 is 1 1 0, flex: 200px 1 1 200px). A value given by var() counts as the
// basis. Importance is not kept: the cascade does not weigh it.
func flexShorthand(parts []string) (grow, shrink, basis string) {
	if k := len(parts) - 1; k >= 0 {
		parts[k] = strings.TrimSpace(strings.TrimSuffix(parts[k], "!important"))
		if parts[k] == "" {
			parts = parts[:k]
		}
	}
	if len(parts) == 1 {
		switch strings.ToLower(parts[0]) {
		case "none":
			return "0", "0", "auto"
		case "auto":
			return "1", "1", "auto"
		case "initial", "unset", "revert", "revert-layer":
			return "0", "1", "auto"
		}
	}
	grow, shrink, basis = "1", "1", "0"
	numbers := 0
	for _, p := range parts {
		if _, err := strconv.ParseFloat(p, 64); err == nil && numbers < 2 {
			if numbers == 0 {
				grow = p
			} else {
				shrink = p
			}
			numbers++
			continue
		}
		basis = p
	}
	return grow, shrink, basis
}

// valueParts splits a declaration's value at top-level whitespace: "0 auto 2em" is three
// parts, "calc(1em + 2px) 0" two.
func valueParts(vals []css.Token) []string {
	var out []string
	var cur strings.Builder
	depth := 0
	for _, t := range vals {
		switch t.TokenType {
		case css.FunctionToken, css.LeftParenthesisToken:
			depth++
		case css.RightParenthesisToken:
			depth--
		case css.WhitespaceToken:
			if depth == 0 {
				if cur.Len() > 0 {
					out = append(out, cur.String())
					cur.Reset()
				}
				continue
			}
		}
		cur.Write(t.Data)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func isSizeKeyword(v string) bool {
	switch v {
	case "xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large", "xxx-large", "smaller", "larger":
		return true
	}
	return false
}

func splitDimension(s string) (float64, string) {
	i := 0
	for i < len(s) && (s[i] == '.' || s[i] == '-' || s[i] == '+' || s[i] >= '0' && s[i] <= '9') {
		i++
	}
	n, _ := strconv.ParseFloat(s[:i], 64)
	return n, strings.ToLower(s[i:])
}

// familyList splits a font-family value into family names, unquoted.
func familyList(vals []css.Token) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
	}
	for _, t := range vals {
		switch t.TokenType {
		case css.StringToken:
			cur = append(cur, Unquote(t.Data))
		case css.IdentToken:
			cur = append(cur, unescapeIdent(string(t.Data)))
		case css.CommaToken:
			flush()
		}
	}
	flush()
	if out == nil {
		out = []string{}
	}
	return out
}

func weightValue(t css.Token) int {
	switch t.TokenType {
	case css.NumberToken:
		n, err := strconv.ParseFloat(string(t.Data), 64)
		if err == nil && n >= 1 && n <= 1000 {
			return int(n)
		}
	case css.IdentToken:
		switch strings.ToLower(string(t.Data)) {
		case "normal":
			return 400
		case "bold", "bolder":
			return 700
		case "lighter":
			return 300
		}
	}
	return 0
}

// ParseUnicodeRange reads one unicode-range token such as U+0400-045F or U+4??.
func ParseUnicodeRange(s string) (RuneRange, bool) {
	if len(s) < 3 || (s[0] != 'U' && s[0] != 'u') || s[1] != '+' {
		return RuneRange{}, false
	}
	s = s[2:]
	lo, hi, ok := strings.Cut(s, "-")
	if !ok {
		if strings.Contains(s, "?") {
			l, err1 := strconv.ParseUint(strings.ReplaceAll(s, "?", "0"), 16, 32)
			h, err2 := strconv.ParseUint(strings.ReplaceAll(s, "?", "F"), 16, 32)
			if err1 != nil || err2 != nil {
				return RuneRange{}, false
			}
			return RuneRange{rune(l), rune(h)}, true
		}
		hi = lo
	}
	l, err1 := strconv.ParseUint(lo, 16, 32)
	h, err2 := strconv.ParseUint(hi, 16, 32)
	if err1 != nil || err2 != nil || h < l || h > 0x10FFFF {
		return RuneRange{}, false
	}
	return RuneRange{rune(l), rune(h)}, true
}

// MediaCanMatchScreen reports whether a media query list can match on a screen, that is
// whether a stylesheet under it may block the first render. "print" and "speech" only
// queries cannot.
func MediaCanMatchScreen(m string) bool {
	m = strings.TrimSpace(m)
	if m == "" {
		return true
	}
	for _, q := range strings.Split(m, ",") {
		q = strings.ToLower(strings.TrimSpace(q))
		q = strings.TrimPrefix(q, "only ")
		switch {
		case q == "print", q == "speech", strings.HasPrefix(q, "print "), strings.HasPrefix(q, "speech "):
			continue
		case q == "not all":
			continue
		}
		return true
	}
	return false
}

func joinMedia(outer, inner string) string {
	inner = strings.TrimSpace(inner)
	switch {
	case outer == "":
		return inner
	case inner == "":
		return outer
	}
	if !MediaCanMatchScreen(outer) || !MediaCanMatchScreen(inner) {
		return "print"
	}
	return outer
}

func skipWS(vals []css.Token, i int) int {
	for i < len(vals) && vals[i].TokenType == css.WhitespaceToken {
		i++
	}
	return i
}

func tokensString(vals []css.Token) string {
	var b strings.Builder
	for _, t := range vals {
		b.Write(t.Data)
	}
	return b.String()
}

// urlValue returns the URL inside an unquoted url(...) token, or a quoted one.
func urlValue(b []byte) string {
	s := string(b)
	if len(s) >= 4 && strings.EqualFold(s[:4], "url(") {
		s = strings.TrimSuffix(s[4:], ")")
	}
	s = strings.TrimSpace(s)
	if len(s) > 0 && (s[0] == '"' || s[0] == '\'') {
		return Unquote([]byte(s))
	}
	return unescapeIdent(s)
}

// Unquote removes CSS string quotes and resolves escapes.
func Unquote(b []byte) string {
	s := string(b)
	if len(s) >= 1 && (s[0] == '"' || s[0] == '\'') {
		q := s[0]
		s = s[1:]
		if len(s) > 0 && s[len(s)-1] == q {
			s = s[:len(s)-1]
		}
	}
	return unescapeIdent(s)
}

// unescapeIdent resolves CSS escapes (\" , \41 , escaped newlines).
func unescapeIdent(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		if s[i] == '\n' {
			continue
		}
		j := i
		for j < len(s) && j-i < 6 && isHex(s[j]) {
			j++
		}
		if j > i {
			n, _ := strconv.ParseUint(s[i:j], 16, 32)
			if n == 0 || n > 0x10FFFF || n >= 0xD800 && n <= 0xDFFF {
				n = 0xFFFD
			}
			b.WriteRune(rune(n))
			if j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
				j++
			}
			i = j - 1
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// Position converts a byte offset in src to a 1-based line and column (in bytes).
func Position(src []byte, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	if offset < 0 {
		offset = 0
	}
	line = 1 + bytes.Count(src[:offset], []byte{'\n'})
	col = offset - bytes.LastIndexByte(src[:offset], '\n')
	return line, col
}

// Format renders a diagnostic as file:line:col: message.
func (d Diagnostic) Format(file string, src []byte) string {
	line, col := d.Line, d.Col
	if line == 0 {
		line, col = Position(src, d.Offset)
	}
	return fmt.Sprintf("%s:%d:%d: %s", file, line, col, d.Message)
}

// clipValue reads a clip or clip-path value: "hide" when it leaves nothing of the box
// painted (the visually-hidden pattern: rect(0 0 0 0), rect(1px, 1px, 1px, 1px),
// inset(50%)), else "show".
func clipValue(vals []css.Token) string {
	v := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(tokensString(vals), ",", " ")), " "))
	switch {
	case strings.HasPrefix(v, "rect("):
		f := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(v, "rect("), ")"))
		if len(f) != 4 {
			return "show"
		}
		// rect(top right bottom left): nothing is left when bottom <= top or right <= left.
		var n [4]float64
		for i, x := range f {
			if x == "auto" {
				return "show"
			}
			n[i], _ = splitDimension(x)
		}
		if n[2] <= n[0] || n[1] <= n[3] {
			return "hide"
		}
	case strings.HasPrefix(v, "inset("):
		f := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(v, "inset("), ")"))
		if len(f) > 0 && strings.HasSuffix(f[0], "%") {
			if x, _ := splitDimension(f[0]); x >= 50 {
				return "hide"
			}
		}
	}
	return "show"
}
