// JS reading. esbuild's public API is asked to bundle one module from memory with a resolve
// plugin that marks every import external: esbuild then parses just that file, reports
// syntax errors with positions, and lists its imports in the metafile in source order with
// their kind (static import or export-from, dynamic import()). Resolution against the site
// is left to the caller, which knows the site root, <base href> and other origins.
// `new URL("./x", import.meta.url)` is not an import to esbuild, so those are found by a
// small scan over the source.

package parse

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
)

// JSImportKind says how a module refers to another file.
type JSImportKind int

const (
	JSStatic  JSImportKind = iota + 1 // import ... from, export ... from, import "x"
	JSDynamic                         // import("x")
	JSURL                             // new URL("x", import.meta.url)
)

func (k JSImportKind) String() string {
	switch k {
	case JSStatic:
		return "static"
	case JSDynamic:
		return "dynamic"
	case JSURL:
		return "url"
	}
	return "?"
}

// JSImport is one reference from a module.
type JSImport struct {
	Specifier string
	Kind      JSImportKind
}

// Module is what the engine knows about one JS module.
type Module struct {
	Imports []JSImport
	// Diagnostics carry esbuild's messages; Line and Col are 1-based.
	Diagnostics []JSDiagnostic
}

// JSDiagnostic is an esbuild error with its position.
type JSDiagnostic struct {
	Line, Col int
	Message   string
}

var newURLPattern = regexp.MustCompile(`new\s+URL\s*\(\s*(?:"([^"\n]+)"|'([^'\n]+)'|` + "`([^`$\\n]+)`" + `)\s*,\s*import\.meta\.url\s*\)`)

// ParseJS reads an ES module. name labels messages. It never fails: a syntax error is a
// diagnostic, and what could be read is returned.
func ParseJS(src []byte, name string) *Module {
	m := &Module{}
	var mu sync.Mutex
	plugin := api.Plugin{
		Name: "preloadgen-external",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				mu.Lock()
				defer mu.Unlock()
				return api.OnResolveResult{Path: args.Path, External: true}, nil
			})
		},
	}
	res := api.Build(api.BuildOptions{
		Stdin: &api.StdinOptions{
			Contents:   string(src),
			Sourcefile: name,
			Loader:     api.LoaderJS,
		},
		Bundle:   true,
		Write:    false,
		Metafile: true,
		Format:   api.FormatESModule,
		Platform: api.PlatformBrowser,
		LogLevel: api.LogLevelSilent,
		Plugins:  []api.Plugin{plugin},
		Outfile:  "out.js",
	})
	for _, e := range res.Errors {
		d := JSDiagnostic{Message: e.Text}
		if e.Location != nil {
			d.Line, d.Col = e.Location.Line, e.Location.Column+1
		}
		m.Diagnostics = append(m.Diagnostics, d)
	}
	if res.Metafile != "" {
		var meta struct {
			Inputs map[string]struct {
				Imports []struct {
					Path     string `json:"path"`
					Kind     string `json:"kind"`
					Original string `json:"original"`
				} `json:"imports"`
			} `json:"inputs"`
		}
		if err := json.Unmarshal([]byte(res.Metafile), &meta); err == nil {
			for _, in := range meta.Inputs {
				for _, imp := range in.Imports {
					spec := imp.Original
					if spec == "" {
						spec = imp.Path
					}
					switch imp.Kind {
					case "import-statement":
						m.Imports = append(m.Imports, JSImport{Specifier: spec, Kind: JSStatic})
					case "dynamic-import":
						m.Imports = append(m.Imports, JSImport{Specifier: spec, Kind: JSDynamic})
					}
				}
			}
		}
	}
	for _, sm := range newURLPattern.FindAllSubmatch(src, -1) {
		spec := string(sm[1]) + string(sm[2]) + string(sm[3])
		m.Imports = append(m.Imports, JSImport{Specifier: strings.TrimSpace(spec), Kind: JSURL})
	}
	return m
}

// Format renders a diagnostic as file:line:col: message.
func (d JSDiagnostic) Format(file string) string {
	return fmt.Sprintf("%s:%d:%d: %s", file, d.Line, d.Col, d.Message)
}
