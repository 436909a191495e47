package parse

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseJS(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []JSImport
	}{
		{"static", `import {a} from "./a.js"; import b from '/b.js'; import "./side.js"; console.log(a,b)`,
			[]JSImport{{"./a.js", JSStatic}, {"/b.js", JSStatic}, {"./side.js", JSStatic}}},
		{"export from", `export * from "./x.js"; export { y } from "./y.js";`,
			[]JSImport{{"./x.js", JSStatic}, {"./y.js", JSStatic}}},
		{"dynamic", `button.onclick = () => import("./route.js");`, []JSImport{{"./route.js", JSDynamic}}},
		{"new URL", "const w = new Worker(new URL('./worker.js', import.meta.url));",
			[]JSImport{{"./worker.js", JSURL}}},
		{"other origin and bare", `import "https://cdn.example/x.js"; import React from "react"; React`,
			[]JSImport{{"https://cdn.example/x.js", JSStatic}, {"react", JSStatic}}},
		{"in string not import", `const s = "import x from './no.js'";`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ParseJS([]byte(tt.src), "t.js")
			if len(m.Diagnostics) > 0 {
				t.Fatalf("diagnostics: %+v", m.Diagnostics)
			}
			if !reflect.DeepEqual(m.Imports, tt.want) {
				t.Errorf("imports = %+v, want %+v", m.Imports, tt.want)
			}
		})
	}
}

func TestParseJSSyntaxError(t *testing.T) {
	m := ParseJS([]byte("import './a.js';\nlet x = ;\n"), "assets/bad.js")
	if len(m.Diagnostics) != 1 {
		t.Fatalf("diagnostics = %+v", m.Diagnostics)
	}
	if got := m.Diagnostics[0].Format("assets/bad.js"); !strings.HasPrefix(got, "assets/bad.js:2:9: ") {
		t.Errorf("diagnostic = %q", got)
	}
}
