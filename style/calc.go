package style

import (
	"strconv"
	"strings"
)

// Widths are often computed: calc(100% - 2rem), calc(4 / 12 * 100%) (a grid column),
// min(100%, 42rem). CalcWidth evaluates such an expression to a Length: a percentage of
// the containing block plus px. Products and quotients by plain numbers, sums and
// differences, and nested parentheses are understood; min() and max() only when their
// arguments are comparable (all px, or all percentages).

// CalcWidth evaluates v for an element of font size size on screen sc.
func CalcWidth(v string, size float64, sc Screen) (Length, bool) {
	p := calcParser{s: strings.ToLower(v), size: size, sc: sc}
	x, ok := p.sum()
	p.skip()
	if !ok || p.i != len(p.s) || !x.isLen {
		return Length{}, false
	}
	return Length{PX: x.px, Pct: x.pct}, true
}

// calcValue is a number, or a length: pct percent of the containing block plus px.
type calcValue struct {
	num     float64
	pct, px float64
	isLen   bool
}

type calcParser struct {
	s    string
	i    int
	size float64
	sc   Screen
}

func (p *calcParser) skip() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

func (p *calcParser) sum() (calcValue, bool) {
	x, ok := p.product()
	for ok {
		p.skip()
		if p.i >= len(p.s) || p.s[p.i] != '+' && p.s[p.i] != '-' {
			break
		}
		op := p.s[p.i]
		p.i++
		y, ok2 := p.product()
		if !ok2 || x.isLen != y.isLen {
			return x, false
		}
		if op == '-' {
			y.num, y.pct, y.px = -y.num, -y.pct, -y.px
		}
		x.num, x.pct, x.px = x.num+y.num, x.pct+y.pct, x.px+y.px
	}
	return x, ok
}

func (p *calcParser) product() (calcValue, bool) {
	x, ok := p.term()
	for ok {
		p.skip()
		if p.i >= len(p.s) || p.s[p.i] != '*' && p.s[p.i] != '/' {
			break
		}
		op := p.s[p.i]
		p.i++
		y, ok2 := p.term()
		if !ok2 {
			return x, false
		}
		switch {
		case op == '*' && !y.isLen:
			x.num, x.pct, x.px = x.num*y.num, x.pct*y.num, x.px*y.num
		case op == '*' && !x.isLen:
			y.pct, y.px = y.pct*x.num, y.px*x.num
			x = y
		case op == '/' && !y.isLen && y.num != 0:
			x.num, x.pct, x.px = x.num/y.num, x.pct/y.num, x.px/y.num
		default:
			return x, false
		}
	}
	return x, ok
}

func (p *calcParser) term() (calcValue, bool) {
	p.skip()
	if p.i >= len(p.s) {
		return calcValue{}, false
	}
	for _, fn := range []string{"calc(", "("} {
		if strings.HasPrefix(p.s[p.i:], fn) {
			p.i += len(fn)
			x, ok := p.sum()
			p.skip()
			if !ok || p.i >= len(p.s) || p.s[p.i] != ')' {
				return x, false
			}
			p.i++
			return x, true
		}
	}
	for _, fn := range []string{"min(", "max("} {
		if strings.HasPrefix(p.s[p.i:], fn) {
			p.i += len(fn)
			var xs []calcValue
			for {
				x, ok := p.sum()
				if !ok {
					return x, false
				}
				xs = append(xs, x)
				p.skip()
				if p.i < len(p.s) && p.s[p.i] == ',' {
					p.i++
					continue
				}
				break
			}
			if p.i >= len(p.s) || p.s[p.i] != ')' {
				return calcValue{}, false
			}
			p.i++
			best := xs[0]
			for _, x := range xs[1:] {
				if x.isLen != best.isLen || (x.pct != 0) != (best.pct != 0) || (x.px != 0 && x.pct != 0) {
					return calcValue{}, false // not comparable without the containing block
				}
				if fn == "min(" == (x.pct+x.px+x.num < best.pct+best.px+best.num) {
					best = x
				}
			}
			return best, true
		}
	}
	j := p.i
	if j < len(p.s) && (p.s[j] == '-' || p.s[j] == '+') {
		j++
	}
	for j < len(p.s) && (p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '.') {
		j++
	}
	n, err := strconv.ParseFloat(p.s[p.i:j], 64)
	if err != nil {
		return calcValue{}, false
	}
	k := j
	for k < len(p.s) && (p.s[k] >= 'a' && p.s[k] <= 'z' || p.s[k] == '%') {
		k++
	}
	unit := p.s[j:k]
	p.i = k
	switch unit {
	case "":
		return calcValue{num: n}, true
	case "%":
		return calcValue{pct: n, isLen: true}, true
	}
	if px, ok := FontSize(strconv.FormatFloat(n, 'f', -1, 64)+unit, p.size, p.sc); ok {
		return calcValue{px: px, isLen: true}, true
	}
	return calcValue{}, false
}
