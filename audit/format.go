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

// WriteText writes the findings grouped by rule, each group headed by the rule and its
// counts, and a summary line.
func WriteText(w io.Writer, res *Result) error {
	var b strings.Builder
	for i := 0; i < len(res.Findings); {
		j := i
		var e, wn, in int
		for ; j < len(res.Findings) && res.Findings[j].Rule == res.Findings[i].Rule; j++ {
			switch res.Findings[j].Severity {
			case Error:
				e++
			case Warning:
				wn++
			case Info:
				in++
			}
		}
		fmt.Fprintf(&b, "%s: %s\n", res.Findings[i].Rule, counts(e, wn, in))
		for _, f := range res.Findings[i:j] {
			fmt.Fprintf(&b, "  %s: %s: ", f.where(), f.Severity)
			if f.URL != "" {
				fmt.Fprintf(&b, "%s: ", f.URL)
			}
			fmt.Fprintf(&b, "%s\n", f.Why)
			if f.Element != "" {
				fmt.Fprintf(&b, "      %s\n", f.Element)
			}
			fix := f.Fix
			if f.Fixable {
				fix += " (build -fix does)"
			}
			fmt.Fprintf(&b, "      fix: %s\n", fix)
		}
		b.WriteString("\n")
		i = j
	}
	fmt.Fprintf(&b, "%s audited: %s\n", plural(res.Pages, "page"), counts(res.Errors, res.Warnings, res.Infos))
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteGitHub writes one GitHub Actions workflow command per finding (::error, ::warning
// or ::notice), naming the file as dir joined with the page, so the annotations land on
// the lines of the built files.
func WriteGitHub(w io.Writer, res *Result, dir string) error {
	var b strings.Builder
	for _, f := range res.Findings {
		level := map[Severity]string{Error: "error", Warning: "warning", Info: "notice"}[f.Severity]
		if level == "" {
			continue
		}
		props := []string{"file=" + ghProp(path.Join(dir, strings.TrimPrefix(f.Page, "/")))}
		if f.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.Line), fmt.Sprintf("col=%d", f.Col))
		}
		props = append(props, "title="+ghProp("preloadgen "+f.Rule))
		msg := f.Why + ". Fix: " + f.Fix
		if f.URL != "" {
			msg = f.URL + ": " + msg
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(msg))
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
