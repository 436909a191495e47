// The options of a measurement, the typed names of its choices and the one check of both.
// Each choice (Model, Server, HintMode) is a string type whose zero value is the default;
// its values are listed once, in Models, Servers and HintModes, which the parse errors and
// the command's flag help read.

package measure

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/preloadgen/preloadgen"
)

// ErrBadOptions marks Options that cannot work: Run's errors that wrap it are usage errors
// (the command exits with status 2).
var ErrBadOptions = errors.New("invalid measure options")

// Model is how the network between browser and server is emulated. The zero Model is
// ModelTCP.
type Model string

const (
	// ModelTCP is real TCP through the link emulator (package measure/link).
	ModelTCP Model = "tcp"
	// ModelCDP is DevTools' Network.emulateNetworkConditions, a labelled fallback: a
	// per-request latency floor, bandwidth split evenly, 103-hinted fetches not throttled.
	ModelCDP Model = "cdp"
)

// Models lists the network models, the default first.
func Models() []Model { return []Model{ModelTCP, ModelCDP} }

// ParseModel returns the network model named s; "" is the zero Model.
func ParseModel(s string) (Model, error) { return parseChoice("network model", s, Models()) }

// Describe says in a few words what the model is.
func (m Model) Describe() string {
	switch m.orDefault() {
	case ModelTCP:
		return "link emulator, real TCP"
	case ModelCDP:
		return "DevTools emulation, fallback"
	}
	return "unknown"
}

func (m Model) orDefault() Model { return cmp.Or(m, ModelTCP) }

// Server is the server both sites run behind. The zero Server is ServerGo.
type Server string

const (
	// ServerGo is Go's net/http with the hint middleware preloadgen ships (emit/hintmw):
	// Link headers and, with HintsEarly, a 103 Early Hints response.
	ServerGo Server = "go"
	// ServerNginx is a private nginx including the emitted nginx configs: Link headers on
	// the 200 only (nginx cannot send a 103).
	ServerNginx Server = "nginx"
	// ServerCaddy is a private Caddy importing the emitted snippet: Link headers, and a 103
	// for navigations, over HTTP/2.
	ServerCaddy Server = "caddy"
)

// Servers lists the servers, the default first.
func Servers() []Server { return []Server{ServerGo, ServerNginx, ServerCaddy} }

// ParseServer returns the server named s; "" is the zero Server.
func ParseServer(s string) (Server, error) { return parseChoice("server", s, Servers()) }

// Describe says in a few words what the server sends.
func (s Server) Describe() string {
	switch s.orDefault() {
	case ServerGo:
		return "Go net/http with the hint middleware; 103 Early Hints"
	case ServerNginx:
		return "a private nginx with the emitted configs; Link headers only"
	case ServerCaddy:
		return "a private Caddy with the emitted snippet; 103 Early Hints"
	}
	return "unknown"
}

// EarlyHints reports whether the server sends a 103 with HintsEarly.
func (s Server) EarlyHints() bool { return s.orDefault() != ServerNginx }

func (s Server) orDefault() Server { return cmp.Or(s, ServerGo) }

// HintMode says how B's hints reach the browser. The zero HintMode is HintsHTML.
type HintMode string

const (
	// HintsHTML: only the tags in B's pages.
	HintsHTML HintMode = "html"
	// HintsEarly: B's tags and B's header hints, as a 103 Early Hints response and Link
	// headers from the Go server and Caddy, or as Link headers on the 200 from nginx.
	HintsEarly HintMode = "early"
	// HintsNone serves A on both sides: a control run that shows the noise floor.
	HintsNone HintMode = "none"
)

// HintModes lists the hint modes, the default first.
func HintModes() []HintMode { return []HintMode{HintsHTML, HintsEarly, HintsNone} }

// ParseHintMode returns the hint mode named s; "" is the zero HintMode.
func ParseHintMode(s string) (HintMode, error) { return parseChoice("hint mode", s, HintModes()) }

// Describe says in a few words what B's side gets.
func (h HintMode) Describe() string {
	switch h.orDefault() {
	case HintsHTML:
		return "page tags only"
	case HintsEarly:
		return "also Link headers; a 103 from Go and Caddy"
	case HintsNone:
		return "A against itself: the noise floor"
	}
	return "unknown"
}

func (h HintMode) orDefault() HintMode { return cmp.Or(h, HintsHTML) }

// parseChoice finds s among values; "" is the zero value.
func parseChoice[T ~string](what, s string, values []T) (T, error) {
	if s == "" || slices.Contains(values, T(s)) {
		return T(s), nil
	}
	names := make([]string, len(values))
	for i, v := range values {
		names[i] = string(v)
	}
	return "", fmt.Errorf("%w: unknown %s %q (want %s)", ErrBadOptions, what, s, orList(names))
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Profile is a named link.
type Profile struct {
	RTT      time.Duration
	Down, Up int64 // bits per second
}

// Profiles are the named links: slow (1.6 Mbit/s, like a slow 4G) and fast (20 Mbit/s),
// both with an 80 ms round trip.
var Profiles = map[string]Profile{
	"slow": {RTT: 80 * time.Millisecond, Down: 1_600_000, Up: 768_000},
	"fast": {RTT: 80 * time.Millisecond, Down: 20_000_000, Up: 5_000_000},
}

// String describes the link: "RTT 80ms, 1.6 Mbit/s down, 768 kbit/s up".
func (p Profile) String() string {
	return fmt.Sprintf("RTT %v, %s down, %s up", p.RTT, rate(p.Down), rate(p.Up))
}

// ProfileNames lists the names in Profiles, sorted.
func ProfileNames() []string { return slices.Sorted(maps.Keys(Profiles)) }

// Options configure a measurement. Zero values mean the defaults.
type Options struct {
	// A is the original site's directory, B the optimised copy's. When B is empty, Run
	// builds B from A with Analysis into a temporary directory that it removes before it
	// returns. With HintsNone, B is A.
	A, B string
	// Analysis is the analysis of A (its site directory is A) that builds B, or, when B is
	// given, that HintsEarly takes B's header hints from unless HeaderHints or Manifest
	// give them.
	Analysis preloadgen.Options

	// Pages are site paths of HTML files (/index.html, /blog/post/index.html); nil means
	// every page both sites have, up to MaxPages (default 30).
	Pages    []string
	MaxPages int
	Runs     int // visits per page and side; default 5

	// Profile names a link in Profiles, "" none. RTT, Down and Up, when not zero, override
	// its values, and the report then calls the link "custom". A negative rate, and a zero
	// one without a profile, is unlimited.
	Profile  string
	RTT      time.Duration
	Down, Up int64 // bits per second

	Model  Model
	Server Server
	Hints  HintMode
	// HeaderHints maps B's request paths (/, /index.html, /blog/) to Link header values.
	// When nil, they come from Manifest, or from the build of B, or (B given, HintsEarly)
	// from Analysis.
	HeaderHints map[string][]string
	// Manifest names a JSON manifest (emit.ManifestFile) holding B's header hints; only
	// with B.
	Manifest string
	Think    time.Duration // server think time before each page (Go server, Caddy)

	RepeatView bool // also a warm visit in the same browser context
	// CacheControl is sent with every response on both sides (Go, nginx, Caddy), so that a
	// warm visit compares like with like: without it the browser's heuristic freshness
	// (10% of the time since Last-Modified) makes just-written files stale at once and
	// hours-old ones fresh. Default with RepeatView: DefaultCacheControl. Letters, digits,
	// spaces and "=,-" only.
	CacheControl string
	// Record keeps each cold visit's requests, filmstrip and LCP element in its
	// Metrics.Trace, for a report with pictures (package report). It runs a DevTools
	// screencast during each load (trace.go).
	Record bool

	Chrome    string // path; default /usr/bin/chromium or the first on PATH
	NginxPath string // path; default /usr/sbin/nginx or the first on PATH
	// CaddyPath is Caddy's path; default $PRELOADGEN_CADDY, the one
	// scripts/install-test-deps.sh installs, or the first on PATH.
	CaddyPath  string
	Settle     time.Duration // after load, before reading timings; default 500ms
	UnusedWait time.Duration // after load, before collecting preload warnings; default 3.5s
	// Progress, when set, is called after each visit.
	Progress func(done, total int)
}

// DefaultCacheControl is what both sides send with RepeatView unless told otherwise.
const DefaultCacheControl = "max-age=3600"

// check returns o with its defaults filled in, or an error wrapping ErrBadOptions.
func (o Options) check() (Options, error) {
	bad := func(format string, args ...any) (Options, error) {
		return o, fmt.Errorf("%w: "+format, append([]any{ErrBadOptions}, args...)...)
	}
	var err error
	if o.Model, err = ParseModel(string(o.Model)); err != nil {
		return o, err
	}
	if o.Server, err = ParseServer(string(o.Server)); err != nil {
		return o, err
	}
	if o.Hints, err = ParseHintMode(string(o.Hints)); err != nil {
		return o, err
	}
	o.Model, o.Server, o.Hints = o.Model.orDefault(), o.Server.orDefault(), o.Hints.orDefault()
	switch {
	case o.A == "":
		return bad("no site directory given")
	case o.Runs < 0:
		return bad("Runs is negative")
	case o.MaxPages < 0:
		return bad("MaxPages is negative")
	case o.RTT < 0:
		return bad("RTT is negative")
	case o.Manifest != "" && o.B == "":
		return bad("a manifest needs the B site (a build of A makes its own hints)")
	case o.Manifest != "" && o.HeaderHints != nil:
		return bad("both HeaderHints and a manifest given")
	case o.Server == ServerCaddy && o.Hints == HintsEarly && (o.Manifest != "" || o.HeaderHints != nil):
		return bad("Caddy sends the hints of the snippet emit writes: a manifest or a HeaderHints table is for go and nginx")
	}
	for _, c := range o.CacheControl {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune(" =,-", c)) {
			return bad("Cache-Control %q: only letters, digits, spaces and =,- are allowed", o.CacheControl)
		}
	}
	if o.RepeatView && o.CacheControl == "" {
		o.CacheControl = DefaultCacheControl
	}
	if o.Profile != "" {
		p, ok := Profiles[o.Profile]
		if !ok {
			return bad("unknown profile %q (want %s)", o.Profile, orList(ProfileNames()))
		}
		if o.RTT != 0 || o.Down != 0 || o.Up != 0 {
			o.Profile = "custom"
		}
		o.RTT, o.Down, o.Up = cmp.Or(o.RTT, p.RTT), cmp.Or(o.Down, p.Down), cmp.Or(o.Up, p.Up)
	}
	o.Down, o.Up = max(o.Down, 0), max(o.Up, 0)
	if o.Hints == HintsNone {
		o.B = o.A
	}
	if o.Runs == 0 {
		o.Runs = 5
	}
	if o.MaxPages == 0 {
		o.MaxPages = 30
	}
	if o.Settle <= 0 {
		o.Settle = 500 * time.Millisecond
	}
	if o.UnusedWait <= 0 {
		o.UnusedWait = 3500 * time.Millisecond
	}
	return o, nil
}

// ModelLabel describes the network model of o in words, for every report.
func (o *Options) ModelLabel() string {
	what := "real TCP through the link emulator"
	if o.Model == ModelCDP {
		what = "CDP Network.emulateNetworkConditions (fallback: per-request latency floor, bandwidth split evenly, 103-hinted fetches not throttled)"
	}
	return what + ", " + Profile{RTT: o.RTT, Down: o.Down, Up: o.Up}.String()
}

// rate writes a link rate in bits per second for people.
func rate(b int64) string {
	switch {
	case b <= 0:
		return "unlimited"
	case b%1_000_000 == 0 || b >= 10_000_000:
		return fmt.Sprintf("%g Mbit/s", float64(b)/1e6)
	case b >= 1_000_000:
		return fmt.Sprintf("%.1f Mbit/s", float64(b)/1e6)
	}
	return fmt.Sprintf("%g kbit/s", float64(b)/1e3)
}
