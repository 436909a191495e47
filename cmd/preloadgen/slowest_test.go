package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestSlowestKeepsTheLongest(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		n    int
		in   []time.Duration
		want []string
	}{
		{0, []time.Duration{3 * ms, 1 * ms}, nil},
		{1, []time.Duration{3 * ms, 9 * ms, 1 * ms}, []string{"/p1"}},
		{2, []time.Duration{3 * ms, 9 * ms, 1 * ms, 5 * ms}, []string{"/p1", "/p3"}},
		{5, []time.Duration{3 * ms, 1 * ms}, []string{"/p0", "/p1"}},
		{2, []time.Duration{4 * ms, 4 * ms, 4 * ms}, []string{"/p0", "/p1"}}, // ties: the first seen
	} {
		s := &slowest{n: tc.n}
		for i, d := range tc.in {
			s.add(fmt.Sprintf("/p%d", i), d)
		}
		var got []string
		for _, p := range s.pages {
			got = append(got, p.path)
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("n=%d %v: kept %v, want %v", tc.n, tc.in, got, tc.want)
		}
	}
}

func TestAnalyzeListsSlowestPages(t *testing.T) {
	t.Setenv(slowestEnv, "2")
	code, _, stderr := runCLI(t, "analyze", "-q", "../../fixtures/blog")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "slowest pages (analysis wall time on its worker, of 7 pages, mean ") {
		t.Fatalf("no list of the slowest pages:\n%s", stderr)
	}
	lines := regexp.MustCompile(`(?m)^ +[0-9]+\.[0-9] ms  (/\S+\.html)$`).FindAllStringSubmatch(stderr, -1)
	if len(lines) != 2 {
		t.Errorf("want 2 pages listed:\n%s", stderr)
	}

	t.Setenv(slowestEnv, "many")
	if code, _, stderr := runCLI(t, "analyze", "-q", "../../fixtures/blog"); code != 2 || !strings.Contains(stderr, slowestEnv) {
		t.Errorf("a bad %s: exit %d, %s", slowestEnv, code, stderr)
	}
}
