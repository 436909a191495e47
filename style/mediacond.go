package style

import "strings"

// MediaCondition returns the condition of a media query (a <source>'s, a rule's @media)
// for negating it: "" when it always matches on a screen, the parenthesised condition
// otherwise (a leading "screen and" or "all and" dropped); false for media it cannot
// negate (lists, not, or, only, other media types).
func MediaCondition(m string) (string, bool) {
	m = strings.Join(strings.Fields(strings.ToLower(m)), " ")
	switch m {
	case "", "all", "screen":
		return "", true
	}
	for _, p := range []string{"screen and ", "all and "} {
		m = strings.TrimPrefix(m, p)
	}
	if strings.ContainsAny(m, ",") || strings.Contains(m, "not") || strings.Contains(m, " or ") || strings.Contains(m, "only") {
		return "", false
	}
	if !strings.HasPrefix(m, "(") || !strings.HasSuffix(m, ")") || !balanced(m) {
		return "", false
	}
	return m, true
}

func balanced(s string) bool {
	depth := 0
	for _, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}
