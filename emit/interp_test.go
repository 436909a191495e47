// Readers of the emitted configs: each format's file is read back and a page's Link values
// found by that format's own rules of precedence, as the server or host applies them. The
// unit tests use them to check every page of a site in every format without a server; the
// live tests check the real servers against the manifest.
package emit_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/emit/hintmw"
)

// configs holds the emitted files of one WriteConfigs run, read back.
type configs struct {
	nginx    nginxConf
	caddy    caddyConf
	gotab    *hintmw.Table
	headers  []headersRule
	manifest *emit.Manifest
	base     string // the base path the configs were written for
}

// readConfigs reads every format's file that exists (site holds _headers, cfg the others).
func readConfigs(t *testing.T, site, cfg string) *configs {
	t.Helper()
	c := &configs{}
	if b, err := os.ReadFile(filepath.Join(cfg, emit.NginxHTTPFile)); err == nil {
		c.nginx = parseNginx(t, string(b))
	}
	if b, err := os.ReadFile(filepath.Join(cfg, emit.CaddyFile)); err == nil {
		c.caddy = parseCaddy(t, string(b))
	}
	if b, err := os.ReadFile(filepath.Join(cfg, "preloadhints.go")); err == nil {
		c.gotab = parseGoTable(t, b)
	}
	if b, err := os.ReadFile(filepath.Join(site, "_headers")); err == nil {
		c.headers = parseHeaders(t, string(b))
	}
	if m, err := emit.ReadManifest(filepath.Join(cfg, emit.ManifestFile)); err == nil {
		c.manifest = m
	}
	return c
}

// links returns the Link values format gives page (a site path), checking that each of
// the page's request paths gets the same.
func (c *configs) links(t *testing.T, format, page string) []string {
	t.Helper()
	var paths []string
	if dir, ok := strings.CutSuffix(page, "index.html"); ok && strings.HasSuffix(dir, "/") {
		paths = []string{dir, page}
	} else {
		paths = []string{page}
	}
	var out []string
	for i, p := range paths {
		var got []string
		switch format {
		case "nginx":
			got = c.nginx.lookup(c.base + page) // $uri is the file's path after the index redirect
		case "caddy":
			got = c.caddy.lookup(c.base + p)
		case "go":
			got = c.gotab.Lookup(c.base + p)
		case "headers":
			esc := strictPath(c.base + p)
			got = effectiveLinks(c.headers, esc, cloudflare)
			if n := effectiveLinks(c.headers, esc, netlify); strings.Join(n, "\n") != strings.Join(got, "\n") {
				t.Errorf("_headers: %s: Netlify sends %q, Cloudflare %q", p, n, got)
			}
		case "json":
			got = c.manifest.Links(page)
		default:
			t.Fatalf("unknown format %q", format)
		}
		if i == 0 {
			out = got
		} else if strings.Join(got, "\n") != strings.Join(out, "\n") {
			t.Errorf("%s: %s gets %q, %s gets %q", format, paths[0], out, p, got)
		}
	}
	return out
}

// strictPath percent-encodes p as the _headers rules spell paths (emit's escapedPath):
// every byte but unreserved ones, "/" and ! ' ( ) * : @ & = +. A browser leaves some of
// those raw (a $, say); such a page's rule then does not match its request on the hosts,
// as before grouping: a missed hint, never a wrong one.
func strictPath(p string) string {
	p = (&url.URL{Path: p}).EscapedPath()
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '%' {
			b.WriteString(p[i : i+3]) // EscapedPath writes valid escapes only
			i += 2
		} else if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/!'()*:@&=+", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// nginxConf is the two maps of nginx-http.conf.
type nginxConf struct {
	exact map[string]string
	re    []*regexp.Regexp
	reSet []string
	def   string
	links map[string]string
}

// nginxUnquote reads a double-quoted nginx string as nginx does: \" \' \\ lose their
// backslash, other escapes stay.
func nginxUnquote(t *testing.T, s string) string {
	t.Helper()
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		t.Fatalf("nginx: not a quoted string: %q", s)
	}
	s = s[1 : len(s)-1]
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(`"'\`, s[i+1]) >= 0 {
			i++
		} else if s[i] == '"' {
			t.Fatalf("nginx: unescaped quote in %q", s)
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// splitNginxEntry splits `"key" value;` at the space after the quoted key.
func splitNginxEntry(t *testing.T, line string) (string, string) {
	t.Helper()
	line = strings.TrimSuffix(strings.TrimSpace(line), ";")
	if !strings.HasPrefix(line, `"`) {
		k, v, _ := strings.Cut(line, " ")
		return k, v
	}
	for i := 1; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '"':
			return nginxUnquote(t, line[:i+1]), strings.TrimSpace(line[i+1:])
		}
	}
	t.Fatalf("nginx: unterminated key in %q", line)
	return "", ""
}

func parseNginx(t *testing.T, conf string) nginxConf {
	t.Helper()
	n := nginxConf{exact: map[string]string{}, links: map[string]string{}}
	block := ""
	for _, line := range strings.Split(conf, "\n") {
		switch {
		case line == "map $uri $preloadgen_set {":
			block = "set"
		case line == "map $preloadgen_set $preloadgen_link {":
			block = "link"
		case line == "}":
			block = ""
		case block == "set":
			k, v := splitNginxEntry(t, line)
			switch {
			case k == "default":
				n.def = v
			case strings.HasPrefix(k, "~"):
				re, err := regexp.Compile(k[1:])
				if err != nil {
					t.Fatalf("nginx: regexp %q: %v", k, err)
				}
				n.re, n.reSet = append(n.re, re), append(n.reSet, v)
			default:
				n.exact[strings.ToLower(k)] = v // nginx compares strings ignoring case
			}
		case block == "link":
			k, v := splitNginxEntry(t, line)
			if k != "default" {
				n.links[k] = nginxUnquote(t, v)
			}
		}
	}
	return n
}

// lookup applies nginx's map precedence: exact keys (ignoring case, as nginx does), then
// regexps in written order, then the default.
func (n nginxConf) lookup(uri string) []string {
	set, ok := n.exact[strings.ToLower(uri)]
	for i := 0; !ok && i < len(n.re); i++ {
		if n.re[i].MatchString(uri) {
			set, ok = n.reSet[i], true
		}
	}
	if !ok {
		set = n.def
	}
	v := n.links[set]
	if v == "" {
		return nil
	}
	parts := strings.Split(v, ", <")
	for i := 1; i < len(parts); i++ {
		parts[i] = "<" + parts[i]
	}
	return parts
}

// caddyConf is the snippet's handlers in order.
type caddyConf struct {
	matchers map[string]func(p string) bool
	steps    []caddyStep
}

type caddyStep struct {
	matcher string
	set     string // vars: the value set
	link    string // header: the Link value added
}

func parseCaddy(t *testing.T, conf string) caddyConf {
	t.Helper()
	c := caddyConf{matchers: map[string]func(string) bool{}}
	varsRE := regexp.MustCompile("^\tvars (@\\S+) preloadgen_set (\\d+)$")
	for _, line := range strings.Split(conf, "\n") {
		if !strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "\t\t") {
			continue
		}
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[1] == "path_regexp" && strings.HasPrefix(f[0], "@"):
			src := strings.TrimSpace(strings.TrimPrefix(line, "\t"+f[0]+" path_regexp"))
			re, err := regexp.Compile(strings.Trim(src, "`"))
			if err != nil {
				t.Fatalf("caddy: %q: %v", line, err)
			}
			c.matchers[f[0]] = re.MatchString
		case len(f) >= 3 && f[1] == "path" && strings.HasPrefix(f[0], "@"):
			want := map[string]bool{}
			for _, q := range f[2:] {
				p, err := strconv.Unquote(q)
				if err != nil {
					t.Fatalf("caddy: %q: %v", line, err)
				}
				want[strings.ToLower(p)] = true
			}
			c.matchers[f[0]] = func(p string) bool { return want[strings.ToLower(p)] }
		case len(f) == 4 && f[1] == "vars" && f[2] == "preloadgen_set" && strings.HasPrefix(f[0], "@"):
			set := f[3]
			c.matchers[f[0]] = func(string) bool { return false }
			c.steps = append(c.steps, caddyStep{matcher: f[0], set: "=" + set})
		case varsRE.MatchString(line):
			m := varsRE.FindStringSubmatch(line)
			c.steps = append(c.steps, caddyStep{matcher: m[1], set: m[2]})
		case len(f) >= 4 && f[0] == "header" && f[2] == "+Link":
			v := strings.TrimSuffix(strings.TrimPrefix(line, "\theader "+f[1]+" +Link `"), "`")
			c.steps = append(c.steps, caddyStep{matcher: f[1], link: v})
		}
	}
	return c
}

// lookup runs the route's handlers in order: vars handlers set the request's set, and a
// header handler whose matcher is "vars preloadgen_set N" adds its Link when the set is N.
func (c caddyConf) lookup(p string) []string {
	set := ""
	var out []string
	setOf := map[string]string{}
	for _, s := range c.steps {
		if strings.HasPrefix(s.set, "=") {
			setOf[s.matcher] = s.set[1:]
			continue
		}
		if s.set != "" {
			if m := c.matchers[s.matcher]; m != nil && m(p) {
				set = s.set
			}
			continue
		}
		if want, ok := setOf[s.matcher]; ok && want == set {
			out = append(out, s.link)
		}
	}
	return out
}

// parseGoTable reads the generated file's table literal into a hintmw.Table.
func parseGoTable(t *testing.T, src []byte) *hintmw.Table {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "preloadhints.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	tab := &hintmw.Table{}
	str := func(e ast.Expr) string {
		s, err := strconv.Unquote(e.(*ast.BasicLit).Value)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	num := func(e ast.Expr) int {
		n, err := strconv.Atoi(e.(*ast.BasicLit).Value)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	intMap := func(e ast.Expr) map[string]int {
		m := map[string]int{}
		for _, kv := range e.(*ast.CompositeLit).Elts {
			kv := kv.(*ast.KeyValueExpr)
			m[str(kv.Key)] = num(kv.Value)
		}
		return m
	}
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "table" {
			return true
		}
		found = true
		lit := vs.Values[0].(*ast.UnaryExpr).X.(*ast.CompositeLit)
		for _, e := range lit.Elts {
			kv := e.(*ast.KeyValueExpr)
			switch kv.Key.(*ast.Ident).Name {
			case "Sets":
				for _, s := range kv.Value.(*ast.CompositeLit).Elts {
					var links []string
					if cl, ok := s.(*ast.CompositeLit); ok {
						for _, v := range cl.Elts {
							links = append(links, str(v))
						}
					}
					tab.Sets = append(tab.Sets, links)
				}
			case "Dirs":
				tab.Dirs = intMap(kv.Value)
			case "Paths":
				tab.Paths = intMap(kv.Value)
			}
		}
		return false
	})
	if !found {
		t.Fatal("go: no table in the generated file")
	}
	return tab
}

// headersRule is one rule of preloadgen's _headers section.
type headersRule struct {
	path   string
	links  []string
	detach bool              // a "! Link" line
	re     [2]*regexp.Regexp // per host, compiled on first use
}

func parseHeaders(t *testing.T, file string) []headersRule {
	t.Helper()
	var rules []headersRule
	in := false
	for _, line := range strings.Split(file, "\n") {
		switch {
		case strings.HasPrefix(line, "# preloadgen:begin"):
			in = true
		case strings.TrimSpace(line) == "# preloadgen:end":
			in = false
		case !in || line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "/"):
			rules = append(rules, headersRule{path: line})
		case len(rules) == 0:
			t.Fatalf("_headers: header line before a path: %q", line)
		case strings.HasPrefix(line, "  Link: "):
			r := &rules[len(rules)-1]
			r.links = append(r.links, strings.TrimPrefix(line, "  Link: "))
		case strings.TrimSpace(line) == "! Link":
			rules[len(rules)-1].detach = true
		default:
			t.Fatalf("_headers: unexpected line %q", line)
		}
	}
	return rules
}

// host is a _headers host's rule matching.
type host int

const (
	// cloudflare: the rule becomes ^pattern$, "*" is .* and ":name" a segment, case
	// matters (workers-sdk, pages-shared/asset-server/rulesEngine.ts).
	cloudflare host = iota
	// netlify: segments joined by "/", a standalone "*" segment is "?(.*)", ":name" a
	// segment, then "/?$", case ignored (netlify/build, headers-parser/src/for_regexp.ts).
	netlify
)

var placeholderRE = regexp.MustCompile(`:[A-Za-z]\w*`)

func (h host) pattern(rule string) *regexp.Regexp {
	if h == cloudflare {
		parts := strings.Split(rule, "*")
		for i, p := range parts {
			parts[i] = placeholderRE.ReplaceAllString(regexp.QuoteMeta(p), `[^/]+`)
		}
		return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
	}
	var segs []string
	for _, s := range strings.Split(rule, "/") {
		switch {
		case s == "":
		case strings.HasPrefix(s, ":"):
			segs = append(segs, "([^/]+)")
		case s == "*":
			segs = append(segs, "?(.*)")
		default:
			segs = append(segs, strings.ReplaceAll(regexp.QuoteMeta(s), `\*`, "(.*)"))
		}
	}
	return regexp.MustCompile("(?i)^/" + strings.Join(segs, "/") + "/?$")
}

// effectiveLinks merges the Link values of every rule that matches path, in file order, as
// both hosts document: a header set by several rules has all their values. A "! Link" line
// (Cloudflare) drops what earlier rules set.
func effectiveLinks(rules []headersRule, path string, h host) []string {
	var out []string
	for i := range rules {
		r := &rules[i]
		if r.re[h] == nil {
			r.re[h] = h.pattern(r.path)
		}
		if r.re[h].MatchString(path) {
			if r.detach && h == cloudflare {
				out = nil
			}
			out = append(out, r.links...)
		}
	}
	return out
}
