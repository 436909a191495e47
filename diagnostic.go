// One shape for every problem the library reports: a file (with its line when known), a
// severity and a wrapped error, so callers can print "file:line:col: message" and still ask
// errors.Is about the cause.

package preloadgen

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// Severity ranks a Diagnostic. The zero value is SeverityWarning.
type Severity int

const (
	// SeverityWarning: the run went on, and its output is right, but something was skipped
	// or looks wrong (a missing file, a CSS syntax error, a hint a config format cannot
	// carry).
	SeverityWarning Severity = iota
	// SeverityError: the file named was not analysed or not written.
	SeverityError
	// SeverityInfo: worth knowing, nothing to fix.
	SeverityInfo
)

var severityNames = [...]string{SeverityWarning: "warning", SeverityError: "error", SeverityInfo: "info"}

func (s Severity) String() string {
	if int(s) >= 0 && int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity returns the severity named by s ("error", "warning" or "info").
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if n == s {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// Diagnostic is a problem found in a file. Line and Col are 1-based, 0 when unknown; File is
// a site path without its leading slash, a path on disk, or "" for the run as a whole.
type Diagnostic struct {
	File     string
	Line     int
	Col      int
	Severity Severity
	Err      error
}

// String formats the diagnostic as "file:line:col: message".
func (d Diagnostic) String() string {
	msg := d.message()
	switch {
	case d.Line > 0:
		return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Col, msg)
	case d.File != "":
		return fmt.Sprintf("%s: %s", d.File, msg)
	}
	return msg
}

// Error makes a Diagnostic an error, so one can be returned or wrapped as one.
func (d Diagnostic) Error() string { return d.String() }

// Unwrap returns the cause.
func (d Diagnostic) Unwrap() error { return d.Err }

func (d Diagnostic) message() string {
	if d.Err == nil {
		return ""
	}
	return d.Err.Error()
}

type diagnosticJSON struct {
	File     string   `json:"file"`
	Line     int      `json:"line,omitempty"`
	Col      int      `json:"col,omitempty"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// MarshalJSON writes {"file", "line", "col", "severity", "message"} (see docs/json.md).
func (d Diagnostic) MarshalJSON() ([]byte, error) {
	return json.Marshal(diagnosticJSON{File: d.File, Line: d.Line, Col: d.Col, Severity: d.Severity, Message: d.message()})
}

// UnmarshalJSON reads what MarshalJSON writes; the cause becomes a plain error.
func (d *Diagnostic) UnmarshalJSON(b []byte) error {
	var j diagnosticJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*d = Diagnostic{File: j.File, Line: j.Line, Col: j.Col, Severity: j.Severity, Err: errors.New(j.Message)}
	return nil
}

// warn is a warning about file.
func warn(file string, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Err: fmt.Errorf(format, args...)}
}

// failure is an error on file: it was not analysed or not written.
func failure(file string, err error) Diagnostic {
	return Diagnostic{File: file, Severity: SeverityError, Err: err}
}

// sortDiagnostics orders diagnostics by their text and drops repeats.
func sortDiagnostics(ds []Diagnostic) []Diagnostic {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].String() < ds[j].String() })
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d.String() == ds[i-1].String() && d.Severity == ds[i-1].Severity {
			continue
		}
		out = append(out, d)
	}
	if out == nil {
		out = []Diagnostic{}
	}
	return out
}
