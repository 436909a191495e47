// JSON manifest: the page hints for anything else (a CDN worker, a custom server).
//
// Keys are the site paths of the pages, values their Link values in rank order. encoding/json
// sorts map keys, and HTML escaping is off so values read as they are sent.

package emit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// ManifestFile is the name of the JSON manifest WriteConfigs writes into the config
// directory.
const ManifestFile = "preloadgen-manifest.json"

// Manifest is the content of the JSON manifest: each page's site path (/index.html,
// /blog/post/index.html, without the base path) and its Link values in rank order.
type Manifest map[string][]string

// ReadManifest reads a manifest that WriteConfigs wrote.
func ReadManifest(file string) (Manifest, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return m, nil
}

// RequestHints returns the manifest as the table RequestHints builds from an analysis: each
// request path a page answers to (/dir/ and /dir/index.html for a directory index), under
// basePath, maps to the page's Link values.
func (m Manifest) RequestHints(basePath string) map[string][]string {
	out := make(map[string][]string, len(m))
	for page, links := range m {
		for _, rp := range requestPaths(page, basePath) {
			out[rp] = links
		}
	}
	return out
}

// manifestJSON renders the manifest.
func manifestJSON(pls []pageLinks) ([]byte, error) {
	m := make(Manifest, len(pls))
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
