package main

// The speculation flags that build and watch share, and their settings-file keys.

import (
	"flag"
	"fmt"
	"strings"

	"github.com/preloadgen/preloadgen/speculate"
)

type speculationFlags struct {
	mode, via, eagerness, exclude, noPrerender *string
	query                                      *bool
}

func addSpeculationFlags(fs *flag.FlagSet) speculationFlags {
	return speculationFlags{
		mode:        fs.String("speculation", "off", "speculation rules from the site's links: `KIND` prefetch, prerender or off"),
		via:         fs.String("speculation-via", "inline", "how pages get the rules: inline (a script in each page) or header (one rules file and a Speculation-Rules header in the server configs)"),
		eagerness:   fs.String("speculation-eagerness", "", "eagerness of the rules (default moderate for prefetch, conservative for prerender)"),
		exclude:     fs.String("speculation-exclude", "", "comma-separated `GLOBS` of pages never speculated (site paths or URL paths, \"**\" for any number of segments)"),
		noPrerender: fs.String("speculation-no-prerender", "", "comma-separated `GLOBS` of scripts: pages loading one are prefetched, never prerendered"),
		query:       fs.Bool("speculation-query", false, "speculate on links with a query string too"),
	}
}

// resolve returns the speculation options, taking the settings file's values for the flags
// the command line did not set.
func (f speculationFlags) resolve(fs *flag.FlagSet, fc *fileConfig) (speculate.Options, error) {
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	pick := func(flagName string, v *string, file *string) string {
		if file != nil && !set[flagName] {
			return *file
		}
		return *v
	}
	var o speculate.Options
	var err error
	if o.Mode, err = speculate.ParseMode(pick("speculation", f.mode, fc.Speculation)); err != nil {
		return o, usageError{"-speculation: " + err.Error()}
	}
	if o.Via, err = speculate.ParseVia(pick("speculation-via", f.via, fc.SpeculationVia)); err != nil {
		return o, usageError{"-speculation-via: " + err.Error()}
	}
	if o.Eagerness, err = speculate.ParseEagerness(pick("speculation-eagerness", f.eagerness, fc.SpeculationEagerness)); err != nil {
		return o, usageError{"-speculation-eagerness: " + err.Error()}
	}
	o.Exclude = splitList(*f.exclude)
	if fc.SpeculationExclude != nil && !set["speculation-exclude"] {
		o.Exclude = fc.SpeculationExclude
	}
	o.NoPrerender = splitList(*f.noPrerender)
	if fc.SpeculationNoPrerender != nil && !set["speculation-no-prerender"] {
		o.NoPrerender = fc.SpeculationNoPrerender
	}
	o.AllowQuery = *f.query
	if fc.SpeculationQuery != nil && !set["speculation-query"] {
		o.AllowQuery = *fc.SpeculationQuery
	}
	for _, g := range append(append([]string(nil), o.Exclude...), o.NoPrerender...) {
		if err := checkGlob(g); err != nil {
			return o, usageError{"-speculation: " + err.Error()}
		}
	}
	return o, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// checkGlob checks a glob of the speculation lists: a path ("/search/**") or a URL.
func checkGlob(g string) error {
	if !strings.HasPrefix(g, "/") && !strings.Contains(g, "://") {
		return fmt.Errorf("glob %q must start with / (or be a URL)", g)
	}
	return checkLCPSelector(strings.TrimPrefix(g, strings.SplitN(g, "/", 2)[0]), "*")
}
