// The page rules. Whether a hint is used, and how, is judged by the graph package itself:
// the page is analysed again without the author's hints (the "bare" page), and what that
// analysis still reaches is what the page's own elements, stylesheets and modules fetch.
// The LCP rules take the LCP guess of the page's analysis, and its confidence; a lazy LCP
// image is judged by analysing the page without its loading=lazy, so that the guess is
// the one analyze makes of the repaired page (a lazy image is always an unsure guess:
// the laziness itself is the doubt).

package audit

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/parse"
)

// pageAudit is the state of one page's audit.
type pageAudit struct {
	a    *Auditor
	ctx  context.Context
	p    *graph.Page
	src  []byte
	tags []tag
	res  *resolver
	xml  bool

	bare     *graph.Page                // the page analysed without its hints and preconnects
	bareURL  map[string]*graph.Resource // bare's resources by site path
	out      []Finding
	hintTags []*tag // the author's preload and modulepreload tags, in order
	baseHref string // the first <base href> as written, "" when there is none
}

func (a *Auditor) newPageAudit(ctx context.Context, p *graph.Page, src []byte) (*pageAudit, error) {
	pa := &pageAudit{a: a, ctx: ctx, p: p, src: src, tags: scanTags(src)}
	base := ""
	for i := range pa.tags {
		t := &pa.tags[i]
		if t.Name == "base" && base == "" && t.has("href") {
			pa.baseHref = t.val("href")
			base = strings.TrimSpace(pa.baseHref)
		}
		if t.Name == "html" && t.has("xmlns") {
			pa.xml = true
		}
		if isHintTag(t) {
			pa.hintTags = append(pa.hintTags, t)
		}
	}
	if b := src; len(b) > 5 && strings.HasPrefix(strings.TrimPrefix(string(b[:min(len(b), 16)]), "\ufeff"), "<?xml") {
		pa.xml = true
	}
	pa.res = newResolver(p.Path, base, a.gopt.BasePath)
	// The bare page: without the author's hints, preconnects and preloadgen's block.
	var cut []edit
	for i := range pa.tags {
		t := &pa.tags[i]
		if isHintTag(t) || t.Name == "link" && !t.Block && (hasRel(t, "preconnect") || hasRel(t, "dns-prefetch")) && !hasRel(t, "stylesheet") {
			cut = append(cut, removeTag(src, t))
		}
	}
	bareSrc := emit.Strip(applyEdits(src, cut))
	if len(bareSrc) == len(src) {
		// Nothing to take out: the page's own analysis is the bare one.
		pa.bare = p
	} else {
		bare, err := graph.Analyze(ctx, a.site, p.Path, bareSrc, a.gopt)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", strings.TrimPrefix(p.Path, "/"), err)
		}
		pa.bare = bare
	}
	bare := pa.bare
	pa.bareURL = map[string]*graph.Resource{}
	for _, r := range bare.Resources {
		pa.bareURL[r.URL] = r
	}
	return pa, nil
}

// isHintTag reports whether t is an author's preload or modulepreload that is only a
// hint: not also a stylesheet (rel="preload stylesheet"), and without an onload handler
// (loadCSS turns rel=preload as=style into a stylesheet on load: a consumer).
func isHintTag(t *tag) bool {
	return t.Name == "link" && !t.Block && (hasRel(t, "preload") || hasRel(t, "modulepreload")) && !hasRel(t, "stylesheet") && !t.has("onload")
}

func hasRel(t *tag, rel string) bool {
	for _, r := range t.rels() {
		if r == rel {
			return true
		}
	}
	return false
}

func (pa *pageAudit) run() []Finding {
	pa.hints()
	pa.budget()
	pa.lcp()
	pa.capo()
	pa.blockingScripts()
	pa.preconnect()
	pa.linkSize()
	pa.speculation()
	return pa.out
}

// add records a finding of rule at tag t (nil: the page), unless the rule is off. unsure
// lowers the severity by one step.
func (pa *pageAudit) add(rule string, t *tag, u string, unsure bool, why, fix string, edits ...edit) {
	sev := pa.a.sev[rule]
	if sev == Off {
		return
	}
	if unsure {
		sev = sev.lower()
	}
	if t != nil && !t.Closed {
		edits = nil // a tag cut off at the end of the file is left alone
	}
	for _, e := range edits {
		if e.start < 0 {
			edits = nil // one edit cannot be made safely: no repair
			break
		}
	}
	f := Finding{Rule: rule, Severity: sev, Page: pa.p.Path, URL: u, Why: why, Fix: fix, edits: edits, Fixable: len(edits) > 0}
	if t != nil {
		f.Line, f.Col = parse.Position(pa.src, t.Start)
		f.Element = shortTag(pa.src[t.Start:t.End])
	}
	pa.out = append(pa.out, f)
}

// shortTag renders a tag on one line, at most 120 bytes.
func shortTag(raw []byte) string {
	s := strings.Join(strings.Fields(string(raw)), " ")
	if len(s) > 120 {
		cut := 116
		for cut > 0 && s[cut]&0xc0 == 0x80 {
			cut--
		}
		s = s[:cut] + " ...>"
	}
	return s
}

// expectedAs is the as= a preload needs for a consumer of kind k ("" when any would do).
func expectedAs(k graph.Kind) string {
	switch k {
	case graph.KindStyle:
		return "style"
	case graph.KindScript, graph.KindModule:
		return "script"
	case graph.KindFont:
		return "font"
	case graph.KindImage:
		return "image"
	}
	return ""
}

// consumedAs names how the page fetches r, for messages.
func consumedAs(r *graph.Resource) string {
	switch r.Edge {
	case graph.EdgeStylesheet:
		return "a <link rel=stylesheet>"
	case graph.EdgeCSSImport:
		return "an @import"
	case graph.EdgeScript:
		return "a classic <script>"
	case graph.EdgeModuleScript:
		return "a <script type=module>"
	case graph.EdgeJSImport, graph.EdgeInlineModule:
		return "a static import"
	case graph.EdgeJSDynamic:
		return "a dynamic import()"
	case graph.EdgeCSSFont:
		return "an @font-face rule"
	case graph.EdgeCSSBackground, graph.EdgeStyleAttr:
		return "a CSS background"
	case graph.EdgeImage, graph.EdgePictureSource:
		return "an <img>"
	case graph.EdgeVideoPoster:
		return "a <video poster>"
	}
	return string(r.Edge)
}

// hints checks the author's preload and modulepreload tags: one finding per tag, the
// first that applies of duplicate, unused, dynamic-only, mismatched, font attributes and
// redundant.
func (pa *pageAudit) hints() {
	headNamed := map[string]bool{}
	for i := range pa.tags {
		t := &pa.tags[i]
		if !t.Head || t.Block {
			continue
		}
		var raw string
		switch {
		case t.Name == "link" && hasRel(t, "stylesheet") && !hasRel(t, "preload"):
			raw = t.val("href")
		case t.Name == "script" && t.has("src"):
			raw = t.val("src")
		default:
			continue
		}
		if u, ext, ok := pa.res.resolve(raw); ok && ext == "" {
			headNamed[u] = true
		}
	}
	seen := map[string]bool{}
	for _, t := range pa.hintTags {
		module := hasRel(t, "modulepreload")
		raw := strings.TrimSpace(t.val("href"))
		u, ext, ok := pa.res.resolve(raw)
		if !ok || ext != "" {
			continue // another origin, or nothing to fetch: not judged
		}
		as := strings.ToLower(strings.TrimSpace(t.val("as")))
		rel := "preload"
		if module {
			rel, as = "modulepreload", ""
		}
		key := rel + "\x00" + u + "\x00" + as + "\x00" + t.val("imagesrcset") + "\x00" + t.val("media")
		if seen[key] {
			pa.add(RuleDuplicateHint, t, u, false, "the same "+rel+" as an earlier tag: one of them is only bytes", "remove this tag", removeTag(pa.src, t))
			continue
		}
		seen[key] = true
		r := pa.bareURL[u]
		if module {
			pa.moduleHint(t, u, r, headNamed[u])
			continue
		}
		if as == "fetch" {
			continue // consumed by scripts: nothing here can tell
		}
		if r == nil || r.Kind == graph.KindFont && !r.Needed {
			what := "nothing on the page fetches it"
			if r != nil {
				what = "the page's text uses no face of this font file"
			}
			switch {
			case r != nil && pa.fontVars():
				pa.add(RuleUnusedPreload, t, u, true, what+" as far as the analysis sees (it does not follow the var() the page's CSS sets a font-family with)", "remove the preload if no text uses this face")
			case r == nil && pa.scripts():
				pa.add(RuleUnusedPreload, t, u, true, what+" as far as the analysis sees (a script of the page may)", "remove the preload if no script uses it")
			default:
				pa.add(RuleUnusedPreload, t, u, false, what+": it costs bandwidth and the browser warns \"preloaded but not used\"", "remove the preload", removeTag(pa.src, t))
			}
			continue
		}
		want := expectedAs(r.Kind)
		if want == "" {
			continue
		}
		if as != want || r.Kind == graph.KindModule && crossOrigin(t) == "" {
			have := "as=" + as
			if as == "" {
				have = "no as="
			}
			fix := fmt.Sprintf("remove it, or preload it with as=%s", want)
			if r.Kind == graph.KindModule {
				fix = "remove it, or use <link rel=modulepreload>"
				if as == want {
					have = "as=script without crossorigin"
				}
			}
			pa.add(RuleAsMismatch, t, u, false, fmt.Sprintf("preloaded with %s but fetched by %s: the preload is not reused and the file is downloaded twice", have, consumedAs(r)), fix, removeTag(pa.src, t))
			continue
		}
		if r.Kind == graph.KindFont {
			if pa.fontHint(t, u) {
				continue
			}
		} else if pc, cc := crossOrigin(t), consumerCORS(r); pc != cc {
			pa.add(RuleAsMismatch, t, u, false, fmt.Sprintf("crossorigin %s on the preload, %s on %s: the requests differ and the file is downloaded twice", corsWord(pc), corsWord(cc), consumedAs(r)),
				"remove the preload, or give it the crossorigin of the element that fetches it", removeTag(pa.src, t))
			continue
		}
		if headNamed[u] && r.Depth == 1 {
			pa.add(RuleRedundantHint, t, u, false, "the head already names this file ("+consumedAs(r)+"): the browser finds it as early without the hint", "remove the preload")
		}
	}
}

// moduleHint checks one modulepreload whose bare resource is r.
func (pa *pageAudit) moduleHint(t *tag, u string, r *graph.Resource, headNamed bool) {
	switch {
	case r == nil && pa.scripts():
		pa.add(RuleUnusedPreload, t, u, true, "no import the analysis can read loads it (a script of the page may, by a computed name)", "remove the modulepreload if no script imports it")
	case r == nil:
		pa.add(RuleUnusedPreload, t, u, false, "no module script or import of the page loads it: it costs bandwidth and the browser warns \"preloaded but not used\"", "remove the modulepreload", removeTag(pa.src, t))
	case r.Dynamic && !r.Needed:
		pa.add(RuleDynamicModule, t, u, false, "only a dynamic import() loads this chunk: the first render does not need it, and it competes with what it does need", "remove it, or use rel=prefetch (build -prefetch)")
	case r.Kind != graph.KindModule:
		pa.add(RuleAsMismatch, t, u, false, "modulepreload of a file fetched by "+consumedAs(r)+": the preload is not reused and the file is downloaded twice", "remove it, or preload it with as="+expectedAs(r.Kind), removeTag(pa.src, t))
	case headNamed && r.Depth == 1:
		pa.add(RuleRedundantHint, t, u, false, "the head already names this module ("+consumedAs(r)+"): the browser finds it as early without the hint", "remove the modulepreload")
	}
}

// fontHint checks a font preload's crossorigin and type, reporting whether it found a fault.
func (pa *pageAudit) fontHint(t *tag, u string) bool {
	var why, fixes []string
	var edits []edit
	co, hasCO := t.attr("crossorigin")
	switch {
	case !hasCO:
		why = append(why, "no crossorigin: fonts are fetched in CORS mode, so the preload is not reused and the font is downloaded twice")
		fixes = append(fixes, "add crossorigin")
		edits = append(edits, insertAttr(t, pa.corsAttr()))
	case strings.EqualFold(strings.TrimSpace(co.Val), "use-credentials"):
		why = append(why, "crossorigin=use-credentials: fonts are fetched without credentials, so the preload is not reused and the font is downloaded twice")
		fixes = append(fixes, "make it crossorigin (anonymous)")
		edits = append(edits, replaceAttr(t, co, pa.corsAttr()))
	}
	want := graph.FontType(u, "")
	switch ty, ok := t.attr("type"); {
	case want == "":
	case ok && !strings.EqualFold(strings.TrimSpace(ty.Val), want):
		why = append(why, fmt.Sprintf("type=%q, but the file is %s: a browser skips a preload whose type it does not support", ty.Val, want))
		fixes = append(fixes, fmt.Sprintf("set type=%q", want))
		edits = append(edits, replaceAttr(t, ty, `type="`+want+`"`))
	case !ok && len(edits) > 0:
		fixes = append(fixes, fmt.Sprintf("add type=%q", want))
		edits = append(edits, insertAttr(t, `type="`+want+`"`))
	}
	if len(why) == 0 {
		return false
	}
	pa.add(RuleFontPreload, t, u, false, strings.Join(why, "; "), strings.Join(fixes, " and "), edits...)
	return true
}

func (pa *pageAudit) corsAttr() string {
	if pa.xml {
		return `crossorigin="anonymous"`
	}
	return "crossorigin"
}

// fontVarRE finds a font or font-family declaration that takes a custom property.
var fontVarRE = regexp.MustCompile(`(?i)font(-family)?\s*:[^;}]*var\(`)

// fontVars reports whether the page or its stylesheets set a font through var(): the
// analysis does not resolve custom properties, so a face may be used where it sees none.
func (pa *pageAudit) fontVars() bool {
	if fontVarRE.Match(pa.src) {
		return true
	}
	for _, r := range pa.bare.Resources {
		if r.Kind != graph.KindStyle || r.External || r.Missing {
			continue
		}
		if b, err := pa.a.site.Read(r.URL); err == nil && fontVarRE.Match(b) {
			return true
		}
	}
	return false
}

// scripts reports whether the page runs any script, inline or not: a script can fetch
// what no element names (inject a tag, import() a computed name).
func (pa *pageAudit) scripts() bool {
	for i := range pa.tags {
		t := &pa.tags[i]
		if t.Name == "script" && !t.Block && capoWeight(t, pa.src) != capoOther || t.Name == "script" && t.has("nomodule") {
			return true
		}
	}
	return false
}

func crossOrigin(t *tag) string {
	v, ok := t.attr("crossorigin")
	if !ok {
		return ""
	}
	if strings.EqualFold(strings.TrimSpace(v.Val), "use-credentials") {
		return "use-credentials"
	}
	return "anonymous"
}

// consumerCORS is the CORS mode the page fetches r in.
func consumerCORS(r *graph.Resource) string {
	switch r.Edge {
	case graph.EdgeStylesheet, graph.EdgeScript, graph.EdgeImage, graph.EdgePictureSource:
		return r.CrossOrigin
	case graph.EdgeModuleScript, graph.EdgeJSImport, graph.EdgeInlineModule, graph.EdgeJSDynamic:
		if r.CrossOrigin == "" {
			return "anonymous" // module scripts are always fetched in CORS mode
		}
		return r.CrossOrigin
	}
	return "" // @import, backgrounds, posters: no-cors
}

func corsWord(c string) string {
	if c == "" {
		return "absent"
	}
	return "(" + c + ")"
}

// budget compares the page's preloads (the author's and preloadgen's) with its budget.
func (pa *pageAudit) budget() {
	urls := map[string]bool{}
	var n int
	var bytes int64
	for i := range pa.tags {
		t := &pa.tags[i]
		if t.Name != "link" || !(hasRel(t, "preload") || hasRel(t, "modulepreload")) || hasRel(t, "stylesheet") {
			continue
		}
		u, ext, ok := pa.res.resolve(t.val("href"))
		if !ok || ext != "" {
			if ok {
				n++
			}
			continue
		}
		if urls[u] {
			continue
		}
		urls[u] = true
		n++
		if r := pa.bareURL[u]; r != nil && (r.Kind == graph.KindStyle && r.Needed || r.LCP) {
			continue // the blocking CSS and what the LCP needs are outside the byte budget
		}
		if size, ok := pa.a.site.Stat(u); ok {
			bytes += size
		}
	}
	if maxN := pa.a.maxPreloads; maxN > 0 && n > maxN {
		pa.add(RuleBudget, nil, "", false, fmt.Sprintf("%d preloads, over the budget of %d: they share the link with the HTML, the CSS and the LCP", n, maxN), "keep the few hints the first render needs (analyze shows which)")
	}
	if maxB := pa.a.maxBytes; maxB > 0 && bytes > maxB {
		pa.add(RuleBudget, nil, "", false, fmt.Sprintf("%d bytes preloaded beyond the blocking CSS, over the budget of %d", bytes, maxB), "keep the few hints the first render needs (analyze shows which)")
	}
}

// lcp checks the LCP image's loading and fetchpriority.
func (pa *pageAudit) lcp() {
	l := pa.p.LCP
	if l == nil || l.Kind != "image" || l.Path == "" {
		return
	}
	marked := false
	for i := range pa.tags {
		if t := &pa.tags[i]; t.Name == "img" && (t.has("loading") || t.has("fetchpriority")) {
			marked = true
			break
		}
	}
	if !marked {
		return // no <img> of the page is lazy or low: no need to find the LCP's tag
	}
	t := pa.lcpTag()
	if t == nil {
		return
	}
	lazy := strings.EqualFold(strings.TrimSpace(t.val("loading")), "lazy")
	low := strings.EqualFold(strings.TrimSpace(t.val("fetchpriority")), "low")
	if !lazy && !low {
		return
	}
	u := l.URL
	if lazy {
		sure, doubt := pa.sureWithout(t)
		if sure {
			la, _ := t.attr("loading")
			edits := []edit{removeAttr(pa.src, la), setFetchPriorityHigh(t)}
			pa.add(RuleLazyLCP, t, u, false, "loading=lazy on the LCP image: the browser starts it only after layout, late", "remove loading=lazy and add fetchpriority=high", edits...)
		} else {
			pa.add(RuleLazyLCP, t, u, true, "loading=lazy on what is probably the LCP image (the guess is unsure: "+doubt+")", "if it is the LCP element, remove loading=lazy (mark it with data-preloadgen-lcp and build -fix does)")
		}
		return
	}
	if l.Unsure == "" {
		// As safe as removing loading=lazy: without the attribute the image is fetched at
		// the priority the browser gives any image in the first screen, and build adds its
		// own preload (fetchpriority=high) where its rules say.
		fp, _ := t.attr("fetchpriority")
		pa.add(RuleLowLCP, t, u, false, "fetchpriority=low on the LCP image: it waits behind everything else", "remove fetchpriority=low", removeAttr(pa.src, fp))
	} else {
		pa.add(RuleLowLCP, t, u, true, "fetchpriority=low on what is probably the LCP image (the guess is unsure: "+l.Unsure+")", "if it is the LCP element, remove fetchpriority=low")
	}
}

// lcpTag finds the <img> tag of the page's LCP element (the <img> of a <picture>). It
// matches the element the analysis found, by its CSS path, to the tag of the same index
// among the page's <img> tags, and checks that both have the same src and srcset.
func (pa *pageAudit) lcpTag() *tag {
	doc, err := parse.ParseHTMLFull(pa.src)
	if err != nil {
		return nil
	}
	sel, err := cascadia.Compile(pa.p.LCP.Path)
	if err != nil {
		return nil
	}
	n := cascadia.Query(doc.Root, sel)
	if n == nil {
		return nil
	}
	if n.DataAtom != atom.Img {
		n = firstImg(n)
		if n == nil {
			return nil
		}
	}
	idx, found := 0, false
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		for c := c.FirstChild; c != nil && !found; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.Img && c.Namespace == "" {
				if c == n {
					found = true
					return
				}
				idx++
			}
			walk(c)
		}
	}
	walk(doc.Root)
	if !found {
		return nil
	}
	for i := range pa.tags {
		t := &pa.tags[i]
		if t.Name == "img" && t.Ord == idx {
			if t.val("src") != parse.Attr(n, "src") || t.val("srcset") != parse.Attr(n, "srcset") {
				return nil
			}
			return t
		}
	}
	return nil
}

func firstImg(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.Img {
			return c
		}
		if f := firstImg(c); f != nil {
			return f
		}
	}
	return nil
}

// sureWithout judges the LCP guess of the page with t's loading attribute removed: sure
// when the analysis of that page takes the same element, with no doubt (or the author
// marked it).
func (pa *pageAudit) sureWithout(t *tag) (bool, string) {
	if pa.p.LCP.Marked != "" {
		return true, ""
	}
	la, _ := t.attr("loading")
	q, err := graph.Analyze(pa.ctx, pa.a.site, pa.p.Path, applyEdits(pa.src, []edit{removeAttr(pa.src, la)}), pa.a.gopt)
	if err != nil || q.LCP == nil {
		return false, "without loading=lazy it is not the guess"
	}
	if q.LCP.Path != pa.p.LCP.Path {
		return false, "without loading=lazy the guess is " + q.LCP.Element
	}
	if q.LCP.Unsure != "" {
		return false, q.LCP.Unsure
	}
	return true, ""
}

// capo weights (capo.js, src/lib/rules.js: ElementWeights).
const (
	capoOther = iota
	capoPrefetch
	capoDefer
	capoPreload
	capoSyncStyles
	capoSyncScript
	capoImportStyles
	capoAsyncScript
	capoPreconnect
	capoTitle
	capoMeta
)

func capoWeight(t *tag, src []byte) int {
	switch t.Name {
	case "meta":
		if t.has("charset") || strings.EqualFold(t.val("name"), "viewport") {
			return capoMeta
		}
	case "base":
		return capoMeta
	case "title":
		return capoTitle
	case "link":
		switch {
		case hasRel(t, "preconnect"):
			return capoPreconnect
		case hasRel(t, "stylesheet") && !strings.Contains(t.val("media"), "print"):
			return capoSyncStyles
		case hasRel(t, "preload") || hasRel(t, "modulepreload"):
			return capoPreload
		case hasRel(t, "prefetch") || hasRel(t, "prerender") || hasRel(t, "dns-prefetch"):
			return capoPrefetch
		}
	case "style":
		if i := strings.Index(strings.ToLower(string(src[t.End:min(len(src), t.End+4096)])), "</style"); i >= 0 && strings.Contains(strings.ToLower(string(src[t.End:t.End+i])), "@import") {
			return capoImportStyles
		}
		return capoSyncStyles
	case "script":
		if t.has("nomodule") {
			return capoOther // not fetched by browsers that run modules
		}
		typ := strings.ToLower(strings.TrimSpace(t.val("type")))
		src := t.has("src")
		switch {
		case typ == "module" && src && t.has("async"), src && t.has("async"):
			return capoAsyncScript
		case typ == "module" || src && t.has("defer"):
			return capoDefer
		case typ != "" && typ != "text/javascript" && typ != "application/javascript":
			return capoOther // JSON, templates: not scripts
		}
		return capoSyncScript
	}
	return capoOther
}

// capo reports the two head orders that cost time: a classic script that blocks the
// parser after a stylesheet (the script waits for the stylesheet to download before it
// runs, and the parser waits with it), and a render-blocking stylesheet after a preload
// (the preload is requested first and shares the link with it).
func (pa *pageAudit) capo() {
	var firstStyle, firstPreload *tag
	for i := range pa.tags {
		t := &pa.tags[i]
		if !t.Head || t.Block {
			continue
		}
		w := capoWeight(t, pa.src)
		switch w {
		case capoSyncScript:
			if firstStyle != nil {
				what := "a parser-blocking inline script"
				if t.has("src") {
					what = "a parser-blocking script"
				}
				pa.add(RuleCapoOrder, t, pa.res.name(t.val("src")), false,
					fmt.Sprintf("%s after a stylesheet: it cannot run until the stylesheet has loaded, and the parser waits with it", what),
					"move the script above the stylesheets, or make it defer/async (capo.js order: sync scripts before sync styles)")
			}
		case capoSyncStyles:
			if firstStyle == nil {
				firstStyle = t
			}
			if firstPreload != nil && t.Name == "link" {
				pa.add(RuleCapoOrder, t, pa.res.name(t.val("href")), false,
					"a render-blocking stylesheet after a preload: the preload is requested first and shares the link with it",
					"move the preloads below the stylesheets (capo.js order)")
			}
		case capoPreload:
			if firstPreload == nil {
				firstPreload = t
			}
		}
	}
}

// blockingScripts reports the parser-blocking classic scripts the first paint waits for
// (graph: in the head, or in the body before the LCP element) when together they take
// longer than 4 round trips on the slow link of the Early Hints model: the first paint
// waits for their bytes whatever the hints do (graph.Saving).
func (pa *pageAudit) blockingScripts() {
	pol := pa.a.gopt.Policy.Resolved()
	var names []string
	var total int64
	for _, r := range pa.p.Resources {
		if r.Kind != graph.KindScript || !r.Needed || r.External || r.Missing {
			continue
		}
		total += r.Bytes
		names = append(names, fmt.Sprintf("%s (%s)", r.URL, kb(r.Bytes)))
	}
	if pol.EarlyRate <= 0 || len(names) == 0 {
		return
	}
	took := time.Duration(float64(total) * 8 / float64(pol.EarlyRate) * float64(time.Second))
	if took <= 4*pol.EarlyRTT {
		return
	}
	sort.Strings(names)
	pa.add(RuleBlockingScripts, nil, "", false,
		fmt.Sprintf("the first paint waits for %s of parser-blocking scripts (%d ms at %s Mbit/s, more than any hint saves): %s",
			kb(total), took.Milliseconds(), strconv.FormatFloat(float64(pol.EarlyRate)/1e6, 'g', 3, 64), strings.Join(names, ", ")),
		"defer them (or make them async) unless they write the document as it is parsed; what does not run before the first paint need not block it")
}

// kb renders a size in KB, or in bytes below one.
func kb(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%d KB", (n+512)/1024)
}

// preconnect reports preconnects to origins nothing on the page uses.
func (pa *pageAudit) preconnect() {
	used := map[string]bool{}
	for _, o := range pa.bare.External {
		used[o] = true
	}
	scripts := false
	for i := range pa.tags {
		t := &pa.tags[i]
		if t.Name == "script" {
			scripts = true
		}
		if t.Name == "link" && (hasRel(t, "preload") || hasRel(t, "modulepreload")) {
			if _, ext, ok := pa.res.resolve(t.val("href")); ok && ext != "" {
				used[ext] = true
			}
		}
	}
	for i := range pa.tags {
		t := &pa.tags[i]
		if t.Name != "link" || t.Block || !hasRel(t, "preconnect") {
			continue
		}
		_, ext, ok := pa.res.resolve(t.val("href"))
		if !ok || ext == "" || used[ext] {
			continue
		}
		if scripts {
			pa.add(RuleUnusedPreconnect, t, ext, true, "no element or stylesheet of the page uses "+ext+" (a script may: check): an unused connection costs a DNS lookup, a TCP and a TLS handshake", "remove the preconnect if no script needs it")
		} else {
			pa.add(RuleUnusedPreconnect, t, ext, false, "nothing on the page uses "+ext+": an unused connection costs a DNS lookup, a TCP and a TLS handshake", "remove the preconnect")
		}
	}
}

// linkSize checks the page's Link header values as build emits them against the caps in
// emit/limits.go (they are explained there).
func (pa *pageAudit) linkSize() {
	var vals []string
	seen := map[string]bool{}
	for _, h := range pa.p.Hints {
		if !h.Header {
			continue
		}
		v, err := emit.LinkValue(h, pa.a.gopt.BasePath)
		if err != nil || seen[v] {
			continue
		}
		seen[v] = true
		vals = append(vals, v)
	}
	size := len(strings.Join(vals, ", "))
	switch {
	case size > emit.ServerLinkCap:
		pa.add(RuleLinkTooLong, nil, "", false, fmt.Sprintf("its Link header would be %d bytes, over %d (nginx as a proxy fails a response whose headers pass proxy_buffer_size, 4 KiB by default, with 502; Cloudflare Pages limits a _headers line to 2,000 characters): build drops the lowest-ranked hints", size, emit.ServerLinkCap), "fewer header hints (-max-preloads)")
	case size > emit.HeadersLinkCap:
		pa.add(RuleLinkTooLong, nil, "", false, fmt.Sprintf("its Link header would be %d bytes, over %d for _headers (Cloudflare Pages limits a line to 2,000 characters): build drops the lowest-ranked hints there", size, emit.HeadersLinkCap), "fewer header hints (-max-preloads)")
	}
}

// resolver turns a page's references into site paths, as graph's resolver does (a
// reference resolves against <base href> or the page, under the base path).
type resolver struct {
	base     *url.URL
	basePath string
}

const siteHost = "site.preloadgen.invalid"

func newResolver(pagePath, baseHref, basePath string) *resolver {
	basePath = strings.TrimSuffix(basePath, "/")
	page := &url.URL{Scheme: "https", Host: siteHost, Path: basePath + pagePath}
	r := &resolver{base: page, basePath: basePath}
	if baseHref != "" {
		if b, err := url.Parse(baseHref); err == nil {
			r.base = page.ResolveReference(b)
		}
	}
	return r
}

// name returns the site path of raw, its absolute URL when it is on another origin, and
// raw itself when it names nothing to fetch: the same for every page that names the file,
// however each spells it.
func (r *resolver) name(raw string) string {
	raw = strings.TrimSpace(raw)
	p, ext, ok := r.resolve(raw)
	switch {
	case !ok:
		return raw
	case ext != "":
		if u, err := url.Parse(raw); err == nil {
			return r.base.ResolveReference(u).String()
		}
		return raw
	}
	return p
}

// resolve returns the site path of raw, or the origin of a reference to another origin.
func (r *resolver) resolve(raw string) (sitePath, external string, ok bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.HasPrefix(raw, "#") {
		return "", "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", false
	}
	abs := r.base.ResolveReference(u)
	if abs.Scheme != "http" && abs.Scheme != "https" {
		return "", "", false
	}
	if abs.Host != siteHost {
		return "", abs.Scheme + "://" + abs.Host, true
	}
	p := abs.Path
	if r.basePath != "" {
		if p != r.basePath && !strings.HasPrefix(p, r.basePath+"/") {
			return "", "", false
		}
		p = strings.TrimPrefix(p, r.basePath)
	}
	return path.Clean("/" + p), "", true
}
