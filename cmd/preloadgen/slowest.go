package main

// The slowest pages of an analysis, for performance work on real sites: with
// PRELOADGEN_SLOWEST=N, analyze prints the N pages whose analysis took longest to stderr
// after its report (BENCHMARKS.md, "real themes"). Off by default: the times change from
// run to run, and the report itself stays deterministic.

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"time"
)

// slowestEnv names the variable; its value is how many pages to list.
const slowestEnv = "PRELOADGEN_SLOWEST"

type pageTime struct {
	path string
	took time.Duration
}

// slowest keeps the n longest analysis times seen, longest first; n 0 keeps nothing.
type slowest struct {
	n     int
	pages []pageTime
	total time.Duration
	count int
}

// slowestFromEnv reads PRELOADGEN_SLOWEST: unset or empty is off; a bad value is an error.
func slowestFromEnv() (*slowest, error) {
	v := os.Getenv(slowestEnv)
	if v == "" {
		return &slowest{}, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return nil, usageError{fmt.Sprintf("%s=%q: want a count of pages", slowestEnv, v)}
	}
	return &slowest{n: n}, nil
}

func (s *slowest) add(path string, took time.Duration) {
	if s.n == 0 {
		return
	}
	s.total += took
	s.count++
	i := sort.Search(len(s.pages), func(i int) bool { return s.pages[i].took < took })
	if i >= s.n {
		return
	}
	if len(s.pages) < s.n {
		s.pages = append(s.pages, pageTime{})
	}
	copy(s.pages[i+1:], s.pages[i:])
	s.pages[i] = pageTime{path, took}
}

// print writes the list: one line per page, the time in milliseconds, then the mean.
func (s *slowest) print(w io.Writer) {
	if s.n == 0 || s.count == 0 {
		return
	}
	fmt.Fprintf(w, "slowest pages (analysis wall time on its worker, of %d pages, mean %.1f ms):\n",
		s.count, float64(s.total)/float64(s.count)/1e6)
	for _, p := range s.pages {
		fmt.Fprintf(w, "%10.1f ms  %s\n", float64(p.took)/1e6, p.path)
	}
}
