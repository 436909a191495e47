// JSON manifest: the page hints for anything else (a CDN worker, a custom server).
//
// Version 2 groups pages by hint set, as the server configs do, so its size follows the
// distinct sets and the exceptions, not the page count: the sets, a directory map for the
// directories whose pages share one, and the pages named one by one. Keys are site paths
// (no base path). encoding/json sorts map keys, and HTML escaping is off so values read as
// they are sent. docs/servers.md describes the shape.

package emit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// ManifestFile is the name of the JSON manifest WriteConfigs writes into the config
// directory.
const ManifestFile = "preloadgen-manifest.json"

// ManifestVersion is the version of the manifest's shape that WriteConfigs writes.
const ManifestVersion = 2

// Manifest is the content of the JSON manifest.
//
// A page's hints are Sets[Pages[page]].Links when Pages names the page. Otherwise, when the
// page's site path ends in ".html", they are those of the longest directory in Dirs that
// the path starts with; otherwise none. Links reads them so.
type Manifest struct {
	Version int            `json:"version"`
	Sets    []ManifestSet  `json:"sets"`            // Sets[0] is the empty set: no hints
	Dirs    map[string]int `json:"dirs,omitempty"`  // directory ("/docs/") -> set of the pages under it
	Pages   map[string]int `json:"pages,omitempty"` // page site path ("/docs/a.html") -> set
	// Speculation, when set, is the site's speculation rules file, for a Speculation-Rules
	// header on every response but the excepted pages' (docs/speculation.md).
	Speculation *ManifestSpeculation `json:"speculation,omitempty"`
}

// ManifestSpeculation is the speculation rules header of a site.
type ManifestSpeculation struct {
	File        string   `json:"file"`             // URL path, base path included
	ContentType string   `json:"content_type"`     // what the file must be served as
	Header      string   `json:"header"`           // the Speculation-Rules value
	Except      []string `json:"except,omitempty"` // site paths of pages with rules of their own
}

// ManifestSet is one hint set: its Link values in rank order, and how many pages have it.
type ManifestSet struct {
	Links []string `json:"links"`
	Pages int      `json:"pages"`
}

// ReadManifest reads a manifest that WriteConfigs wrote.
func ReadManifest(file string) (*Manifest, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if m.Version != ManifestVersion {
		return nil, fmt.Errorf("%s: manifest version %d, want %d (rebuild the site)", file, m.Version, ManifestVersion)
	}
	for k, i := range m.Dirs {
		if i < 0 || i >= len(m.Sets) {
			return nil, fmt.Errorf("%s: directory %q names set %d of %d", file, k, i, len(m.Sets))
		}
	}
	for k, i := range m.Pages {
		if i < 0 || i >= len(m.Sets) {
			return nil, fmt.Errorf("%s: page %q names set %d of %d", file, k, i, len(m.Sets))
		}
	}
	return &m, nil
}

// Links returns the Link values of a page (its site path, e.g. /blog/post/index.html).
func (m *Manifest) Links(page string) []string {
	i, ok := m.Pages[page]
	if !ok && strings.HasSuffix(page, ".html") {
		for d := page[:strings.LastIndexByte(page, '/')+1]; d != ""; d = d[:strings.LastIndexByte(d[:len(d)-1], '/')+1] {
			if i, ok = m.Dirs[d]; ok {
				break
			}
		}
	}
	if i <= 0 || i >= len(m.Sets) {
		return nil
	}
	return m.Sets[i].Links
}

// RequestHints returns the table RequestHints builds from an analysis, for the given pages
// (site paths): each request path a page answers to (/dir/ and /dir/index.html for a
// directory index), under basePath, maps to the page's Link values. Pages without hints
// are left out.
func (m *Manifest) RequestHints(basePath string, pages []string) map[string][]string {
	out := make(map[string][]string, len(pages))
	for _, page := range pages {
		links := m.Links(page)
		if len(links) == 0 {
			continue
		}
		for _, rp := range requestPaths(page, basePath) {
			out[rp] = links
		}
	}
	return out
}

// manifestJSON renders the manifest.
func manifestJSON(hs *hintSets, spec *SpeculationConfig) ([]byte, error) {
	pl := planOverride(hs)
	m := Manifest{Version: ManifestVersion}
	if spec != nil {
		m.Speculation = &ManifestSpeculation{File: spec.File, ContentType: speculationMIME, Header: spec.value(), Except: spec.Except}
	}
	for i, links := range hs.sets {
		if links == nil {
			links = []string{}
		}
		m.Sets = append(m.Sets, ManifestSet{Links: links, Pages: hs.count[i]})
	}
	if len(pl.dirs) > 0 {
		m.Dirs = map[string]int{}
		for _, d := range pl.dirs {
			m.Dirs[d.dir] = d.set
		}
	}
	if len(pl.exact) > 0 {
		m.Pages = map[string]int{}
		for _, e := range pl.exact {
			m.Pages[e.page] = e.set
		}
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
