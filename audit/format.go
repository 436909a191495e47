package audit

import (
	"fmt"
	"io"
	"path"
	"strings"
)

// where prints a finding's place: page[:line:col], the page as a path relative to the site.
func (f Finding) where() string {
	p := strings.TrimPrefix(f.Page, "/")
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d:%d", p, f.Line, f.Col)
	}
	return p
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// counts renders error, warning and info counts, leaving out zeros ("no findings" when all are).
func counts(e, w, i int) string {
	var parts []string
	if e > 0 {
		parts = append(parts, plural(e, "error"))
	}
	if w > 0 {
		parts = append(parts, plural(w, "warning"))
	}
	if i > 0 {
		parts = append(parts, plural(i, "info"))
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return strings.Join(parts, ", ")
}

// Group is one finding as it repeats over pages: the same rule and severity, the same
// resource (for a finding about no resource, the same tag) and the same message. A head
// that a site's pages share repeats its findings on every page; they are one group each.
type Group struct {
	Finding           // where it was found first (by page, line, column)
	Places  []Finding // every place, the first included, in that order
	Pages   int       // the distinct pages among them
}

func (f Finding) groupKey() string {
	what := f.URL
	if what == "" {
		what = f.Element
	}
	return strings.Join([]string{f.Rule, f.Severity.String(), what, f.Why, f.Fix}, "\x00")
}

// Groups groups the findings of res (see Group), in the order of their first place.
func (res *Result) Groups() []Group {
	var gs []Group
	at := map[string]int{}
	for _, f := range res.Findings {
		k := f.groupKey()
		i, ok := at[k]
		if !ok {
			i = len(gs)
			at[k] = i
			gs = append(gs, Group{Finding: f})
		}
		gs[i].Places = append(gs[i].Places, f)
	}
	for i := range gs {
		seen := map[string]bool{}
		for _, f := range gs[i].Places {
			seen[f.Page] = true
		}
		gs[i].Pages = len(seen)
	}
	return gs
}

// TextOptions shape WriteText's output.
type TextOptions struct {
	// AllPlaces lists every place of a finding found on several pages; without it a
	// group names its first few (Examples).
	AllPlaces bool
	// Examples is how many places a group names; 0 means 3.
	Examples int
}

// WriteText writes the findings by rule, each rule headed by its counts and each finding
// once (a Group), however many pages repeat it: with the number of pages and a few of
// them, or all of them (TextOptions.AllPlaces). A summary line ends it.
func WriteText(w io.Writer, res *Result, o TextOptions) error {
	if o.Examples <= 0 {
		o.Examples = 3
	}
	var b strings.Builder
	gs := res.Groups()
	for i := 0; i < len(gs); {
		j := i
		var e, wn, in, places int
		for ; j < len(gs) && gs[j].Rule == gs[i].Rule; j++ {
			n := len(gs[j].Places)
			places += n
			switch gs[j].Severity {
			case Error:
				e += n
			case Warning:
				wn += n
			case Info:
				in += n
			}
		}
		head := counts(e, wn, in)
		if j-i < places {
			head += fmt.Sprintf(" (%s, %s)", plural(j-i, "distinct finding"), plural(pagesOf(gs[i:j]), "page"))
		}
		fmt.Fprintf(&b, "%s: %s\n", gs[i].Rule, head)
		for _, g := range gs[i:j] {
			if len(g.Places) == 1 {
				fmt.Fprintf(&b, "  %s: %s: ", g.where(), g.Severity)
			} else {
				fmt.Fprintf(&b, "  %s: %s: ", plural(g.Pages, "page"), g.Severity)
			}
			if g.URL != "" {
				fmt.Fprintf(&b, "%s: ", g.URL)
			}
			fmt.Fprintf(&b, "%s\n", g.Why)
			if g.Element != "" {
				fmt.Fprintf(&b, "      %s\n", g.Element)
			}
			fix := g.Fix
			if g.Fixable {
				fix += " (build -fix does)"
			}
			fmt.Fprintf(&b, "      fix: %s\n", fix)
			if len(g.Places) > 1 {
				b.WriteString(placesText(g.Places, o))
			}
		}
		b.WriteString("\n")
		i = j
	}
	fmt.Fprintf(&b, "%s audited: %s", plural(res.Pages, "page"), counts(res.Errors, res.Warnings, res.Infos))
	if gs := len(gs); gs < len(res.Findings) {
		fmt.Fprintf(&b, " (%s)", plural(gs, "distinct finding"))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// pagesOf counts the distinct pages of the groups.
func pagesOf(gs []Group) int {
	seen := map[string]bool{}
	for _, g := range gs {
		for _, f := range g.Places {
			seen[f.Page] = true
		}
	}
	return len(seen)
}

// placesText renders a group's places: all of them one a line, or the first few on one.
func placesText(fs []Finding, o TextOptions) string {
	var b strings.Builder
	if o.AllPlaces {
		for _, f := range fs {
			fmt.Fprintf(&b, "      at %s\n", f.where())
		}
		return b.String()
	}
	n := min(o.Examples, len(fs))
	ws := make([]string, n)
	for i := range ws {
		ws[i] = fs[i].where()
	}
	b.WriteString("      at " + strings.Join(ws, ", "))
	if more := len(fs) - n; more > 0 {
		fmt.Fprintf(&b, " and %d more (-pages lists them)", more)
	}
	b.WriteString("\n")
	return b.String()
}

// The annotations GitHub shows per step: 10 of each level (error, warning, notice); a job
// shows 50 (github.com/actions/toolkit, docs/problem-matchers.md, "Limitations").
const ghPerLevel = 10

// WriteGitHub writes GitHub Actions workflow commands (::error, ::warning or ::notice),
// one per finding as it repeats over pages (a Group), naming the file as dir joined with
// the page of its first place, so the annotations land on the lines of the built files.
// GitHub shows 10 annotations of a level per step: the groups are annotated in order up
// to that, the last annotation of a level says how many more there are, and those are
// printed as plain lines of the log.
func WriteGitHub(w io.Writer, res *Result, dir string) error {
	var b strings.Builder
	levels := map[Severity]string{Error: "error", Warning: "warning", Info: "notice"}
	bySev := map[Severity][]Group{}
	for _, g := range res.Groups() {
		if levels[g.Severity] != "" {
			bySev[g.Severity] = append(bySev[g.Severity], g)
		}
	}
	for _, sev := range []Severity{Error, Warning, Info} {
		gs := bySev[sev]
		for i, g := range gs {
			msg := g.Why + ". Fix: " + g.Fix
			if g.URL != "" {
				msg = g.URL + ": " + msg
			}
			if len(g.Places) > 1 {
				ws := make([]string, 0, 3)
				for _, f := range g.Places[:min(3, len(g.Places))] {
					ws = append(ws, f.where())
				}
				msg += fmt.Sprintf(" (on %s: %s", plural(g.Pages, "page"), strings.Join(ws, ", "))
				if len(g.Places) > 3 {
					msg += ", ..."
				}
				msg += ")"
			}
			if i >= ghPerLevel {
				fmt.Fprintf(&b, "preloadgen %s: %s: %s: %s\n", g.Rule, levels[sev], ghData(g.where()), ghData(msg))
				continue
			}
			if i == ghPerLevel-1 && len(gs) > ghPerLevel {
				msg += fmt.Sprintf(" [%d more %s findings are in the log: GitHub shows %d per step]", len(gs)-ghPerLevel, levels[sev], ghPerLevel)
			}
			props := []string{"file=" + ghProp(path.Join(dir, strings.TrimPrefix(g.Page, "/")))}
			if g.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", g.Line), fmt.Sprintf("col=%d", g.Col))
			}
			props = append(props, "title="+ghProp("preloadgen "+g.Rule))
			fmt.Fprintf(&b, "::%s %s::%s\n", levels[sev], strings.Join(props, ","), ghData(msg))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes a workflow command's message; ghProp also a property value
// (github.com/actions/toolkit, packages/core/src/command.ts: escapeData, escapeProperty).
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
