package speculate

import "testing"

func TestInlineAllowed(t *testing.T) {
	const text = `{"prefetch":[]}`
	hash := Hash(text)
	for _, tc := range []struct {
		name     string
		policies []string
		nonces   []string
		ok       bool
		nonce    string
	}{
		{"no policy", nil, nil, true, ""},
		{"no script rule", []string{"img-src 'self'"}, nil, true, ""},
		{"self only", []string{"script-src 'self'"}, nil, false, ""},
		{"default-src none", []string{"default-src 'none'"}, nil, false, ""},
		{"default-src unsafe-inline", []string{"default-src 'self' 'unsafe-inline'"}, nil, true, ""},
		{"script-src wins over default-src", []string{"default-src 'unsafe-inline'; script-src 'self'"}, nil, false, ""},
		{"script-src-elem wins", []string{"script-src 'self'; script-src-elem 'self' 'unsafe-inline'"}, nil, true, ""},
		{"inline-speculation-rules", []string{"script-src 'self' 'inline-speculation-rules'"}, nil, true, ""},
		{"keyword case", []string{"SCRIPT-SRC 'Inline-Speculation-Rules'"}, nil, true, ""},
		{"hash", []string{"script-src 'self' " + hash}, nil, true, ""},
		{"other hash", []string{"script-src 'sha256-AAAA'"}, nil, false, ""},
		{"unsafe-inline ignored beside a hash", []string{"script-src 'unsafe-inline' 'sha256-AAAA'"}, nil, false, ""},
		{"unsafe-inline ignored under strict-dynamic", []string{"script-src 'unsafe-inline' 'strict-dynamic'"}, nil, false, ""},
		{"nonce the page carries", []string{"script-src 'nonce-abc'"}, []string{"xyz", "abc"}, true, "abc"},
		{"nonce the page lacks", []string{"script-src 'nonce-abc'"}, []string{"xyz"}, false, ""},
		{"two policies, one forbids", []string{"script-src 'unsafe-inline'", "script-src 'self'"}, nil, false, ""},
		{"two policies in one meta", []string{"script-src 'unsafe-inline', script-src 'self'"}, nil, false, ""},
		{"first directive of a name wins", []string{"script-src 'self'; script-src 'unsafe-inline'"}, nil, false, ""},
	} {
		got := inlineAllowed(tc.policies, text, tc.nonces)
		if got.OK != tc.ok || got.Nonce != tc.nonce {
			t.Errorf("%s: got %+v, want ok %v nonce %q", tc.name, got, tc.ok, tc.nonce)
		}
	}
}

func TestHashMatchesBase64URL(t *testing.T) {
	text := "x"
	h := Hash(text) // 'sha256-LSzP...'
	url := "'sha256-" + toURL(h[8:len(h)-1]) + "'"
	if !hashMatches(url, text) || !hashMatches(h, text) || hashMatches(h, "y") {
		t.Errorf("hash %s / %s", h, url)
	}
}

func toURL(b64 string) string {
	out := []byte(b64)
	for i, c := range out {
		switch c {
		case '+':
			out[i] = '-'
		case '/':
			out[i] = '_'
		}
	}
	return string(out)
}
