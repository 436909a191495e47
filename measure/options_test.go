package measure

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseChoices(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want any
		err  string // part of the error; "" for none
		fn   func(string) (any, error)
	}{
		{"", Model(""), "", parseModel},
		{"tcp", ModelTCP, "", parseModel},
		{"cdp", ModelCDP, "", parseModel},
		{"TCP", Model(""), `unknown network model "TCP" (want tcp or cdp)`, parseModel},
		{"", Server(""), "", parseServer},
		{"go", ServerGo, "", parseServer},
		{"nginx", ServerNginx, "", parseServer},
		{"caddy", ServerCaddy, "", parseServer},
		{"apache", Server(""), `unknown server "apache" (want go, nginx or caddy)`, parseServer},
		{"", HintMode(""), "", parseHintMode},
		{"html", HintsHTML, "", parseHintMode},
		{"early", HintsEarly, "", parseHintMode},
		{"none", HintsNone, "", parseHintMode},
		{"103", HintMode(""), `unknown hint mode "103" (want html, early or none)`, parseHintMode},
	} {
		got, err := tt.fn(tt.in)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%q: %v", tt.in, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, ErrBadOptions)):
			t.Errorf("%q: error %v, want one wrapping ErrBadOptions with %q", tt.in, err, tt.err)
		case got != tt.want:
			t.Errorf("%q: got %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func parseModel(s string) (any, error)    { return ParseModel(s) }
func parseServer(s string) (any, error)   { return ParseServer(s) }
func parseHintMode(s string) (any, error) { return ParseHintMode(s) }

// TestChoicesListed: every value a list holds parses to itself and has a description, and
// the zero value describes the default, which the list names first.
func TestChoicesListed(t *testing.T) {
	check := func(name string, values []string, parse func(string) (any, error), describe func(string) string) {
		t.Helper()
		if len(values) == 0 {
			t.Fatalf("%s: no values", name)
		}
		for _, v := range values {
			if got, err := parse(v); err != nil || reflect.ValueOf(got).String() != v {
				t.Errorf("%s %q parses to %v, %v", name, v, got, err)
			}
			if d := describe(v); d == "" || d == "unknown" {
				t.Errorf("%s %q has no description", name, v)
			}
		}
		if describe("") != describe(values[0]) {
			t.Errorf("%s: the zero value is not the first listed, %q", name, values[0])
		}
	}
	check("model", names(Models()), parseModel, func(s string) string { return Model(s).Describe() })
	check("server", names(Servers()), parseServer, func(s string) string { return Server(s).Describe() })
	check("hint mode", names(HintModes()), parseHintMode, func(s string) string { return HintMode(s).Describe() })
}

func names[T ~string](vs []T) []string {
	var out []string
	for _, v := range vs {
		out = append(out, string(v))
	}
	return out
}

// TestOptionsCheck: Run refuses options that cannot work with an error wrapping
// ErrBadOptions, before it looks for Chromium or starts anything, and fills in the defaults
// of the others.
func TestOptionsCheck(t *testing.T) {
	slow := Profiles["slow"]
	for _, tt := range []struct {
		name string
		in   Options
		err  string   // part of the error wrapping ErrBadOptions; "" for none
		want *Options // the checked options, when err is ""
	}{
		{name: "no A", in: Options{}, err: "no site directory given"},
		{name: "model", in: Options{A: "a", Model: "udp"}, err: `unknown network model "udp"`},
		{name: "server", in: Options{A: "a", Server: "apache"}, err: `unknown server "apache" (want go, nginx or caddy)`},
		{name: "hints", in: Options{A: "a", Hints: "all"}, err: `unknown hint mode "all" (want html, early or none)`},
		{name: "profile", in: Options{A: "a", Profile: "dialup"}, err: `unknown profile "dialup" (want fast or slow)`},
		{name: "runs", in: Options{A: "a", Runs: -1}, err: "Runs"},
		{name: "max pages", in: Options{A: "a", MaxPages: -1}, err: "MaxPages"},
		{name: "rtt", in: Options{A: "a", RTT: -time.Second}, err: "RTT"},
		{name: "manifest without B", in: Options{A: "a", Manifest: "m.json"}, err: "manifest needs the B site"},
		{name: "manifest and hints", in: Options{A: "a", B: "b", Manifest: "m.json", HeaderHints: map[string][]string{}}, err: "both HeaderHints and a manifest"},
		{name: "caddy and a manifest", in: Options{A: "a", B: "b", Server: ServerCaddy, Hints: HintsEarly, Manifest: "m.json"}, err: "Caddy sends the hints of the snippet"},
		{name: "caddy and a table", in: Options{A: "a", Server: ServerCaddy, Hints: HintsEarly, HeaderHints: map[string][]string{}}, err: "Caddy sends the hints of the snippet"},
		{
			name: "defaults", in: Options{A: "a"},
			want: &Options{A: "a", Runs: 5, MaxPages: 30, Model: ModelTCP, Server: ServerGo, Hints: HintsHTML, Settle: 500 * time.Millisecond, UnusedWait: 3500 * time.Millisecond},
		},
		{
			name: "profile", in: Options{A: "a", B: "b", Profile: "slow", Model: ModelCDP, Server: ServerNginx, Hints: HintsEarly, Runs: 2, MaxPages: 3},
			want: &Options{A: "a", B: "b", Profile: "slow", RTT: slow.RTT, Down: slow.Down, Up: slow.Up, Runs: 2, MaxPages: 3, Model: ModelCDP, Server: ServerNginx, Hints: HintsEarly, Settle: 500 * time.Millisecond, UnusedWait: 3500 * time.Millisecond},
		},
		{
			// An override makes the link custom; a negative rate is unlimited (0 in the report).
			name: "custom link", in: Options{A: "a", Profile: "slow", RTT: time.Second, Up: -1},
			want: &Options{A: "a", Profile: "custom", RTT: time.Second, Down: slow.Down, Up: 0, Runs: 5, MaxPages: 30, Model: ModelTCP, Server: ServerGo, Hints: HintsHTML, Settle: 500 * time.Millisecond, UnusedWait: 3500 * time.Millisecond},
		},
		{
			name: "no profile", in: Options{A: "a", Down: 1000},
			want: &Options{A: "a", Down: 1000, Runs: 5, MaxPages: 30, Model: ModelTCP, Server: ServerGo, Hints: HintsHTML, Settle: 500 * time.Millisecond, UnusedWait: 3500 * time.Millisecond},
		},
		{
			// A control run serves A on both sides, whatever B says.
			name: "control", in: Options{A: "a", B: "b", Hints: HintsNone},
			want: &Options{A: "a", B: "a", Hints: HintsNone, Runs: 5, MaxPages: 30, Model: ModelTCP, Server: ServerGo, Settle: 500 * time.Millisecond, UnusedWait: 3500 * time.Millisecond},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.check()
			if tt.err != "" {
				if !errors.Is(err, ErrBadOptions) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("check: %v, want an ErrBadOptions error with %q", err, tt.err)
				}
				// Run says the same before it looks for Chromium (which this path does not name).
				in := tt.in
				in.Chrome = "/nonexistent/chromium"
				if _, err := Run(context.Background(), in); !errors.Is(err, ErrBadOptions) {
					t.Errorf("Run: %v, want ErrBadOptions", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, *tt.want) {
				t.Errorf("check:\n got %+v\nwant %+v", got, *tt.want)
			}
		})
	}
}

func TestModelLabel(t *testing.T) {
	o := Options{A: "a", Profile: "slow"}
	o, err := o.check()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := o.ModelLabel(), "real TCP through the link emulator, RTT 80ms, 1.6 Mbit/s down, 768 kbit/s up"; got != want {
		t.Errorf("ModelLabel = %q, want %q", got, want)
	}
}
