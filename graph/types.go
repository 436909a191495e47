// Package graph turns parsed pages and assets into each page's dependency graph: which
// resources the page reaches, in which discovery wave (depth), whether the first render or
// the entry modules need them, what the page's LCP element is and what rendering it
// depends on, and finally the ranked, budgeted list of hints. See docs/design.md §2 for
// the model; rank.go holds the policy.
package graph

import (
	"time"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// Kind is the kind of a resource.
type Kind string

const (
	KindDocument Kind = "document"
	KindStyle    Kind = "style"
	KindScript   Kind = "script"
	KindModule   Kind = "module"
	KindFont     Kind = "font"
	KindImage    Kind = "image"
	KindOther    Kind = "other"
)

// EdgeKind says how a resource was reached.
type EdgeKind string

const (
	EdgeStylesheet    EdgeKind = "html-stylesheet"
	EdgeScript        EdgeKind = "html-script"
	EdgeModuleScript  EdgeKind = "html-module-script"
	EdgeInlineModule  EdgeKind = "html-inline-module-import"
	EdgePreload       EdgeKind = "html-preload"
	EdgeModulePreload EdgeKind = "html-modulepreload"
	EdgeImage         EdgeKind = "html-img"
	EdgePictureSource EdgeKind = "html-picture-source"
	EdgeVideoPoster   EdgeKind = "html-video-poster"
	EdgeStyleAttr     EdgeKind = "html-style-attribute"
	EdgeCSSImport     EdgeKind = "css-import"
	EdgeCSSFont       EdgeKind = "css-font"
	EdgeCSSBackground EdgeKind = "css-background"
	EdgeJSImport      EdgeKind = "js-import"
	EdgeJSDynamic     EdgeKind = "js-dynamic-import"
	EdgeJSURL         EdgeKind = "js-new-url"
)

// Site gives the engine access to the site's files. Implementations cache parses: assets
// are shared by many pages and must be read once.
type Site interface {
	// Stat reports a file's size; ok is false when it does not exist. p is a site path
	// ("/assets/app.css"), already percent-decoded.
	Stat(p string) (size int64, ok bool)
	// Stylesheet returns the parsed stylesheet at p.
	Stylesheet(p string) (*parse.Stylesheet, error)
	// Module returns the parsed JS module at p.
	Module(p string) (*parse.Module, error)
}

// Policy is what to hint: the budgets that bound each page's hints and the rules that
// correct the guess. The zero Policy means DefaultPolicy; in each budget, zero means its
// default and a negative value means none (no hints of that kind, or no bytes).
type Policy struct {
	MaxPreloads int   `json:"max_preloads"` // per page and per hint set
	MaxFonts    int   `json:"max_fonts"`    // font hints per page, LCP fonts included
	MaxBytes    int64 `json:"max_bytes"`    // bytes of hinted resources beyond the blocking CSS
	// YieldBytes caps the bytes of hints that neither the first paint nor the LCP needs
	// (fonts the LCP text does not wait for, modules): about one initial TCP congestion
	// window by default, so they cannot hold up the critical path by much.
	YieldBytes int64 `json:"yield_bytes"`
	Prefetch   bool  `json:"prefetch"` // add rel=prefetch hints for dynamic-import chunks
	// LCPSelectors maps page globs to a CSS selector of the page's LCP element, correcting
	// the guess (see LCPSelector).
	LCPSelectors map[string]string `json:"lcp,omitempty"`

	// The Early Hints model (docs/early-hints.md). The 103 goes out when a navigation
	// arrives; the hinted responses start a round trip later, and the HTML when the
	// server's think time is over. Go's HTTP/2 server and Caddy's send concurrent streams
	// in turn, whatever their priority, so whatever of the 103 is still arriving then
	// takes part of the link from the HTML and the blocking CSS. Beyond the blocking CSS
	// and scripts and the fonts the LCP text waits for, the 103 carries only what fits,
	// after them, in what the link delivers between the two: 0.9 x (EarlyThink - EarlyRTT)
	// x EarlyRate. A negative value means zero.
	EarlyThink time.Duration `json:"early_think"` // the server's think time before the HTML
	EarlyRTT   time.Duration `json:"early_rtt"`   // the visitor's round trip
	EarlyRate  int64         `json:"early_rate"`  // the visitor's downlink, bits per second
	// EarlyPriorities says the server sends concurrent streams by the browser's
	// priorities (the HTML and the CSS before an image), so the LCP image rides in the
	// 103 behind the CSS whatever its size. Not so for Go 1.26's server and Caddy's.
	EarlyPriorities bool `json:"early_priorities"`
}

// Early Hints defaults: a server that thinks 200 ms before the HTML, and the slow link of
// measure (80 ms round trip, 1.6 Mbit/s): 21,600 bytes of files arrive between the hinted
// responses' start and the HTML's. A set that fits a slow link fits a fast one too.
const (
	DefaultEarlyThink = 200 * time.Millisecond
	DefaultEarlyRTT   = 80 * time.Millisecond
	DefaultEarlyRate  = 1_600_000
)

// DefaultPolicy returns the default budgets: the one place they are written down. The
// command's flags, its settings file and the documentation read them from here.
func DefaultPolicy() Policy {
	return Policy{MaxPreloads: 6, MaxFonts: 3, MaxBytes: 400 << 10, YieldBytes: 14600,
		EarlyThink: DefaultEarlyThink, EarlyRTT: DefaultEarlyRTT, EarlyRate: DefaultEarlyRate}
}

// Options shape one page's analysis: the Policy, and how the site is served and read.
type Options struct {
	Policy
	BasePath string // the URL prefix the site is served under ("/docs")
	// FullDOM parses every page into one whole DOM instead of reading the text of long
	// pages' tails from the tokenizer (see parse/tail.go). Slower; the reference that the
	// split reading is tested against.
	FullDOM bool
	// Styles shares compiled style rules between the pages of a run (style.NewCache);
	// nil compiles them for each page.
	Styles *style.Cache
	// Nodes holds the memory of the nodes of the whole DOMs of a run's pages, which each
	// page's analysis reuses from one page before and gives back when it returns (nil:
	// made for each page).
	Nodes *parse.NodePool

	maxStyleWork int // the cascade's bound per page (0: maxStyleWork); set by tests
}

// Resolved returns the policy with its defaults applied: each zero budget (and zero
// Early Hints setting) takes DefaultPolicy's value, and a negative one becomes zero.
func (p Policy) Resolved() Policy {
	d := DefaultPolicy()
	p.MaxPreloads = budget(p.MaxPreloads, d.MaxPreloads)
	p.MaxFonts = budget(p.MaxFonts, d.MaxFonts)
	p.MaxBytes = budget(p.MaxBytes, d.MaxBytes)
	p.YieldBytes = budget(p.YieldBytes, d.YieldBytes)
	p.EarlyThink = budget(p.EarlyThink, d.EarlyThink)
	p.EarlyRTT = budget(p.EarlyRTT, d.EarlyRTT)
	p.EarlyRate = budget(p.EarlyRate, d.EarlyRate)
	return p
}

func (o Options) withDefaults() Options {
	o.Policy = o.Policy.Resolved()
	return o
}

// earlyWindow is the bytes the link delivers between the start of the 103's responses (a
// round trip after the 103 goes out) and the start of the HTML (after the think time), for
// options with their defaults applied.
func (o Options) earlyWindow() int64 {
	t := o.EarlyThink - o.EarlyRTT
	if t <= 0 {
		return 0
	}
	return int64(t.Seconds() * float64(o.EarlyRate) / 8 * earlyPayload)
}

// earlyPayload is the share of the link's rate that carries the hinted files' bytes: TCP/IP
// headers take about 3.5 % of each segment and TLS about 1.6 % of the small records a
// connection starts with, and the rest is margin for the round trip's jitter. Measured
// with none: an 80 KB banner that filled 98 % of the window at 500 ms of think time was
// still arriving when the HTML started (gallery /landing/, FCP x1.16 [1.08-2.20] on Go).
const earlyPayload = 0.9

// budget resolves one budget: zero is the default, a negative value is none.
func budget[T ~int | ~int64](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// Page is the analysis of one page.
type Page struct {
	Path      string      `json:"page"`            // site path of the HTML file
	Resources []*Resource `json:"resources"`       // every resource the page reaches, by depth then discovery
	LCP       *LCP        `json:"lcp,omitempty"`   // the LCP candidate, if one was found
	Hints     []Hint      `json:"hints"`           // ranked; see Hint.HTML and Hint.Header
	External  []string    `json:"external"`        // other origins referenced (never preloaded)
	Notes     []Note      `json:"notes,omitempty"` // what the analysis could not read or resolve
	// SavedRTT estimates the round trips the HTML hints save on the critical path.
	SavedRTT int `json:"saved_rtt"`
	// Saving estimates the time they save the LCP, on a slow and a fast link.
	Saving Saving `json:"saving"`
}

// DepthPrefetched is the depth of a resource only the page's own <link rel=prefetch> names:
// a prefetch is fetched at idle priority, after the page, so it is no discovery wave of the
// first render and ranks after every resource that is. Such a resource gets no hint.
const DepthPrefetched = 99

// Note is a problem the analysis of a page met in a file: the page, or an asset it reaches.
type Note struct {
	File    string `json:"file"` // site path
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"`
}

// Resource is one node of a page's graph.
type Resource struct {
	URL    string   `json:"url"` // site path, or absolute URL for other origins
	Kind   Kind     `json:"kind"`
	Depth  int      `json:"depth"`
	Needed bool     `json:"needed"`
	Why    string   `json:"why"` // why it is needed, or why not
	Edge   EdgeKind `json:"edge"`
	Via    string   `json:"via"` // the resource (or page) that names it
	Bytes  int64    `json:"bytes"`
	Media  string   `json:"media,omitempty"`

	External bool `json:"external,omitempty"`
	Missing  bool `json:"missing,omitempty"`

	// Attributes of the consuming element, copied to a hint.
	CrossOrigin   string `json:"-"`
	Integrity     string `json:"-"`
	Nonce         string `json:"-"`
	Srcset        string `json:"-"`
	Sizes         string `json:"-"`
	Type          string `json:"-"`
	FetchPriority string `json:"-"`
	Preloaded     bool   `json:"preloaded,omitempty"` // the page already preloads it
	FontDisplay   string `json:"font_display,omitempty"`
	LCP           bool   `json:"lcp,omitempty"` // rendering the LCP element needs it
	Dynamic       bool   `json:"-"`             // reached only through import()

	order int
	// noHint says why the resource, though needed, cannot be hinted: a hint would fetch
	// something else than its element does (an LCP image with sizes=auto).
	noHint string
}

// LCP describes the page's largest-contentful-paint candidate.
type LCP struct {
	Kind     LCPKind `json:"kind"`
	URL      string  `json:"url,omitempty"`
	Element  string  `json:"element"`        // a short description (tag#id.class)
	Path     string  `json:"path,omitempty"` // unique CSS path: html>body>main:nth-of-type(1)>h1:nth-of-type(1)
	Text     string  `json:"text,omitempty"`
	Font     string  `json:"font,omitempty"` // the font resource the text needs
	Blocking bool    `json:"font_blocks_text,omitempty"`
	// Unsure says why the guess of an image or background LCP may be wrong ("" when it is
	// taken as sure): its preload then gets no fetchpriority=high (see lcpDoubt).
	Unsure string `json:"unsure,omitempty"`
	Lazy   bool   `json:"lazy,omitempty"` // the LCP image has loading=lazy
	// Media is set when the guessed image or background is shown only where this media
	// query matches (its display or its background rule is under @media), or when a
	// phone's first screen shows something else larger (Phone): its preload carries the
	// media, and other screens get no hint for it.
	Media string `json:"media,omitempty"`
	// Phone is what paints the most in a phone's first screen (412x915 CSS px) when it is
	// not the guess: another block of text, or for an image guess an element that paints
	// clearly more (the image's hint then carries Media "(min-width: 768px)", so phones
	// do not raise it). It gets no hint of its own.
	Phone *LCP `json:"phone,omitempty"`
	// Marked says how the site's author chose the element, when they did: "marked
	// data-preloadgen-lcp" or "selected by \"h1\"" (see LCPSelector).
	Marked string `json:"marked,omitempty"`
}

// LCPKind is what kind of element the LCP guess is.
type LCPKind string

const (
	LCPImage      LCPKind = "image"      // an <img>, a <picture>'s image, or a <video> poster
	LCPBackground LCPKind = "background" // an element's CSS background image
	LCPText       LCPKind = "text"       // a block of text
)

// Hint is one chosen preload, with everything needed to write it as a tag or a Link value.
type Hint struct {
	URL  string `json:"url"`  // site path
	Href string `json:"href"` // as written into this page's HTML, with the query the page uses
	// Query is the query string the page requests URL with ("" when none), without "?".
	Query       string `json:"query,omitempty"`
	Rel         string `json:"rel"` // preload, modulepreload, prefetch
	As          string `json:"as,omitempty"`
	Type        string `json:"type,omitempty"`
	CrossOrigin string `json:"crossorigin,omitempty"` // anonymous or use-credentials
	Media       string `json:"media,omitempty"`
	ImageSrcset string `json:"imagesrcset,omitempty"`
	ImageSizes  string `json:"imagesizes,omitempty"`
	// HeaderSrcset is ImageSrcset with every URL an absolute site path, for Link headers.
	HeaderSrcset  string `json:"header_imagesrcset,omitempty"`
	Integrity     string `json:"integrity,omitempty"`
	Nonce         string `json:"nonce,omitempty"`
	FetchPriority string `json:"fetchpriority,omitempty"`

	Depth    int    `json:"depth"`
	Bytes    int64  `json:"bytes"`
	Reason   string `json:"reason"`
	Priority int    `json:"priority"` // rank group: 0 blocking CSS, 1 LCP, 2 fonts, 3 modules, 4 other, 5 prefetch
	HTML     bool   `json:"html"`     // written into the page
	Header   bool   `json:"header"`   // sent as a Link header / 103 Early Hint
	SavedRTT int    `json:"saved_rtt"`
}
