package main

// build: the thin CLI over preloadgen.Build. Output: one line per failure on stderr, the
// pages -check finds on stdout, and one summary line; -json replaces all of stdout with
// the per-page report. The progress bar goes to stderr only when it is a terminal.

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/audit"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/atomicfile"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlagSet("build", stderr)
	out := fs.String("out", "", "write the optimised site to `DIR` (a full copy) instead of rewriting in place")
	check := fs.Bool("check", false, "change nothing; exit 1 listing the pages a build would change")
	cf := addConfigFlags(fs)
	fix := addFixFlag(fs)
	sf := addSpeculationFlags(fs)
	rest, fc, err := c.parse(args, 1, 1)
	if err != nil {
		return err
	}
	configDir, formats, err := cf.resolve(fs, fc)
	if err != nil {
		return err
	}
	spec, err := sf.resolve(fs, fc)
	if err != nil {
		return err
	}
	opts := preloadgen.BuildOptions{
		Options: c.options(rest[0]), Out: *out, Check: *check,
		ConfigDir: configDir, Emit: formats, Private: c.private(rest[0]), Speculation: spec,
	}
	if *fix {
		a, err := newAuditor(opts.Options, fc, "")
		if err != nil {
			return err
		}
		opts.Fix = a.Fix
	}
	bar := newProgressBar(stderr, !c.quiet && !c.json)
	opts.Progress = bar.update
	res, err := preloadgen.Build(ctx, opts)
	bar.finish()
	if errors.Is(err, preloadgen.ErrBadOptions) {
		return usageError{err.Error()}
	}
	if err != nil {
		return err
	}
	if c.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	} else {
		reportFixes(stdout, res, *check)
		reportBuild(stdout, stderr, res, c, *check, opts)
	}
	if len(res.Failed) > 0 || (*check && (res.Changed > 0 || configsChanged(res))) {
		return exitError(1)
	}
	return nil
}

func configsChanged(res *preloadgen.BuildResult) bool {
	return res.Configs != nil && len(res.Configs.Changed) > 0 || res.Speculation != nil && res.Speculation.FileChanged
}

// configFlags are the -config-dir and -emit flags that build and watch share.
type configFlags struct{ dir, emit *string }

func addConfigFlags(fs *flag.FlagSet) configFlags {
	return configFlags{
		dir:  fs.String("config-dir", "preloadgen-config", "where the server configs go (never inside the site)"),
		emit: fs.String("emit", emit.FormatList(), "config formats to write: `LIST` of "+emit.FormatList()),
	}
}

// resolve returns the config dir and formats, taking the settings file's values for the
// flags the command line did not set.
func (f configFlags) resolve(fs *flag.FlagSet, fc *fileConfig) (string, []emit.Format, error) {
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	dir := *f.dir
	if fc.ConfigDir != nil && !set["config-dir"] {
		dir = *fc.ConfigDir
	}
	formats, err := parseEmit(*f.emit)
	if err != nil {
		return "", nil, err
	}
	if fc.Emit != nil && !set["emit"] {
		if formats, err = parseEmit(strings.Join(fc.Emit, ",")); err != nil {
			return "", nil, err
		}
	}
	return dir, formats, nil
}

func parseEmit(s string) ([]emit.Format, error) {
	var out []emit.Format
	for _, name := range strings.Split(s, ",") {
		if strings.TrimSpace(name) == "" {
			continue
		}
		f, err := emit.ParseFormat(name)
		if err != nil {
			return nil, usageError{"-emit: " + err.Error()}
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, usageError{"-emit: no format given"}
	}
	return out, nil
}

func reportBuild(stdout, stderr io.Writer, res *preloadgen.BuildResult, c *common, check bool, opts preloadgen.BuildOptions) {
	diags := res.Diagnostics
	if c.quiet {
		diags = nil
	}
	printDiagnostics(stderr, &preloadgen.Result{Diagnostics: diags, Failed: res.Failed}, c.verbose)
	for _, p := range res.Retry {
		fmt.Fprintf(stderr, "warning: %s: %s; run build again when the writer is done\n", strings.TrimPrefix(p, "/"), atomicfile.ErrChanged)
	}
	for _, p := range res.Pages {
		switch {
		case check && p.Changed:
			fmt.Fprintf(stdout, "would change: %s\n", strings.TrimPrefix(p.Page, "/"))
		case c.verbose && p.Changed:
			fmt.Fprintf(stdout, "wrote %s (%d hints)\n", strings.TrimPrefix(p.Page, "/"), p.Added)
		case c.verbose:
			fmt.Fprintf(stdout, "unchanged %s\n", strings.TrimPrefix(p.Page, "/"))
		}
	}
	if check && res.Configs != nil {
		for _, f := range res.Configs.Changed {
			fmt.Fprintf(stdout, "would change: %s\n", f)
		}
	}
	if c.quiet {
		return
	}
	io.WriteString(stdout, buildSummary(res, check, opts.Out != "", opts.Policy.Resolved()))
	reportSpeculation(stdout, res.Speculation, check)
}

// buildSummary says what a build did: the pages it rewrote and those it left as they were
// (under -out, copied as they were), the hints that went into the pages and into the
// headers, and what the pages' hint tags save their LCP by the link model of the Early
// Hints (docs/design.md §2), or what hides it.
func buildSummary(res *preloadgen.BuildResult, check, out bool, pol graph.Policy) string {
	var b strings.Builder
	rewritten, kept := "rewritten", "left as they were"
	if out {
		kept = "copied as they were"
	}
	if check {
		rewritten, kept = "would be rewritten", "would be "+kept
	}
	fmt.Fprintf(&b, "%d pages scanned: %d %s, %d %s", res.Scanned, res.Rewritten, rewritten, res.Kept, kept)
	if out && res.Changed < res.Rewritten+res.Kept {
		w := "written"
		if check {
			w = "would be written"
		}
		fmt.Fprintf(&b, " (%d %s; -out held the others already)", res.Changed, w)
	}
	fmt.Fprintf(&b, "; %s in the pages, %s for %s\n", count(res.PageHints, "hint tag"), count(res.HeaderHints, "header hint"), count(res.HeaderPages, "page"))
	var slow, fast, chain, waits, scripts []int64
	for _, p := range res.Pages {
		if p.Added == 0 {
			continue
		}
		s := p.Saving
		slow, fast = append(slow, s.SlowMS), append(fast, s.FastMS)
		if s.Hidden() {
			chain, waits, scripts = append(chain, s.ChainMS), append(waits, s.WaitsMS), append(scripts, s.ScriptBytes)
		}
	}
	if len(slow) == 0 {
		return b.String()
	}
	fmt.Fprintf(&b, "estimated LCP saving of the hint tags, per page (median of %s with tags): %d ms at %s, %d ms at %s (%d ms round trips)\n",
		count(len(slow), "page"), median(slow), mbits(pol.EarlyRate), median(fast), mbits(graph.FastRate), pol.EarlyRTT.Milliseconds())
	if len(chain) > 0 {
		fmt.Fprintf(&b, "  hidden on %d of them: the tags take %d ms of round trips off the chain, but the LCP waits %d ms for its bytes at %s",
			len(chain), median(chain), median(waits), mbits(pol.EarlyRate))
		if sb := median(scripts); sb > 0 {
			fmt.Fprintf(&b, ", %d KB of them parser-blocking scripts in the head: defer them (audit rule %s)", (sb+512)/1024, audit.RuleBlockingScripts)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// count renders n and a noun, plural unless n is 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// median returns the median of vs (the lower middle of an even count); it sorts vs.
func median(vs []int64) int64 {
	slices.Sort(vs)
	return vs[(len(vs)-1)/2]
}

// reportSpeculation prints one line about the speculation rules, when they are on.
func reportSpeculation(w io.Writer, s *preloadgen.SpeculationResult, check bool) {
	if s == nil {
		return
	}
	own := ""
	if n := len(s.OwnRules); n > 0 {
		own = fmt.Sprintf("; %d pages carry rules of their own", n)
	}
	if n := len(s.Routed); n > 0 {
		own += fmt.Sprintf("; %d pages load a client-side router and get none", n)
	}
	if s.Via == "header" {
		state := "unchanged"
		switch {
		case s.FileChanged && check:
			state = "would change"
		case s.FileChanged:
			state = "written"
		}
		fmt.Fprintf(w, "speculation rules (%s): %s %s (%d bytes), served with Speculation-Rules: %s%s\n", s.Mode, s.File, state, s.FileBytes, s.Header, own)
		return
	}
	fmt.Fprintf(w, "speculation rules (%s): inline in %d pages%s\n", s.Mode, s.Pages, own)
}

// progressBar draws "[=====     ] 12/40 pages" on a terminal; elsewhere it does nothing.
type progressBar struct {
	w     io.Writer
	on    bool
	mu    sync.Mutex
	shown int // last percentage drawn
}

func newProgressBar(w io.Writer, want bool) *progressBar {
	return &progressBar{w: w, on: want && isTerminal(w), shown: -1}
}

// isTerminal reports whether w is a character device (a terminal), not a pipe or file.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (b *progressBar) update(done, total int) {
	if !b.on || total == 0 {
		return
	}
	pct := done * 100 / total
	b.mu.Lock()
	defer b.mu.Unlock()
	if pct == b.shown {
		return
	}
	b.shown = pct
	const width = 30
	n := done * width / total
	fmt.Fprintf(b.w, "\r[%s%s] %d/%d pages", strings.Repeat("=", n), strings.Repeat(" ", width-n), done, total)
}

func (b *progressBar) finish() {
	if b.on && b.shown >= 0 {
		fmt.Fprint(b.w, "\r\033[K")
	}
}
