package parse

import (
	"testing"

	"golang.org/x/net/html/atom"
)

// TestClosesPKeepsItsElements: closesP is true for exactly the start tags that close an
// open <p> in the tail (those of the table it replaced), checked for every atom.
func TestClosesPKeepsItsElements(t *testing.T) {
	want := map[atom.Atom]bool{
		atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Details: true,
		atom.Div: true, atom.Dl: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
		atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
		atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Main: true,
		atom.Menu: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true,
		atom.Table: true, atom.Ul: true, atom.Li: true, atom.Dd: true, atom.Dt: true,
	}
	// Every atom: an Atom is its name's offset in the package's table and its length.
	seen := 0
	for off := 0; off < 1<<16; off++ {
		for n := 1; n < 32; n++ {
			a := atom.Atom(off<<8 | n)
			if atom.Lookup([]byte(a.String())) != a {
				continue
			}
			seen++
			if closesP(a) != want[a] {
				t.Errorf("closesP(%s) = %v, want %v", a, closesP(a), want[a])
			}
		}
	}
	if seen < 300 {
		t.Fatalf("only %d atoms enumerated", seen)
	}
	if closesP(0) {
		t.Error("closesP(0) (an unknown element) = true")
	}
}
