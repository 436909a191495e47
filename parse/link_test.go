package parse

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// linkRef is what a test looks at in one Ref made from a <link>.
type linkRef struct {
	Kind      RefKind
	URL       string
	Async     bool
	Preloaded bool
	Media     string
}

func linkRefs(d *Document) []linkRef {
	var out []linkRef
	for _, r := range d.Refs {
		out = append(out, linkRef{r.Kind, r.URL, r.Async, r.Preloaded, r.Media})
	}
	return out
}

// TestParseLinkRelTokens: rel is a set of case-insensitive, whitespace-separated tokens,
// and the two ways generators load a stylesheet without blocking rendering are read as
// applied, non-blocking stylesheets. Each case is read both in the DOM part of a page and
// in the tail of a long one (parse/tail.go).
func TestParseLinkRelTokens(t *testing.T) {
	tests := []struct {
		name, link string
		want       []linkRef
	}{
		{"vitepress preload stylesheet", `<link rel="preload stylesheet" href="/assets/style.css" as="style">`,
			[]linkRef{{RefStylesheet, "/assets/style.css", false, true, ""}, {RefPreload, "/assets/style.css", false, false, ""}}},
		{"stylesheet preload order", `<link rel="stylesheet preload" href="/s.css" as="style">`,
			[]linkRef{{RefStylesheet, "/s.css", false, true, ""}, {RefPreload, "/s.css", false, false, ""}}},
		{"upper case and tabs", "<link rel=\"\tStyleSheet \" href=/s.css>",
			[]linkRef{{RefStylesheet, "/s.css", false, false, ""}}},
		{"alternate stylesheet", `<link rel="alternate stylesheet" href="/alt.css" title="Dark">`, nil},
		{"stylesheet alternate", `<link rel="stylesheet alternate" href="/alt.css" title="Dark">`, nil},
		{"shortcut icon", `<link rel="shortcut icon" href="/favicon.ico">`,
			[]linkRef{{RefIcon, "/favicon.ico", false, false, ""}}},
		{"preconnect dns-prefetch", `<link rel="preconnect dns-prefetch" href="https://cdn.example">`,
			[]linkRef{{RefPreconnect, "https://cdn.example", false, false, ""}}},
		{"loadCSS", `<link rel="preload" href="/x.css" as="style" onload="this.onload=null;this.rel='stylesheet'"><noscript><link rel="stylesheet" href="/x.css"></noscript>`,
			[]linkRef{{RefStylesheet, "/x.css", true, true, ""}, {RefPreload, "/x.css", false, false, ""}}},
		{"loadCSS double quotes and spaces", `<link rel=preload href=/x.css as=style onload='this.rel = "stylesheet"'>`,
			[]linkRef{{RefStylesheet, "/x.css", true, true, ""}, {RefPreload, "/x.css", false, false, ""}}},
		{"preload as=font with onload is not a sheet", `<link rel=preload href=/f.woff2 as=font onload="this.rel='stylesheet'">`,
			[]linkRef{{RefPreload, "/f.woff2", false, false, ""}}},
		{"preload comparing rel is not a sheet", `<link rel=preload href=/x.css as=style onload="if(this.rel=='stylesheet')x()">`,
			[]linkRef{{RefPreload, "/x.css", false, false, ""}}},
		{"media print switch", `<link rel="stylesheet" href="/x.css" media="print" onload="this.media='all'">`,
			[]linkRef{{RefStylesheet, "/x.css", true, false, "all"}}},
		{"media print switch to screen", `<link rel=stylesheet href=/x.css media=print onload="this.media='screen';this.onload=null">`,
			[]linkRef{{RefStylesheet, "/x.css", true, false, "screen"}}},
		{"plain print sheet", `<link rel="stylesheet" href="/p.css" media="print">`,
			[]linkRef{{RefStylesheet, "/p.css", false, false, "print"}}},
		{"media all with onload stays blocking", `<link rel="stylesheet" href="/x.css" media="all" onload="this.media='all'">`,
			[]linkRef{{RefStylesheet, "/x.css", false, false, "all"}}},
	}
	pad := "<p>" + strings.Repeat("Some text of the page. ", 150) + "</p>\n"
	pad += strings.Repeat("<p>"+strings.Repeat("filler ", 60)+"</p>\n", 60)
	for _, tt := range tests {
		for _, where := range []string{"head", "tail"} {
			t.Run(tt.name+"/"+where, func(t *testing.T) {
				src := "<!doctype html><html><head>" + tt.link + "</head><body><p>x</p></body></html>"
				if where == "tail" {
					src = "<!doctype html><html><head></head><body>" + pad + "<div>" + tt.link + "</div></body></html>"
				}
				d, err := ParseHTML([]byte(src))
				if err != nil {
					t.Fatal(err)
				}
				if where == "tail" && !d.Split {
					t.Fatal("page not read in two parts")
				}
				if got := linkRefs(d); !reflect.DeepEqual(got, tt.want) {
					t.Errorf("refs:\n got %s\nwant %s", fmt.Sprint(got), fmt.Sprint(tt.want))
				}
			})
		}
	}
}
