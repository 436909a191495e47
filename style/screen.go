package style

// Screen is a viewport the first screen is estimated for and judged at. It is the one
// home of the screens' sizes: the estimate lays pages out on Laptop and Phone, and verify
// loads them in Chromium at the same sizes.
type Screen struct {
	Name   string  // "desktop" or "phone", as verify names its viewports
	Width  float64 // the viewport's width, CSS px (vw, media queries)
	Height float64 // the viewport's height, CSS px (vh)
	// Fold is the height of the first screen the estimate lays out, CSS px: what a
	// visitor's browser shows of the viewport.
	Fold   float64
	Scale  float64 // the device pixel ratio
	Mobile bool    // a phone: mobile emulation, and text sized for the phone's screen
}

// The screens of the per-screen arrays (PerScreen, and the layout's), as their indices.
const (
	OnLaptop = 0
	OnPhone  = 1
)

// Laptop is the screen the guess is made for: a common laptop's window, all of it the
// first screen (verify's headless Chromium draws no browser chrome).
func Laptop() Screen {
	return Screen{Name: "desktop", Width: 1350, Height: 940, Fold: 940, Scale: 1}
}

// Phone is the screen the guess is checked against: Chromium's large phone (412x915 CSS
// px).
func Phone() Screen {
	return Screen{Name: "phone", Width: 412, Height: 915, Fold: 915, Scale: 2.625, Mobile: true}
}

// Screens returns the screens of the per-screen arrays, in their order.
func Screens() [2]Screen { return [2]Screen{Laptop(), Phone()} }

// Index is the screen's index in per-screen arrays.
func (s Screen) Index() int {
	if s.Mobile {
		return OnPhone
	}
	return OnLaptop
}

// Column is the width of a column of text where the page's rules give none: the
// viewport less the body's default margins.
func (s Screen) Column() float64 { return s.Width - 16 }

// Applies reports whether a declaration under media m applies on the screen: yes unless
// m is known not to match its width.
func (s Screen) Applies(m string) bool {
	if m == "" {
		return true // most rules: no @media
	}
	match, known := WidthMatches(m, s.Width)
	return match || !known
}
