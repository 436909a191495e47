package style

import (
	"strconv"
	"strings"
)

// RootSize is the root element's font size, px (the browsers' default).
const RootSize = 16.0

// FontSize returns the size in px of a font-size value on screen sc, given the parent's
// size.
func FontSize(v string, parent float64, sc Screen) (float64, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	v = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(v, "!important")), " ")
	switch v {
	case "xx-small":
		return 9, true
	case "x-small":
		return 10, true
	case "small":
		return 13, true
	case "medium":
		return 16, true
	case "large":
		return 18, true
	case "x-large":
		return 24, true
	case "xx-large":
		return 32, true
	case "xxx-large":
		return 48, true
	case "smaller":
		return parent / 1.2, true
	case "larger":
		return parent * 1.2, true
	case "inherit", "unset":
		return parent, true
	case "initial":
		return 16, true
	}
	for _, fn := range []string{"clamp(", "min(", "max(", "calc("} {
		if strings.HasPrefix(v, fn) && strings.HasSuffix(v, ")") {
			args := splitArgs(v[len(fn) : len(v)-1])
			var xs []float64
			for _, a := range args {
				x, ok := FontSize(a, parent, sc)
				if !ok {
					return 0, false
				}
				xs = append(xs, x)
			}
			switch {
			case fn == "clamp(" && len(xs) == 3:
				return max(xs[0], min(xs[1], xs[2])), true
			case fn == "min(" && len(xs) > 0:
				m := xs[0]
				for _, x := range xs[1:] {
					m = min(m, x)
				}
				return m, true
			case fn == "max(" && len(xs) > 0:
				m := xs[0]
				for _, x := range xs[1:] {
					m = max(m, x)
				}
				return m, true
			case fn == "calc(" && len(xs) == 1:
				return xs[0], true
			}
			return 0, false
		}
	}
	i := 0
	for i < len(v) && (v[i] == '.' || v[i] == '-' || v[i] == '+' || v[i] >= '0' && v[i] <= '9') {
		i++
	}
	n, err := strconv.ParseFloat(v[:i], 64)
	if err != nil {
		return 0, false
	}
	switch v[i:] {
	case "px":
		return n, true
	case "rem":
		return n * RootSize, true
	case "em":
		return n * parent, true
	case "%":
		return n * parent / 100, true
	case "pt":
		return n * 4 / 3, true
	case "vw":
		return n * sc.Width / 100, true
	case "vh":
		return n * sc.Height / 100, true
	case "vmin":
		return n * min(sc.Width, sc.Height) / 100, true
	case "vmax":
		return n * max(sc.Width, sc.Height) / 100, true
	}
	return 0, false
}

// splitArgs splits a function's arguments at top-level commas.
func splitArgs(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}
