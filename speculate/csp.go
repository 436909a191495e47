// Content-Security-Policy: whether a page's own policy lets an inline speculation rules
// script run. Browsers check inline speculation rules against script-src-elem (falling
// back to script-src, then default-src) like any inline script, with one more source,
// 'inline-speculation-rules', that allows them and nothing else. A page under several
// policies must satisfy each of them.

package speculate

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"strings"
)

// Inline says whether and how an inline rules script may run under a page's policies.
type Inline struct {
	OK    bool
	Nonce string // the nonce the script must carry ("" for none)
	// Reason says why a script cannot run (OK false).
	Reason string
}

// inlineAllowed decides whether an inline speculationrules script with the given text can
// run under the policies (each a meta's content), carrying one of the page's own nonces
// if that is what a policy allows.
func inlineAllowed(policies []string, text string, nonces []string) Inline {
	var need []string // the policies with a rule for scripts
	for _, content := range policies {
		// One meta may carry several policies, separated by commas.
		for _, p := range strings.Split(content, ",") {
			if srcs, ok := scriptSources(p); ok {
				need = append(need, strings.Join(srcs, " "))
			}
		}
	}
	if len(need) == 0 {
		return Inline{OK: true}
	}
	// Without a nonce, or with each of the page's nonces in turn.
	for _, nonce := range append([]string{""}, nonces...) {
		all := true
		for _, srcs := range need {
			if !sourcesAllow(strings.Fields(srcs), text, nonce) {
				all = false
				break
			}
		}
		if all {
			return Inline{OK: true, Nonce: nonce}
		}
	}
	return Inline{Reason: "the page's Content-Security-Policy forbids inline speculation rules (allow them with 'inline-speculation-rules', or deliver the rules by the Speculation-Rules header)"}
}

// scriptSources returns the source list governing inline script elements in one policy:
// script-src-elem, else script-src, else default-src; false when none is given.
func scriptSources(policy string) ([]string, bool) {
	dirs := map[string][]string{}
	for _, d := range strings.Split(policy, ";") {
		fields := strings.Fields(d)
		if len(fields) == 0 {
			continue
		}
		name := strings.ToLower(fields[0])
		if _, dup := dirs[name]; !dup { // the first of a name wins
			dirs[name] = fields[1:]
		}
	}
	for _, n := range []string{"script-src-elem", "script-src", "default-src"} {
		if s, ok := dirs[n]; ok {
			return s, true
		}
	}
	return nil, false
}

// sourcesAllow reports whether a source list allows an inline script with the text,
// carrying nonce (when not "").
func sourcesAllow(srcs []string, text, nonce string) bool {
	unsafeInline, hashOrNonce := false, false
	for _, s := range srcs {
		ls := strings.ToLower(s)
		switch {
		case ls == "'inline-speculation-rules'":
			return true
		case ls == "'unsafe-inline'":
			unsafeInline = true
		case ls == "'strict-dynamic'":
			hashOrNonce = true // 'unsafe-inline' is ignored under it
		case strings.HasPrefix(ls, "'nonce-") && strings.HasSuffix(s, "'"):
			hashOrNonce = true
			if nonce != "" && s[len("'nonce-"):len(s)-1] == nonce {
				return true
			}
		case strings.HasPrefix(ls, "'sha256-"), strings.HasPrefix(ls, "'sha384-"), strings.HasPrefix(ls, "'sha512-"):
			hashOrNonce = true
			if hashMatches(s, text) {
				return true
			}
		}
	}
	return unsafeInline && !hashOrNonce
}

// hashMatches reports whether a hash source ('sha256-...') is the hash of text.
func hashMatches(src, text string) bool {
	if len(src) < 10 || !strings.HasSuffix(src, "'") {
		return false
	}
	alg, val := strings.ToLower(src[1:7]), src[8:len(src)-1]
	var sum []byte
	switch alg {
	case "sha256":
		h := sha256.Sum256([]byte(text))
		sum = h[:]
	case "sha384":
		h := sha512.Sum384([]byte(text))
		sum = h[:]
	case "sha512":
		h := sha512.Sum512([]byte(text))
		sum = h[:]
	default:
		return false
	}
	// Browsers accept the base64 and base64url alphabets.
	val = strings.NewReplacer("-", "+", "_", "/").Replace(val)
	return strings.TrimRight(val, "=") == strings.TrimRight(base64.StdEncoding.EncodeToString(sum), "=")
}

// Hash returns the CSP hash source of an inline script's text ('sha256-...').
func Hash(text string) string {
	h := sha256.Sum256([]byte(text))
	return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
}
