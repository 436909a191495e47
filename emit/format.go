// The server-config formats, listed once: WriteConfigs, the command's -emit flag and its
// help text, and the settings file all take their names from Formats.

package emit

import (
	"fmt"
	"strings"
)

// Format is a server-config format WriteConfigs can write.
type Format string

const (
	FormatNginx   Format = "nginx"   // nginx-http.conf and nginx-server.conf (nginx.go)
	FormatCaddy   Format = "caddy"   // a Caddyfile snippet (caddy.go)
	FormatGo      Format = "go"      // net/http middleware with the hint table (gocode.go)
	FormatHeaders Format = "headers" // the _headers file of Netlify and Cloudflare Pages (headers.go)
	FormatJSON    Format = "json"    // the JSON manifest (manifest.go)
)

// Formats returns every format, in the order WriteConfigs writes them.
func Formats() []Format {
	return []Format{FormatNginx, FormatCaddy, FormatGo, FormatHeaders, FormatJSON}
}

// FormatList is every format's name, comma-separated: "nginx,caddy,go,headers,json".
func FormatList() string {
	names := make([]string, 0, 5)
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ",")
}

// ParseFormat returns the format named s (case and surrounding space ignored).
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Formats() {
		if f == known {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown config format %q (want %s)", s, strings.ReplaceAll(FormatList(), ",", ", "))
}
