package firstscreen

import (
	"strings"
	"testing"
)

// checkClassHidden fails t when classHidden, asked for classes in turn by one estimator
// (its last answers kept), answers other than classNamesHidden of each.
func checkClassHidden(t *testing.T, classes []string) {
	t.Helper()
	a := &estimator{}
	for _, c := range classes {
		if got, want := a.classHidden(c), mayNameHidden(c) && classNamesHidden(c); got != want {
			t.Fatalf("classes %q: classHidden(%q) = %v, want %v", classes, c, got, want)
		}
	}
}

// TestClassHidden: classHidden's last answers are its answers, for classes that share
// a slot of them (alike in length and ends) and classes asked again after others.
func TestClassHidden(t *testing.T) {
	classes := []string{"kw", "ident", "hidden", "sr-only", "op", "visually-hidden", "kx",
		"ident", "hiddex", "hidden", "screen-reader-text", "skip-link", "invisible", "",
		"Hidden", "is-hidden foo", "foo is-hidden", "number", "kw", "hidden", "sr-only"}
	checkClassHidden(t, classes)
	for i := range classes {
		checkClassHidden(t, append(classes[i:], classes[:i]...))
	}
}

// FuzzClassHidden: classHidden agrees with classNamesHidden on any classes asked in any
// order (TestClassHidden); the input is the classes joined by '|'.
func FuzzClassHidden(f *testing.F) {
	f.Add("kw|hidden|kw|hiddex|sr-only|ident|hidden")
	f.Fuzz(func(t *testing.T, s string) {
		checkClassHidden(t, strings.Split(s, "|"))
	})
}
