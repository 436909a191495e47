//go:build unix

package npm

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/internal/testenv"
)

// lockfile is what the tests read of a package-lock.json (lockfileVersion 2 or 3).
type lockfile struct {
	LockfileVersion int                    `json:"lockfileVersion"`
	Packages        map[string]lockPackage `json:"packages"`
}

type lockPackage struct {
	Version     string          `json:"version"`
	Extraneous  bool            `json:"extraneous"`
	Optional    bool            `json:"optional"`
	DevOptional bool            `json:"devOptional"`
	OS          []string        `json:"os"`
	CPU         []string        `json:"cpu"`
	Engines     json.RawMessage `json:"engines"` // an object; an array in a few old packages
}

// node is the package's "engines" range for Node, "" if it names none.
func (p lockPackage) node() string {
	var e map[string]string
	json.Unmarshal(p.Engines, &e) // an array names no range for Node
	return e["node"]
}

func readLockfile(path string) (*lockfile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var l lockfile
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if l.LockfileVersion < 2 || l.Packages == nil {
		return nil, fmt.Errorf("%s: lockfileVersion %d without \"packages\"; regenerate it with npm 7 or later", path, l.LockfileVersion)
	}
	return &l, nil
}

// TestLockfiles checks every package-lock.json of the repository (the test projects here and
// the corpus generators') for what makes npm ci differ between npm versions: a package that
// is in the lockfile but needed by nothing ("extraneous": npm 10 and later skip it, npm 9
// installs it and stops with EBADPLATFORM when it is fsevents on Linux), and a package
// limited to some platforms that is not marked optional (npm ci fails on every other
// platform). `npm install --package-lock-only` in the project rewrites the lockfile right.
func TestLockfiles(t *testing.T) {
	var paths []string
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if d.Name() == "package-lock.json" {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < len(projects) {
		t.Fatalf("found %d lockfiles (%v), want at least the %d test projects'", len(paths), paths, len(projects))
	}
	for _, p := range paths {
		l, err := readLockfile(p)
		if err != nil {
			t.Error(err)
			continue
		}
		for name, pkg := range l.Packages {
			if pkg.Extraneous {
				t.Errorf("%s: %s %s is extraneous (npm 9's npm ci installs it); run npm install --package-lock-only there", p, name, pkg.Version)
			}
			if (len(pkg.OS) > 0 || len(pkg.CPU) > 0) && !pkg.Optional && !pkg.DevOptional {
				t.Errorf("%s: %s %s is limited to os %v cpu %v but not optional: npm ci fails on other platforms", p, name, pkg.Version, pkg.OS, pkg.CPU)
			}
		}
	}
}

// nodeSatisfies reports whether the Node version v ("v18.20.4" or "18.20.4") is in the
// range of a package.json "engines" field, in the subset of npm's range syntax that such
// fields use: alternatives joined by ||, each a space-separated list of comparators
// (^1.2.3, ~1.2, >=18, >20.3.0, <=22, <23, =18.0.0, 18, 18.x, *).
func nodeSatisfies(v, rng string) (bool, error) {
	have, err := parseVersion(strings.TrimPrefix(strings.TrimSpace(v), "v"))
	if err != nil || have.parts < 3 {
		return false, fmt.Errorf("node version %q: not X.Y.Z", v)
	}
	for _, alt := range strings.Split(rng, "||") {
		var cs []string
		fields := strings.Fields(alt)
		for i := 0; i < len(fields); i++ {
			switch {
			case i+2 < len(fields) && fields[i+1] == "-": // 1.2.3 - 2.3.4
				cs = append(cs, ">="+fields[i], "<="+fields[i+2])
				i += 2
			case strings.Trim(fields[i], "<>=^~") == "" && i+1 < len(fields): // ">= 20.19.0"
				cs = append(cs, fields[i]+fields[i+1])
				i++
			default:
				cs = append(cs, fields[i])
			}
		}
		ok := true
		for _, c := range cs {
			in, err := comparator(have.v, c)
			if err != nil {
				return false, fmt.Errorf("engines range %q: %w", rng, err)
			}
			ok = ok && in
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

// version is a version as written in a range: up to three numbers (parts says how many
// were given; "18" and "18.x" have one).
type version struct {
	v     [3]int
	parts int
}

func parseVersion(s string) (version, error) {
	s, _, _ = strings.Cut(s, "-") // Node's versions have no pre-release part to compare
	s, _, _ = strings.Cut(s, "+")
	var out version
	if s == "*" || s == "x" || s == "X" {
		return out, nil
	}
	for i, f := range strings.Split(s, ".") {
		if i > 2 {
			return out, fmt.Errorf("version %q has more than three parts", s)
		}
		if f == "x" || f == "X" || f == "*" {
			break
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return out, fmt.Errorf("version %q: part %q is not a number", s, f)
		}
		out.v[i] = n
		out.parts = i + 1
	}
	return out, nil
}

func cmpVersion(a, b [3]int) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// next is the first version past every version that w, as given, names: 18 -> 19.0.0,
// 18.3 -> 18.4.0, 18.3.1 -> 18.3.2.
func (w version) next() [3]int {
	n := w.v
	if w.parts == 0 {
		return [3]int{1 << 30}
	}
	n[w.parts-1]++
	for i := w.parts; i < 3; i++ {
		n[i] = 0
	}
	return n
}

func comparator(have [3]int, c string) (bool, error) {
	op := ""
	for _, o := range []string{">=", "<=", ">", "<", "=", "^", "~"} {
		if strings.HasPrefix(c, o) {
			op, c = o, strings.TrimSpace(c[len(o):])
			break
		}
	}
	w, err := parseVersion(c)
	if err != nil {
		return false, err
	}
	between := func(lo, hi [3]int) bool { return cmpVersion(have, lo) >= 0 && cmpVersion(have, hi) < 0 }
	switch op {
	case ">=":
		return cmpVersion(have, w.v) >= 0, nil
	case ">":
		return cmpVersion(have, w.next()) >= 0, nil
	case "<":
		return cmpVersion(have, w.v) < 0, nil
	case "<=":
		return cmpVersion(have, w.next()) < 0, nil
	case "^":
		// Up to the next change of the first non-zero part given.
		upper := version{v: w.v, parts: 1}
		for i := 0; i < w.parts-1 && w.v[i] == 0; i++ {
			upper.parts = i + 2
		}
		if w.parts == 0 {
			return true, nil
		}
		return between(w.v, upper.next()), nil
	case "~":
		upper := version{v: w.v, parts: min(max(w.parts, 1), 2)}
		if w.parts == 0 {
			return true, nil
		}
		return between(w.v, upper.next()), nil
	default: // "=" or none: exactly the version, or every version the partial one names
		return between(w.v, w.next()), nil
	}
}

// checkNode fails (or, outside CI, skips) the test when the Node on PATH is outside the
// range the project's tool asks for in its "engines" field, naming both, so that an old
// Node is reported as that and not as whatever the tool's build breaks on.
func checkNode(t *testing.T, p project, nodeVersion string) {
	t.Helper()
	l, err := readLockfile(filepath.Join("testdata", p.tool, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	pkg, ok := l.Packages["node_modules/"+p.pkg]
	if !ok {
		t.Fatalf("testdata/%s/package-lock.json: no node_modules/%s", p.tool, p.pkg)
	}
	rng := pkg.node()
	if rng == "" {
		return
	}
	ok, err = nodeSatisfies(nodeVersion, rng)
	if err != nil {
		t.Fatalf("testdata/%s/package-lock.json: %s %s: %v", p.tool, p.pkg, pkg.Version, err)
	}
	if !ok {
		testenv.Missing(t, "%s %s needs Node %s (its engines field); the node on PATH is %s: install a Node in that range (Debian 12's nodejs 18.20 is)", p.pkg, pkg.Version, rng, nodeVersion)
	}
}

func TestNodeSatisfies(t *testing.T) {
	for _, tc := range []struct {
		node, rng string
		want      bool
	}{
		// The test projects' tools.
		{"v18.20.4", "^18.0.0 || ^20.0.0 || >=22.0.0", true}, // Vite 6.4
		{"v19.9.0", "^18.0.0 || ^20.0.0 || >=22.0.0", false},
		{"v21.7.3", "^18.0.0 || ^20.0.0 || >=22.0.0", false},
		{"v24.1.0", "^18.0.0 || ^20.0.0 || >=22.0.0", true},
		{"v18.20.4", ">=18", true}, // Eleventy 3.1
		{"v16.20.2", ">=18", false},
		{"v18.20.4", "^18.17.1 || ^20.3.0 || >=22.0.0", true}, // Astro 5.7
		{"v18.17.0", "^18.17.1 || ^20.3.0 || >=22.0.0", false},
		{"v20.3.0", "^18.17.1 || ^20.3.0 || >=22.0.0", true},
		{"v18.20.4", "18.20.8 || ^20.3.0 || >=22.0.0", false}, // Astro 5.8 and later
		{"v18.20.8", "18.20.8 || ^20.3.0 || >=22.0.0", true},
		{"v20.18.3", "^20.19.0 || >=22.12.0", false}, // Vite 7
		{"v22.12.0", "^20.19.0 || >=22.12.0", true},
		// The rest of the syntax engines fields use.
		{"v20.19.0", ">= 20.19.0", true},
		{"v20.18.0", ">= 20.19.0", false},
		{"v20.1.0", "20 || >=22", true},
		{"v21.0.0", "20 || >=22", false},
		{"v18.20.4", "18.x", true},
		{"v18.20.4", "18.20", true},
		{"v18.21.0", "18.20", false},
		{"v18.20.4", "~18.20.1", true},
		{"v18.21.0", "~18.20.1", false},
		{"v18.20.4", ">18", false},
		{"v19.0.0", ">18", true},
		{"v18.20.4", ">18.20.3", true},
		{"v18.20.4", "<=18", true},
		{"v19.0.0", "<=18", false},
		{"v18.20.4", "<18", false},
		{"v18.20.4", ">=16 <19", true},
		{"v19.0.0", ">=16 <19", false},
		{"v18.20.4", "16 - 18", true},
		{"v19.0.0", "16 - 18", false},
		{"v0.10.48", "^0.10.0", true},
		{"v0.11.0", "^0.10.0", false},
		{"v18.20.4", "*", true},
		{"v18.20.4", "", true},
	} {
		got, err := nodeSatisfies(tc.node, tc.rng)
		if err != nil || got != tc.want {
			t.Errorf("nodeSatisfies(%q, %q) = %v, %v; want %v", tc.node, tc.rng, got, err, tc.want)
		}
	}
	for _, rng := range []string{">=eighteen", "1.2.3.4", ">=18.y"} {
		if _, err := nodeSatisfies("v18.20.4", rng); err == nil {
			t.Errorf("nodeSatisfies(_, %q): no error", rng)
		}
	}
}
