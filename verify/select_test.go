package verify

import (
	"reflect"
	"testing"
)

func TestParseViewports(t *testing.T) {
	tests := []struct {
		in   string
		want []Viewport
		ok   bool
	}{
		{"phone,desktop", []Viewport{Phone, Desktop}, true},
		{" desktop ", []Viewport{Desktop}, true},
		{"390x844@3m,1920x1080", []Viewport{{Name: "390x844@3m", Width: 390, Height: 844, Scale: 3, Mobile: true}, {Name: "1920x1080", Width: 1920, Height: 1080, Scale: 1}}, true},
		{"800x600m", []Viewport{{Name: "800x600m", Width: 800, Height: 600, Scale: 1, Mobile: true}}, true},
		{"", nil, false},
		{"tablet", nil, false},
		{"800x", nil, false},
		{"0x600", nil, false},
		{"800x600@0", nil, false},
		{"800x600@x", nil, false},
		{"phone,phone", nil, false},
	}
	for _, tt := range tests {
		got, err := ParseViewports(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseViewports(%q) error %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseViewports(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestPageGlobs(t *testing.T) {
	globs, err := ParsePageGlobs("/blog/**, /index.html,about/")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"/blog/**", "/index.html", "/about/"}; !reflect.DeepEqual(globs, want) {
		t.Fatalf("globs %q, want %q", globs, want)
	}
	for p, want := range map[string]bool{
		"/blog/a/index.html": true, // the site path
		"/blog/index.html":   true,
		"/index.html":        true,
		"/about/index.html":  true, // the URL it is served at, /about/
		"/about.html":        false,
		"/docs/index.html":   false,
	} {
		if got := PageMatches(globs, p); got != want {
			t.Errorf("PageMatches(%q) = %v, want %v", p, got, want)
		}
	}
	if !PageMatches(nil, "/x.html") {
		t.Error("no globs: every page matches")
	}
	if _, err := ParsePageGlobs("/blog/[a"); err == nil {
		t.Error("a malformed glob is an error")
	}
}
