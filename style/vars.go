package style

import (
	"strings"

	"github.com/preloadgen/preloadgen/parse"
)

// Values given by custom properties (font-size: var(--h1-size), the way design systems
// such as Docusaurus's Infima or VitePress write their type scales; VitePress's
// font-family: var(--vp-font-family-base)) are resolved as the browser does: custom
// properties are inherited, each element's rules may set them, the winner by specificity
// and source order, and var() is substituted in the element's value before it is read.
// The cascade carries only the properties that the font and box properties use.

// maxVarDepth bounds the nesting of var() inside custom property values, maxVarSubst the
// substitutions made for one value and maxVarLen its length once substituted: a sheet
// whose properties each read several others cannot make the work grow exponentially.
const (
	maxVarDepth = 8
	maxVarSubst = 64
	maxVarLen   = 1024
)

// Vars is the custom properties an element inherits or sets; shared between elements
// until one sets a property (With).
type Vars []parse.CustomProp

// Get returns the value of the custom property name.
func (v Vars) Get(name string) (string, bool) {
	for i := len(v) - 1; i >= 0; i-- {
		if v[i].Name == name {
			return v[i].Value, true
		}
	}
	return "", false
}

// With returns v with name set to value, leaving v itself as it was.
func (v Vars) With(name, value string) Vars {
	out := make(Vars, 0, len(v)+1)
	for _, p := range v {
		if p.Name != name {
			out = append(out, p)
		}
	}
	return append(out, parse.CustomProp{Name: name, Value: value})
}

// VarNames lists the custom properties that value reads with var().
func VarNames(value string) []string {
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

// Subst replaces each var(--name[, fallback]) in value by the property's value in
// vars (or the fallback); false when a property is unset and has no fallback, or the
// substitution goes beyond maxVarDepth, maxVarSubst or maxVarLen.
func Subst(value string, vars Vars) (string, bool) {
	if strings.IndexByte(value, '(') < 0 {
		return value, true // no var(): most values, read for every element
	}
	budget := maxVarSubst
	return substVarsIn(value, vars, 0, &budget)
}

func substVarsIn(value string, vars Vars, depth int, budget *int) (string, bool) {
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
		rep, ok := vars.Get(name)
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
