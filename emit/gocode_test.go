package emit

import (
	"bytes"
	"go/format"
	"testing"
)

// goSource writes gofmt-clean Go that parses, whatever the names and values.
func TestGoSourceIsFormatted(t *testing.T) {
	pls := []pageLinks{
		{Page: "/index.html", Links: []string{`</a.css>; rel=preload; as=style`, `</f.woff2>; rel=preload; as=font; type="font/woff2"; crossorigin`}},
		{Page: "/docs/a-much-longer-page-name/index.html", Links: []string{"</x\"q`\n.css>; rel=preload; as=style"}},
		{Page: "/docs/b.html", Links: []string{`</b.css>; rel=preload; as=style`}},
		{Page: "/docs/c.html", Links: []string{`</b.css>; rel=preload; as=style`}},
		{Page: "/b.html", Links: []string{`</b.css>; rel=preload; as=style`}},
	}
	for _, base := range []string{"", "/docs"} {
		src, err := goSource("hints", groupSets(pls, []string{"/docs/none.html", "/x\"\n.htm"}), base, nil)
		if err != nil {
			t.Fatal(err)
		}
		want, err := format.Source(src)
		if err != nil {
			t.Fatalf("generated Go does not parse: %v\n%s", err, src)
		}
		if !bytes.Equal(src, want) {
			t.Errorf("base %q: generated Go is not gofmt-formatted:\n%s\nwant:\n%s", base, src, want)
		}
	}
}
