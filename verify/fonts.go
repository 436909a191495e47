package verify

import (
	"os"
	"path/filepath"
)

// Visitors' browsers draw the generic families (sans-serif, serif, monospace and
// system-ui) in Arial, Helvetica, Roboto or Segoe UI, Times and Courier, faces of nearly
// the same widths; a Linux machine without them falls back to DejaVu, whose letters are
// about a fifth wider. Where two blocks of text are close, the width of their lines
// decides which one is the LCP, so a judge drawing in DejaVu disagrees with the guess
// (and with the visitors) where it should not. The judge's Chromium therefore prefers the
// Liberation fonts, which have the metrics of Arial, Times New Roman and Courier New, for
// the generic families, when they are installed (Debian: fonts-liberation2); web fonts
// and the families a page names that are installed are drawn as before.

// judgeFonts is the fontconfig configuration the judge's Chromium reads: the system's,
// with the Liberation faces first for the generic families.
const judgeFonts = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern">
    <test qual="any" name="family"><string>sans-serif</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>Liberation Sans</string></edit>
  </match>
  <match target="pattern">
    <test qual="any" name="family"><string>system-ui</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>Liberation Sans</string></edit>
  </match>
  <match target="pattern">
    <test qual="any" name="family"><string>serif</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>Liberation Serif</string></edit>
  </match>
  <match target="pattern">
    <test qual="any" name="family"><string>monospace</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>Liberation Mono</string></edit>
  </match>
</fontconfig>
`

// liberationDirs are where Debian and others install the Liberation fonts.
var liberationDirs = []string{
	"/usr/share/fonts/truetype/liberation2",
	"/usr/share/fonts/truetype/liberation",
	"/usr/share/fonts/liberation-sans",
	"/usr/share/fonts/liberation",
}

// HaveLiberation reports whether the Liberation fonts are installed where fontconfig finds
// them on common distributions.
func HaveLiberation() bool {
	for _, d := range liberationDirs {
		if m, _ := filepath.Glob(filepath.Join(d, "LiberationSans-Regular.*")); len(m) > 0 {
			return true
		}
	}
	return false
}

// writeJudgeFonts writes judgeFonts into dir and returns its path.
func writeJudgeFonts(dir string) (string, error) {
	p := filepath.Join(dir, "fonts.conf")
	return p, os.WriteFile(p, []byte(judgeFonts), 0o644)
}
