// JSON manifest: the page hints for anything else (a CDN worker, a custom server).
//
// Keys are the site paths of the pages, values their Link values in rank order. encoding/json
// sorts map keys, and HTML escaping is off so values read as they are sent.
package emit

import (
	"bytes"
	"encoding/json"
)

const manifestFile = "preloadgen-manifest.json"

// manifestJSON renders the manifest.
func manifestJSON(pls []pageLinks) ([]byte, error) {
	m := make(map[string][]string, len(pls))
	for _, pl := range pls {
		m[pl.Page] = pl.Links
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
