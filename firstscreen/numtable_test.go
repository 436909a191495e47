package firstscreen

import (
	"testing"

	"golang.org/x/net/html"
)

// TestNumTable numbers more elements than the table was sized for (it grows), and finds
// each by its element, and none of the elements it was not given.
func TestNumTable(t *testing.T) {
	for _, tt := range []struct{ sized, added int }{{0, 0}, {0, 1}, {3, 100}, {1000, 1000}, {10, 5000}} {
		nodes := make([]html.Node, tt.added+10)
		tab := newNumTable(tt.sized)
		for i := range tt.added {
			tab.add(&nodes[i], position{index: i + 1, textBefore: 3 * i})
		}
		for i := range tt.added {
			tab.setEnd(i+1, i+2)
		}
		if tab.len() != tt.added {
			t.Errorf("sized %d, added %d: len %d", tt.sized, tt.added, tab.len())
		}
		for i := range nodes {
			p, ok := tab.get(&nodes[i])
			want := position{index: i + 1, end: i + 2, textBefore: 3 * i}
			if i >= tt.added {
				want = position{}
			}
			if ok != (i < tt.added) || p != want {
				t.Errorf("sized %d, added %d: element %d is %+v, %v; want %+v, %v", tt.sized, tt.added, i, p, ok, want, i < tt.added)
			}
		}
		if _, ok := tab.get(nil); ok {
			t.Errorf("sized %d, added %d: nil is numbered", tt.sized, tt.added)
		}
	}
	var none *numTable
	if _, ok := none.get(&html.Node{}); ok {
		t.Error("a nil table numbers an element")
	}
}
