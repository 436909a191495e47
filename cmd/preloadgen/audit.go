package main

// audit: the thin CLI over package audit. The pages come from the library's analysis, in
// path order; each is audited as it arrives. build -fix uses the same Auditor (newAuditor).

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/audit"
)

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlagSet("audit", stderr)
	format := fs.String("format", "text", "output: text, json (as -json) or github (GitHub Actions annotations)")
	pages := fs.Bool("pages", false, "list every page of a finding that many pages repeat (as -v does)")
	rules := fs.String("rules", "", "rules to turn off or re-rate: `LIST` of -id (off) or id=error|warning|info|off")
	rest, fc, err := c.parse(args, 1, 1)
	if err != nil {
		return err
	}
	switch *format {
	case "text", "json", "github":
	default:
		return usageError{fmt.Sprintf("-format: unknown format %q (want text, json or github)", *format)}
	}
	if c.json {
		*format = "json"
	}
	opts := c.options(rest[0])
	a, err := newAuditor(opts, fc, *rules)
	if err != nil {
		return err
	}
	ares, err := preloadgen.Audit(ctx, opts, a)
	if errors.Is(err, preloadgen.ErrBadOptions) {
		return usageError{err.Error()}
	}
	if err != nil {
		return err
	}
	res, failed := ares.Result, ares.Failed
	diags := ares.Diagnostics
	if c.quiet {
		diags = nil
	}
	printDiagnostics(stderr, &preloadgen.Result{Diagnostics: diags, Failed: failed}, c.verbose)
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(res)
	case "github":
		err = audit.WriteGitHub(stdout, res, rest[0])
	default:
		err = audit.WriteText(stdout, res, audit.TextOptions{AllPlaces: *pages || c.verbose})
	}
	if err != nil {
		return err
	}
	if res.Errors > 0 || len(failed) > 0 {
		return exitError(1)
	}
	return nil
}

// newAuditor returns the Auditor for the site of opts, with the severities of the settings
// file's "audit" object and then of -rules.
func newAuditor(opts preloadgen.Options, fc *fileConfig, rules string) (*audit.Auditor, error) {
	sev := map[string]audit.Severity{}
	names := make([]string, 0, len(fc.Audit))
	for id := range fc.Audit {
		names = append(names, id)
	}
	sort.Strings(names)
	for _, id := range names {
		s, err := audit.ParseSeverity(fc.Audit[id])
		if err != nil {
			return nil, usageError{fmt.Sprintf("settings \"audit\": %s: %v", id, err)}
		}
		sev[id] = s
	}
	for _, item := range strings.Split(rules, ",") {
		item = strings.TrimSpace(item)
		switch {
		case item == "":
		case strings.HasPrefix(item, "-"):
			sev[item[1:]] = audit.Off
		case strings.Contains(item, "="):
			id, v, _ := strings.Cut(item, "=")
			s, err := audit.ParseSeverity(v)
			if err != nil {
				return nil, usageError{fmt.Sprintf("-rules: %s: %v", id, err)}
			}
			sev[strings.TrimSpace(id)] = s
		default:
			return nil, usageError{fmt.Sprintf("-rules: %q: want -%s to turn it off, or %s=error|warning|info|off", item, item, item)}
		}
	}
	a, err := preloadgen.NewAuditor(opts, sev)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return a, nil
}

// addFixFlag adds build's -fix flag.
func addFixFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("fix", false, "also repair the pages' own hint and LCP markup (the safe repairs of audit; see docs/audit.md)")
}

// reportFixes lists the repairs of a build -fix: "fixed" or, with -check, "would fix".
func reportFixes(w io.Writer, res *preloadgen.BuildResult, check bool) {
	verb := "fixed"
	if check {
		verb = "would fix"
	}
	for _, p := range res.Pages {
		for _, f := range p.Fixed {
			fmt.Fprintf(w, "%s: %s:%s\n", verb, strings.TrimPrefix(p.Page, "/"), f)
		}
	}
}
