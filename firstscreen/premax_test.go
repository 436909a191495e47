package firstscreen

import (
	"fmt"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/parse"
)

// TestPreInFlexRow: a preformatted block is as wide as its longest line (its max-content
// width), so in a flex row beside a narrow one, as rustdoc lays out a source view's line
// numbers and code (and a function's signature beside nothing, in a row of its own), the
// code takes most of the row and is the larger text. Measured as no width, the code's
// column shrank to a sliver and the line numbers were guessed; Chromium reports the code
// on both screens.
func TestPreInFlexRow(t *testing.T) {
	var nums, code strings.Builder
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&nums, "<span>%d</span>\n", i)
		fmt.Fprintf(&code, "<span class=kw>let</span> value_%d = compute(first_argument, second_argument, %d);\n", i, i)
	}
	css := `body { display: flex; margin: 0 } nav { width: 200px; flex: 0 0 200px } main { flex-grow: 1; min-width: 0 }
	.example-wrap { display: flex } pre { margin: 0; font-family: monospace; font-size: 14px; overflow-x: auto }
	.line-numbers { text-align: right }`
	g := estimateFiles(t, map[string]string{
		"/index.html": `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body><nav><p>Files</p></nav><main>` +
			`<div class="example-wrap"><pre class="line-numbers">` + nums.String() + `</pre><pre class="rust">` + code.String() + `</pre></div></main></body></html>`,
		"/s.css": css,
	}).Guess
	if g.Kind != KindText || parse.Attr(g.Node, "class") != "rust" {
		t.Fatalf("guess = %v %s, want the code (pre.rust)", g.Kind, parse.Describe(g.Node))
	}
	if g.Phone != nil {
		t.Errorf("phone = %s, want the same guess", parse.Describe(g.Phone.Node))
	}
}
