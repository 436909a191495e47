package graph

import (
	"strings"

	"github.com/preloadgen/preloadgen/parse"
)

// Values given by custom properties (font-size: var(--h1-size), the way design systems
// such as Docusaurus's Infima or VitePress write their type scales; VitePress's
// font-family: var(--vp-font-family-base)) are resolved as the browser does: custom
// properties are inherited, each element's rules may set them, the winner by specificity
// and source order, and var() is substituted in the element's value before it is read.
// Only the properties that the font and box properties use (usedVars) are carried
// through the cascade.

// maxVarDepth bounds the nesting of var() inside custom property values, maxVarSubst the
// substitutions made for one value and maxVarLen its length once substituted: a sheet
// whose properties each read several others cannot make the work grow exponentially.
const (
	maxVarDepth = 8
	maxVarSubst = 64
	maxVarLen   = 1024
)

// varSet is the custom properties an element inherits or sets; shared between elements
// until one sets a property (with).
type varSet []parse.CustomProp

func (v varSet) get(name string) (string, bool) {
	for i := len(v) - 1; i >= 0; i-- {
		if v[i].Name == name {
			return v[i].Value, true
		}
	}
	return "", false
}

// with returns v with name set to value, leaving v itself as it was.
func (v varSet) with(name, value string) varSet {
	out := make(varSet, 0, len(v)+1)
	for _, p := range v {
		if p.Name != name {
			out = append(out, p)
		}
	}
	return append(out, parse.CustomProp{Name: name, Value: value})
}

// usedVars returns the custom properties that the font and box properties of sheets read
// (font family, weight, style and size, line heights, margins, paddings, widths and
// heights), directly or through the value of another such property.
func usedVars(sheets []activeSheet) map[string]bool {
	used := map[string]bool{}
	for _, as := range sheets {
		for i := range as.sheet.Rules {
			r := &as.sheet.Rules[i]
			for _, v := range []string{r.FontFamilyVar, r.FontWeightVar, r.FontStyleVar, r.FontSize, r.LineHeight, r.MarginTop, r.MarginBottom, r.PaddingTop, r.PaddingBottom,
				r.Width, r.MaxWidth, r.MarginLeft, r.MarginRight, r.PaddingLeft, r.PaddingRight, r.Height, r.MinHeight, r.FlexBasis} {
				for _, n := range varNames(v) {
					used[n] = true
				}
			}
		}
	}
	if len(used) == 0 {
		return nil
	}
	for changed := true; changed; {
		changed = false
		for _, as := range sheets {
			for i := range as.sheet.Rules {
				for _, cp := range as.sheet.Rules[i].Vars {
					if !used[cp.Name] {
						continue
					}
					for _, n := range varNames(cp.Value) {
						if !used[n] {
							used[n], changed = true, true
						}
					}
				}
			}
		}
	}
	return used
}

// varNames lists the custom properties that value reads with var().
func varNames(value string) []string {
	var out []string
	for {
		i := strings.Index(strings.ToLower(value), "var(")
		if i < 0 {
			return out
		}
		value = value[i+4:]
		name := strings.TrimSpace(value)
		if j := strings.IndexAny(name, ",) \t\n"); j >= 0 {
			name = name[:j]
		}
		if strings.HasPrefix(name, "--") {
			out = append(out, name)
		}
	}
}

// substVars replaces each var(--name[, fallback]) in value by the property's value in
// vars (or the fallback); false when a property is unset and has no fallback, or the
// substitution goes beyond maxVarDepth, maxVarSubst or maxVarLen.
func substVars(value string, vars varSet, depth int) (string, bool) {
	budget := maxVarSubst
	return substVarsIn(value, vars, depth, &budget)
}

func substVarsIn(value string, vars varSet, depth int, budget *int) (string, bool) {
	if depth > maxVarDepth {
		return "", false
	}
	for {
		low := strings.ToLower(value)
		i := strings.Index(low, "var(")
		if i < 0 {
			return value, true
		}
		end := closingParen(value, i+3)
		if end < 0 {
			return "", false
		}
		inner := value[i+4 : end]
		name, fallback, hasFallback := strings.Cut(inner, ",")
		name = strings.TrimSpace(name)
		rep, ok := vars.get(name)
		if !ok {
			if !hasFallback {
				return "", false
			}
			rep = fallback
		}
		if *budget--; *budget < 0 {
			return "", false
		}
		rep, ok = substVarsIn(strings.TrimSpace(rep), vars, depth+1, budget)
		if !ok {
			return "", false
		}
		value = value[:i] + rep + value[end+1:]
		if len(value) > maxVarLen {
			return "", false
		}
	}
}

// closingParen returns the index of the parenthesis that closes the one at open, -1 when
// there is none.
func closingParen(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
