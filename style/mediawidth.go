package style

import (
	"strconv"
	"strings"
)

// WidthMatches reports whether media query list m matches a screen width px wide (CSS
// px, 16px to the em): known is false when it depends on anything else it cannot tell
// (orientation, hover, resolution, not, other media types), or is not understood. A list
// matches when one of its queries does; a query when its media type is screen or all and
// each of its width conditions ((min-width: 40em), (max-width: 767px), (width >= 768px),
// (width < 60rem)) holds.
func WidthMatches(m string, px float64) (match, known bool) {
	m = strings.TrimSpace(strings.ToLower(m))
	if m == "" {
		return true, true
	}
	known = true
	for _, q := range strings.Split(m, ",") {
		qm, qk := queryMatches(strings.Join(strings.Fields(q), " "), px)
		if qk && qm {
			return true, true
		}
		if !qk {
			known = false
		}
	}
	return false, known
}

// queryMatches is widthMatches for one query of a list, white space collapsed.
func queryMatches(q string, px float64) (match, known bool) {
	q = strings.TrimPrefix(q, "only ")
	if strings.HasPrefix(q, "not ") {
		return false, false
	}
	match = true
	for _, part := range strings.Split(q, " and ") {
		part = strings.TrimSpace(part)
		switch part {
		case "screen", "all":
			continue
		case "print", "speech":
			return false, true
		}
		if !strings.HasPrefix(part, "(") || !strings.HasSuffix(part, ")") {
			return false, false
		}
		ok, k := widthFeature(strings.TrimSpace(part[1:len(part)-1]), px)
		if !k {
			return false, false
		}
		match = match && ok
	}
	return match, true
}

// widthFeature evaluates one width condition, without its parentheses.
func widthFeature(f string, px float64) (match, known bool) {
	if name, v, ok := strings.Cut(f, ":"); ok {
		w, ok := cssLength(v)
		if !ok {
			return false, false
		}
		switch strings.TrimSpace(name) {
		case "min-width":
			return px >= w, true
		case "max-width":
			return px <= w, true
		}
		return false, false
	}
	for _, op := range []string{">=", "<=", ">", "<"} {
		l, r, ok := strings.Cut(f, op)
		if !ok {
			continue
		}
		l, r = strings.TrimSpace(l), strings.TrimSpace(r)
		if l != "width" {
			// (768px <= width) is (width >= 768px).
			if r != "width" {
				return false, false
			}
			l, r = r, l
			op = map[string]string{">=": "<=", "<=": ">=", ">": "<", "<": ">"}[op]
		}
		w, ok := cssLength(r)
		if !ok {
			return false, false
		}
		switch op {
		case ">=":
			return px >= w, true
		case "<=":
			return px <= w, true
		case ">":
			return px > w, true
		default:
			return px < w, true
		}
	}
	return false, false
}

// cssLength reads a Length in px, em or rem (16px), as media queries give widths.
func cssLength(v string) (float64, bool) {
	v = strings.TrimSpace(v)
	scale := 1.0
	switch {
	case strings.HasSuffix(v, "rem"):
		v, scale = strings.TrimSuffix(v, "rem"), RootSize
	case strings.HasSuffix(v, "em"):
		v, scale = strings.TrimSuffix(v, "em"), RootSize
	case strings.HasSuffix(v, "px"):
		v = strings.TrimSuffix(v, "px")
	default:
		return 0, false
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return 0, false
	}
	return n * scale, true
}
