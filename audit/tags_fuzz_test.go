package audit

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	xhtml "golang.org/x/net/html"
)

var tagSeeds = []string{
	`<link rel=preload href=/a.woff2 as=font>`,
	`<img src="a.jpg" loading="lazy" fetchpriority=low>`,
	`<img src=a.jpg/>`,
	`<IMG SRC='a.jpg' Loading = lazy alt="x">`,
	`<img loading="lazy"src=x alt=>`,
	`<link/rel=preload/href=/x.css/as=style/>`,
	`<img ==x a="b" a="c" =d>`,
	`<img src="unterminated`,
	`<script>"<img src=x>"</script><img src=y>`,
	`<title><img src=t></title><img src=u loading=lazy>`,
	"<link rel=preload\r\n href=\"/a.woff2\"\tas=font\fcrossorigin>",
	`<img alt="a &amp; b" src=x&amp;y>`,
}

// tokenizerAttrs returns the attributes x/net/html gives the first start tag of raw.
func tokenizerAttrs(raw []byte) [][2]string {
	z := xhtml.NewTokenizer(bytes.NewReader(raw))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return nil
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			continue
		}
		_, more := z.TagName()
		var out [][2]string
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			out = append(out, [2]string{string(k), string(v)})
		}
		return out
	}
}

// keptAttrs returns t's attributes as the parser keeps them: the first of each name.
func keptAttrs(t tag) [][2]string {
	var out [][2]string
	for _, a := range t.Attrs {
		if a.kept {
			out = append(out, [2]string{a.Name, a.Val})
		}
	}
	return out
}

// sameAttrs compares attribute lists regardless of order (new attributes may go first).
func sameAttrs(a, b [][2]string) bool {
	sa, sb := append([][2]string(nil), a...), append([][2]string(nil), b...)
	less := func(x [][2]string) func(i, j int) bool {
		return func(i, j int) bool { return x[i][0] < x[j][0] }
	}
	sort.Slice(sa, less(sa))
	sort.Slice(sb, less(sb))
	return slices.Equal(sa, sb)
}

// FuzzTags holds lexTag to the tokenizer's attributes and the attribute edits to their
// promise: the tag keeps every other attribute, and no byte outside it changes.
func FuzzTags(f *testing.F) {
	for _, s := range tagSeeds {
		f.Add([]byte(s))
	}
	pages, _ := filepath.Glob("../fixtures/mistakes/*/index.html")
	for _, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		tags := scanTags(src)
		for _, tg := range tags {
			raw := src[tg.Start:tg.End]
			if got, want := keptAttrs(tg), tokenizerAttrs(raw); !slices.Equal(got, want) {
				t.Fatalf("tag %q: lexTag %q, tokenizer %q", raw, got, want)
			}
			if !tg.Closed || tg.Name == "" {
				continue
			}
			check := func(e edit, want [][2]string) {
				if e.start < 0 {
					return // refused
				}
				out := applyEdits(src, []edit{e})
				if !bytes.Equal(out[:tg.Start], src[:tg.Start]) || !bytes.Equal(out[len(out)-(len(src)-tg.End):], src[tg.End:]) {
					t.Fatalf("edit %+v of %q changed bytes outside the tag", e, raw)
				}
				got := tokenizerAttrs(out[tg.Start : len(out)-(len(src)-tg.End)])
				if !sameAttrs(got, want) {
					t.Fatalf("edit %+v of %q: attributes %q, want %q", e, raw, got, want)
				}
			}
			kept := keptAttrs(tg)
			if !tg.has("data-pg") {
				check(insertAttr(&tg, `data-pg="1"`), append(append([][2]string(nil), kept...), [2]string{"data-pg", "1"}))
			}
			// Removing an attribute that is the only one of its name leaves the others.
			for i, a := range tg.Attrs {
				n := 0
				for _, b := range tg.Attrs {
					if b.dedup == a.dedup {
						n++
					}
				}
				if n != 1 || !a.kept {
					continue
				}
				var want [][2]string
				for _, kv := range kept {
					if kv[0] != a.Name {
						want = append(want, kv)
					}
				}
				check(removeAttr(src, tg.Attrs[i]), want)
			}
		}
	})
}
