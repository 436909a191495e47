// The middleware source the Go output is built from. It lives in package hintmw, where its
// own tests run; the generator embeds the text (see gocode.go).

package emit

import _ "embed"

//go:embed hintmw/hintmw.go
var hintmwSource string
