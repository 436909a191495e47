package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/graph"
)

const usage = `usage: preloadgen <command> [flags] SITE_DIR

commands:
  build     analyse, rewrite pages, write server configs
  analyze   print each page's critical path and the chosen hints; writes nothing
  audit     report hint and LCP markup mistakes in the pages (exit 1 on errors)
  watch     build, then rebuild what a change affects, until interrupted
  serve     serve the site locally with Link headers and 103 Early Hints
  measure   load pages in headless Chromium on an emulated network, A vs B
  version   print the version, VCS revision and Go version of this binary

Run 'preloadgen <command> -h' for a command's flags.
`

// errUsage marks errors that exit with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// command is one subcommand.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// exitError carries an exit status without a message of its own.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func commands() map[string]command {
	return map[string]command{
		"analyze": runAnalyze,
		"analyse": runAnalyze,
		"audit":   runAudit,
		"build":   runBuild,
		"measure": runMeasure,
		"serve":   runServe,
		"version": runVersion,
		"watch":   runWatch,
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	name := args[0]
	if name == "-version" || name == "--version" {
		name = "version"
	}
	if name == "-h" || name == "-help" || name == "--help" || name == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, ok := commands()[name]
	if !ok {
		fmt.Fprintf(stderr, "preloadgen: unknown command %q\n%s", name, usage)
		return 2
	}
	err := cmd(ctx, args[1:], stdout, stderr)
	var ue usageError
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "preloadgen %s: %s\n", name, ue.msg)
		return 2
	case errors.As(err, &ee):
		return int(ee)
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "preloadgen %s: interrupted\n", name)
		return 1
	default:
		fmt.Fprintf(stderr, "preloadgen %s: %v\n", name, err)
		return 1
	}
}

// common holds the flags every command shares.
type common struct {
	fs          *flag.FlagSet
	maxPreloads int
	maxFonts    int
	maxBytes    int64
	yieldBytes  int64
	prefetch    bool
	basePath    string
	config      string
	settings    string // the settings file read, if any
	json        bool
	quiet       bool
	verbose     bool
	lcp         map[string]string // page glob -> selector of the LCP element (settings file)
	// The Early Hints model (docs/early-hints.md). earlyThinkSet: -early-think or the
	// settings file gave the think time (measure otherwise takes its -think).
	earlyThink, earlyRTT time.Duration
	earlyRate            int64
	earlyPriorities      bool
	earlyThinkSet        bool
}

func newFlagSet(name string, stderr io.Writer) (*flag.FlagSet, *common) {
	fs := flag.NewFlagSet("preloadgen "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &common{fs: fs}
	d := graph.DefaultPolicy()
	fs.IntVar(&c.maxPreloads, "max-preloads", d.MaxPreloads, "hints per page and hint set; 0: none")
	fs.IntVar(&c.maxFonts, "max-fonts", d.MaxFonts, "font hints per page; 0: none")
	fs.Int64Var(&c.maxBytes, "max-bytes", d.MaxBytes, "bytes of hinted resources per page beyond the blocking CSS")
	fs.Int64Var(&c.yieldBytes, "yield-bytes", d.YieldBytes, "bytes of hints that neither the first paint nor the LCP needs, per page")
	fs.BoolVar(&c.prefetch, "prefetch", false, "add rel=prefetch hints for dynamic-import chunks")
	p := graph.DefaultPolicy()
	fs.DurationVar(&c.earlyThink, "early-think", p.EarlyThink, "the server's think time before the HTML, after the 103 (Early Hints model)")
	fs.DurationVar(&c.earlyRTT, "early-rtt", p.EarlyRTT, "the visitor's round-trip time (Early Hints model)")
	c.earlyRate = p.EarlyRate
	fs.Func("early-rate", fmt.Sprintf("the visitor's downlink, e.g. 1.6M (Early Hints model; default %s)", rateWord(p.EarlyRate)), func(s string) error {
		v, err := parseRate(s)
		c.earlyRate = v
		return err
	})
	fs.BoolVar(&c.earlyPriorities, "early-priorities", false, "the server sends HTTP/2 streams by the browser's priorities (not Go 1.26, not Caddy 2.11): the LCP image rides in the 103 whatever its size")
	fs.StringVar(&c.basePath, "base-path", "", "URL prefix the site is served under, e.g. /docs")
	fs.StringVar(&c.config, "config", "", "settings file (default SITE_DIR/preloadgen.json if present)")
	fs.BoolVar(&c.json, "json", false, "machine-readable output")
	fs.BoolVar(&c.quiet, "q", false, "quiet")
	fs.BoolVar(&c.verbose, "v", false, "verbose")
	return fs, c
}

// fileConfig is the schema of preloadgen.json. Flags given on the command line win.
type fileConfig struct {
	MaxPreloads *int   `json:"max_preloads"`
	MaxFonts    *int   `json:"max_fonts"`
	MaxBytes    *int64 `json:"max_bytes"`
	YieldBytes  *int64 `json:"yield_bytes"`
	// The Early Hints model: times in milliseconds, the rate in bits per second.
	EarlyThinkMs    *float64 `json:"early_think_ms"`
	EarlyRTTMs      *float64 `json:"early_rtt_ms"`
	EarlyRate       *int64   `json:"early_rate"`
	EarlyPriorities *bool    `json:"early_priorities"`
	Prefetch        *bool    `json:"prefetch"`
	BasePath        *string  `json:"base_path"`
	ConfigDir       *string  `json:"config_dir"`
	Emit            []string `json:"emit"`
	// LCP maps page globs ("/blog/**") to a CSS selector of the pages' LCP element.
	LCP map[string]string `json:"lcp"`
	// Audit maps audit rule ids to a severity (error, warning, info or off).
	Audit map[string]string `json:"audit"`
	// Speculation rules (build and watch; docs/speculation.md).
	Speculation            *string  `json:"speculation"`
	SpeculationVia         *string  `json:"speculation_via"`
	SpeculationEagerness   *string  `json:"speculation_eagerness"`
	SpeculationExclude     []string `json:"speculation_exclude"`
	SpeculationNoPrerender []string `json:"speculation_no_prerender"`
	SpeculationQuery       *bool    `json:"speculation_query"`
}

// parse parses args, which must leave exactly nargs (min..max) positional arguments, and
// applies the config file.
func (c *common) parse(args []string, minArgs, maxArgs int) ([]string, *fileConfig, error) {
	if err := c.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, err
		}
		return nil, nil, usageError{err.Error()}
	}
	rest := c.fs.Args()
	if len(rest) < minArgs || len(rest) > maxArgs {
		return nil, nil, usageError{fmt.Sprintf("expected %s, got %d arguments", argWord(minArgs, maxArgs), len(rest))}
	}
	set := map[string]bool{}
	c.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	cfgPath := c.config
	if cfgPath == "" && len(rest) > 0 {
		p := filepath.Join(rest[0], "preloadgen.json")
		if _, err := os.Stat(p); err == nil {
			cfgPath = p
		}
	}
	fc := &fileConfig{}
	c.settings = cfgPath
	if cfgPath != "" {
		b, err := os.ReadFile(cfgPath)
		if err != nil {
			return nil, nil, usageError{err.Error()}
		}
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(fc); err != nil {
			return nil, nil, usageError{fmt.Sprintf("%s: %v", cfgPath, err)}
		}
		if fc.MaxPreloads != nil && !set["max-preloads"] {
			c.maxPreloads = *fc.MaxPreloads
		}
		if fc.MaxFonts != nil && !set["max-fonts"] {
			c.maxFonts = *fc.MaxFonts
		}
		if fc.MaxBytes != nil && !set["max-bytes"] {
			c.maxBytes = *fc.MaxBytes
		}
		if fc.YieldBytes != nil && !set["yield-bytes"] {
			c.yieldBytes = *fc.YieldBytes
		}
		if fc.Prefetch != nil && !set["prefetch"] {
			c.prefetch = *fc.Prefetch
		}
		if fc.EarlyThinkMs != nil && !set["early-think"] {
			c.earlyThink, c.earlyThinkSet = time.Duration(*fc.EarlyThinkMs*float64(time.Millisecond)), true
		}
		if fc.EarlyRTTMs != nil && !set["early-rtt"] {
			c.earlyRTT = time.Duration(*fc.EarlyRTTMs * float64(time.Millisecond))
		}
		if fc.EarlyRate != nil && !set["early-rate"] {
			c.earlyRate = *fc.EarlyRate
		}
		if fc.EarlyPriorities != nil && !set["early-priorities"] {
			c.earlyPriorities = *fc.EarlyPriorities
		}
		if fc.BasePath != nil && !set["base-path"] {
			c.basePath = *fc.BasePath
		}
		for glob, sel := range fc.LCP {
			if err := checkLCPSelector(glob, sel); err != nil {
				return nil, nil, usageError{fmt.Sprintf("%s: \"lcp\": %v", cfgPath, err)}
			}
		}
		c.lcp = fc.LCP
	}
	if set["early-think"] {
		c.earlyThinkSet = true
	}
	if c.maxPreloads < 0 || c.maxFonts < 0 || c.maxBytes < 0 || c.yieldBytes < 0 {
		return nil, nil, usageError{"budgets must not be negative"}
	}
	if c.earlyThink < 0 || c.earlyRTT < 0 || c.earlyRate < 0 {
		return nil, nil, usageError{"the Early Hints model's think time, round trip and rate must not be negative"}
	}
	if c.basePath != "" && !strings.HasPrefix(c.basePath, "/") {
		return nil, nil, usageError{"-base-path must start with /"}
	}
	return rest, fc, nil
}

// checkLCPSelector checks one entry of the settings file's "lcp" object.
func checkLCPSelector(glob, sel string) error {
	if !strings.HasPrefix(glob, "/") {
		return fmt.Errorf("page glob %q must start with /", glob)
	}
	for _, seg := range strings.Split(glob, "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("page glob %q: %v", glob, err)
		}
	}
	if _, err := cascadia.Compile(sel); err != nil {
		return fmt.Errorf("selector %q for %s: %v", sel, glob, err)
	}
	return nil
}

func argWord(lo, hi int) string {
	if lo == hi {
		if lo == 1 {
			return "one SITE_DIR argument"
		}
		return fmt.Sprintf("%d arguments", lo)
	}
	return fmt.Sprintf("%d to %d arguments", lo, hi)
}

func (c *common) options(dir string) preloadgen.Options {
	return preloadgen.Options{Source: preloadgen.Source{Dir: dir, BasePath: c.basePath}, Policy: graph.Policy{MaxPreloads: explicit(c.maxPreloads), MaxFonts: explicit(c.maxFonts), MaxBytes: explicit(c.maxBytes), YieldBytes: explicit(c.yieldBytes), Prefetch: c.prefetch, LCPSelectors: c.lcp,
		EarlyThink: explicit(c.earlyThink), EarlyRTT: explicit(c.earlyRTT), EarlyRate: explicit(c.earlyRate), EarlyPriorities: c.earlyPriorities}}
}

// private lists the settings file's site path when it lies inside the site, so a build
// never copies it into -out (it would be deployed).
func (c *common) private(site string) []string {
	if c.settings == "" {
		return nil
	}
	f, err1 := filepath.Abs(c.settings)
	d, err2 := filepath.Abs(site)
	if err1 != nil || err2 != nil {
		return nil
	}
	rel, err := filepath.Rel(d, f)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil
	}
	return []string{"/" + filepath.ToSlash(rel)}
}

// explicit turns a budget the user wrote (flags and the settings file default to the real
// values, so 0 is always someone's choice) into the library's terms, where 0 is the default
// and a negative value is none.
// rateWord writes a rate in bits per second the way -early-rate reads it: 1.6M, 768k.
func rateWord(bps int64) string {
	switch {
	case bps >= 1e6:
		return strconv.FormatFloat(float64(bps)/1e6, 'f', -1, 64) + "M"
	case bps >= 1e3:
		return strconv.FormatFloat(float64(bps)/1e3, 'f', -1, 64) + "k"
	}
	return strconv.FormatInt(bps, 10)
}

func explicit[T ~int | ~int64](v T) T {
	if v == 0 {
		return -1
	}
	return v
}

func printDiagnostics(w io.Writer, res *preloadgen.Result, verbose bool) {
	for _, d := range res.Diagnostics {
		fmt.Fprintf(w, "%s: %s\n", d.Severity, d)
	}
	fails := append([]preloadgen.Diagnostic(nil), res.Failed...)
	sort.Slice(fails, func(i, j int) bool { return fails[i].File < fails[j].File })
	for _, f := range fails {
		fmt.Fprintf(w, "%s: %s\n", f.Severity, f)
	}
}

// diagnosticOf returns the Diagnostic an error of the library carries.
func diagnosticOf(err error) preloadgen.Diagnostic {
	var d preloadgen.Diagnostic
	if errors.As(err, &d) {
		return d
	}
	return preloadgen.Diagnostic{Severity: preloadgen.SeverityError, Err: err}
}
