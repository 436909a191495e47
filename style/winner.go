package style

// Winner is the declaration of one property that wins the cascade among those offered to
// it: the highest specificity, then the latest in source order, as for browsers' normal
// declarations. It is the engine's one such rule: the font and box properties and the
// custom properties are all resolved with it.
type Winner[T any] struct {
	V     T
	Media string // the @media of the winning rule ("" when none)
	Spec  [3]int
	Order int
	Has   bool
}

// Offer makes v the winner unless the current winner takes precedence over a declaration
// of specificity sp and source order order.
func (w *Winner[T]) Offer(v T, media string, sp [3]int, order int) {
	if w.Has && SpecLess(sp, order, w.Spec, w.Order) {
		return
	}
	*w = Winner[T]{V: v, Media: media, Spec: sp, Order: order, Has: true}
}

// PerScreen is a declaration that may differ per screen (OnLaptop, OnPhone): the winner
// on each among the rules whose media match that screen.
type PerScreen [2]Winner[string]

// Offer offers a declaration's value ("" when the rule does not set it) on each screen
// its media may match.
func (d *PerScreen) Offer(value, media string, sp [3]int, order int) {
	if value == "" {
		return
	}
	for i, sc := range Screens() {
		if sc.Applies(media) {
			d[i].Offer(value, media, sp, order)
		}
	}
}

// SpecLess reports whether a declaration of specificity a and source order ao loses to
// one of specificity b and order bo.
func SpecLess(a [3]int, ao int, b [3]int, bo int) bool {
	for i := 0; i < 3; i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return ao < bo
}
