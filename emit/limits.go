// Header size caps: how many bytes of Link values one page may send, per target.
//
// A page with many late resources can produce a Link header of several kilobytes. The
// servers preloadgen writes for send that without complaint; what breaks is a host or proxy
// with a smaller limit, and it breaks the whole response (a 502) or drops the rules, not just
// the hints. So each format has a cap on one page's Link values, measured as they reach a
// browser: the values joined with ", ". Over the cap the lowest-ranked hints are dropped,
// whole values only, keeping the longest run of top-ranked ones that fits, and a warning
// names the page, the formats, the count and the cap. All numbers are in this file.

package emit

import (
	"fmt"
	"sort"
	"strings"
)

const (
	// HeadersLinkCap caps a page's Link values in _headers (Cloudflare Pages, Netlify).
	//
	// Cloudflare Pages limits each line of _headers to 2,000 characters, indentation and
	// header name included (developers.cloudflare.com/pages/configuration/headers/:
	// "Each line in the _headers file has a 2,000 character limit. The entire line,
	// including spacing, header name, and value, counts towards this limit"). Each value is
	// a line of its own, "  Link: <value>", and Cloudflare joins a header given twice with
	// commas; its docs state no limit for the joined header, so the cap applies the line
	// limit, less the line's prefix, to the whole joined value: conservative, and every
	// line fits too. Netlify documents no size limit; one file serves both hosts, so the
	// stricter one decides.
	HeadersLinkCap = 2000 - len(headersLinkPrefix)

	// ServerLinkCap caps a page's Link values for nginx, Caddy, the Go middleware and the
	// JSON manifest.
	//
	// These servers set no limit on the response headers they send (nginx sizes its
	// header buffer to fit; Go's net/http, and so Caddy, has no limit on response headers),
	// and browsers accept far more (Chromium advertises an HTTP/2 SETTINGS_MAX_HEADER_LIST_SIZE
	// of 256 KiB, net/http/http_network_session.h; Go's client reads up to 10 MiB). The
	// tight spot is a proxy in front: nginx as a reverse proxy reads an upstream's whole
	// response header into proxy_buffer_size (fastcgi_buffer_size and uwsgi_buffer_size
	// alike), "by default ... one memory page. This is either 4K or 8K, depending on a
	// platform" (nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_buffer_size): 4
	// KiB on x86-64 and most arm64 Linux. A header that does not fit fails the request with
	// 502 and "upstream sent too big header" in the error log. CDNs commonly allow 8 KiB
	// for one header, so the 4 KiB buffer is the tighter limit; 3 KiB of Link values leaves
	// 1 KiB of it for the status line and the other headers.
	ServerLinkCap = 3072
)

// headersLinkPrefix starts each Link line in _headers.
const headersLinkPrefix = "  Link: "

// defaultLinkCap is the cap of a format when ConfigOptions.LinkCaps does not set one.
//
// The manifest takes the servers' cap: it feeds a worker or custom server much like the
// ones preloadgen writes for, and so it stays the one reference for what nginx, Caddy and Go
// send (the live tests compare against it). A consumer with a tighter limit can cut it
// further from the end: values are in rank order.
func defaultLinkCap(format Format) int {
	if format == FormatHeaders {
		return HeadersLinkCap
	}
	return ServerLinkCap
}

// linksSize is the size of a page's Link values joined into one header value.
func linksSize(links []string) int {
	n := 0
	for i, v := range links {
		if i > 0 {
			n += len(", ")
		}
		n += len(v)
	}
	return n
}

// linkCut records a page whose Link values went over a cap.
type linkCut struct {
	page          string
	total, kept   int // values before and after the cut
	size, keptLen int // bytes before and after the cut
}

// capLinks returns pls with each page's Link values cut to the longest leading run whose
// joined size is at most limit (limit < 0: no cap), and the pages it cut. Only whole values
// are dropped, the lowest-ranked first; a page left with none is left out. pls is not
// modified.
func capLinks(pls []pageLinks, limit int) ([]pageLinks, []linkCut) {
	if limit < 0 {
		return pls, nil
	}
	var out []pageLinks
	var cuts []linkCut
	for i, pl := range pls {
		size := linksSize(pl.Links)
		if size <= limit {
			if out != nil {
				out = append(out, pl)
			}
			continue
		}
		if out == nil {
			out = append(make([]pageLinks, 0, len(pls)), pls[:i]...)
		}
		n, used := 0, 0
		for _, v := range pl.Links {
			next := used + len(v)
			if n > 0 {
				next += len(", ")
			}
			if next > limit {
				break
			}
			n, used = n+1, next
		}
		cuts = append(cuts, linkCut{page: pl.Page, total: len(pl.Links), kept: n, size: size, keptLen: used})
		if n > 0 {
			out = append(out, pageLinks{Page: pl.Page, Links: pl.Links[:n:n]})
		}
	}
	if out == nil {
		return pls, nil
	}
	return out, cuts
}

// cappedLinks cuts pls once per distinct cap among formats (caps[format]) and returns each
// format's pages and one warning per cut page and cap, naming the files of the formats that
// share it (fileOf).
func cappedLinks(pls []pageLinks, formats []Format, caps map[Format]int, fileOf func(format Format) string) (map[Format][]pageLinks, []string) {
	byFormat := map[Format][]pageLinks{}
	var limits []int
	files := map[int][]string{}
	cutsOf := map[int][]linkCut{}
	for _, f := range formats {
		limit := caps[f]
		if _, done := files[limit]; !done {
			limits = append(limits, limit)
		}
		files[limit] = append(files[limit], fileOf(f))
	}
	capped := map[int][]pageLinks{}
	for _, limit := range limits {
		capped[limit], cutsOf[limit] = capLinks(pls, limit)
	}
	for _, f := range formats {
		byFormat[f] = capped[caps[f]]
	}
	sort.Ints(limits)
	var warns []string
	for _, limit := range limits {
		for _, c := range cutsOf[limit] {
			warns = append(warns, c.warning(limit, files[limit]))
		}
	}
	return byFormat, warns
}

// warning describes a cut, e.g.
//
//	/big/index.html: Link header of 4310 bytes over the 3072-byte cap in nginx-http.conf, preloadgen.caddy: the 14 lowest-ranked of 60 hints dropped, 46 kept (3050 bytes)
func (c linkCut) warning(limit int, files []string) string {
	return fmt.Sprintf("%s: Link header of %d bytes over the %d-byte cap in %s: the %d lowest-ranked of %d hints dropped, %d kept (%d bytes)",
		quoteForMessage(c.page), c.size, limit, strings.Join(files, ", "), c.total-c.kept, c.total, c.kept, c.keptLen)
}
