// Speculation rules in the server configs (docs/speculation.md): with delivery by header,
// every format serves the rules file with the media type browsers require
// (application/speculationrules+json; a .json file is application/json to every server
// and host otherwise) and names it in a Speculation-Rules header on every response, except
// the pages that carry rules of their own.
//
// The file's URL is checked once (speculationURLOK: letters, digits and /._~- only), so it
// goes into every format as it is. The excepted pages' paths come from file names and are
// quoted per format as the hints' paths are.

package emit

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SpeculationConfig is the site-wide Speculation-Rules header the configs send.
type SpeculationConfig struct {
	// File is the rules file's URL path, base path included ("/docs/speculationrules.json").
	File string
	// Except are the site paths of the pages that get no header ("/a/index.html"): those
	// that carry rules of their own, and those whose client-side router would not use a
	// prefetched document.
	Except []string
}

// speculationMIME is the media type of a rules file.
const speculationMIME = "application/speculationrules+json"

// speculationURLOK reports whether a rules file URL can go into every format as it is.
func speculationURLOK(u string) bool {
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
		return false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("/._~-", c) >= 0) {
			return false
		}
	}
	return true
}

// value is the header's value: the URL as a structured-field string.
func (s *SpeculationConfig) value() string { return `"` + s.File + `"` }

// exceptPaths returns the request paths of the excepted pages.
func (s *SpeculationConfig) exceptPaths(basePath string) []string {
	var out []string
	for _, p := range s.Except {
		out = append(out, requestPaths(p, basePath)...)
	}
	return out
}

// nginxSpeculationHTTP is the http-context part: the map that gives each $uri its header
// value (empty, so not sent, for the excepted pages).
func nginxSpeculationHTTP(s *SpeculationConfig, basePath string) (string, []string) {
	var warns []string
	var b strings.Builder
	b.WriteString("\n# Speculation rules (docs/speculation.md): the Speculation-Rules header for each $uri.\nmap $uri $preloadgen_speculation {\n")
	fmt.Fprintf(&b, "    default %s;\n", mustNginxQuote(s.value()))
	for _, p := range s.Except {
		key := strings.TrimSuffix(basePath, "/") + p
		q, ok := nginxQuote(key)
		if !ok || strings.Contains(q, "$") {
			warns = append(warns, fmt.Sprintf("%s: page with rules of its own not left out of the Speculation-Rules header in %s: cannot be written safely", quoteForMessage(p), NginxHTTPFile))
			continue
		}
		fmt.Fprintf(&b, "    %s \"\";\n", q)
	}
	b.WriteString("}\n")
	return b.String(), warns
}

// nginxSpeculationServer is the server-context part: the header, and the file's type.
func nginxSpeculationServer(s *SpeculationConfig) string {
	return fmt.Sprintf(`
# Speculation rules (docs/speculation.md): pages name the rules file in a
# Speculation-Rules header, and the file goes out as %[2]s (browsers
# ignore it as application/json). The location takes root from the server block.
add_header Speculation-Rules $preloadgen_speculation always;
location = %[1]s {
    types { }
    default_type %[2]s;
}
`, s.File, speculationMIME)
}

func mustNginxQuote(s string) string {
	q, ok := nginxQuote(s)
	if !ok {
		panic("nginxQuote: " + s) // speculationURLOK was checked
	}
	return q
}

// caddySpeculation is the lines at the top of the snippet's route: the file's type, and the
// header on every other response but the excepted pages.
func caddySpeculation(s *SpeculationConfig, basePath string) (string, []string) {
	var warns []string
	var b strings.Builder
	b.WriteString("\t# Speculation rules (docs/speculation.md): the rules file's media type, and the header naming it.\n")
	fmt.Fprintf(&b, "\t@speculationrules path %q\n\theader @speculationrules Content-Type %s\n", s.File, speculationMIME)
	var paths []string
	for _, p := range s.exceptPaths(basePath) {
		if !utf8.ValidString(p) {
			warns = append(warns, fmt.Sprintf("%s: page with rules of its own not left out of the Speculation-Rules header in %s: not valid UTF-8", quoteForMessage(p), CaddyFile))
			continue
		}
		paths = append(paths, p)
	}
	if len(paths) == 0 {
		fmt.Fprintf(&b, "\theader Speculation-Rules `%s`\n", s.value())
		return b.String(), warns
	}
	b.WriteString("\t@speculation {\n")
	// Always by path_regexp: exact and case-sensitive, so no page whose path differs only
	// in case loses the header.
	fmt.Fprintf(&b, "\t\tnot path_regexp `%s`\n", caddyRegexp(paths))
	fmt.Fprintf(&b, "\t}\n\theader @speculation Speculation-Rules `%s`\n", s.value())
	return b.String(), warns
}

// headersSpeculation is the rules inside preloadgen's _headers section. _headers cannot
// leave a page out of a splat's header: pages with rules of their own get a warning.
func headersSpeculation(s *SpeculationConfig, basePath string) (string, []string) {
	var warns []string
	if len(s.Except) > 0 {
		warns = append(warns, fmt.Sprintf("%s: %d pages that should get no Speculation-Rules header (rules of their own, or a client-side router) get it too: a _headers rule cannot leave pages out of a splat, e.g. %s", headersFile, len(s.Except), quoteForMessage(s.Except[0])))
	}
	return fmt.Sprintf("%s\n  Content-Type: %s\n%s/*\n  Speculation-Rules: %s\n", s.File, speculationMIME, strings.TrimSuffix(basePath, "/"), s.value()), warns
}

// goSpeculation is the Go file's part: the middleware's fields, set in Handler.
func goSpeculation(s *SpeculationConfig, basePath string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n// speculationRules is the URL path of the site's speculation rules file (docs/speculation.md).\nconst speculationRules = %s\n", strconv.Quote(s.File))
	b.WriteString("\n// noSpeculation holds the request paths of the pages that carry rules of their own.\nvar noSpeculation = map[string]bool{\n")
	for _, p := range s.exceptPaths(basePath) {
		fmt.Fprintf(&b, "\t%s: true,\n", strconv.Quote(p))
	}
	b.WriteString("}\n")
	return b.String()
}
