// Package audit finds the hints and LCP markup that a site's authors (and their tools)
// got wrong, over pages the graph package has analysed, and makes the safe repairs.
//
// An Auditor runs the rules (Rules lists them) over one page at a time: Page takes the
// page's analysis and its bytes and returns Findings, each with its rule, severity, place,
// why it hurts and the fix; Summarize sorts and counts them into a Result, and WriteText
// and WriteGitHub print one. Both print a finding that many pages repeat (a shared head's)
// once, as a Group with its page count (Result.Groups); WriteGitHub keeps to the
// annotations GitHub shows per step. Options.Severity re-rates rules or turns them off; its zero
// value, Default, keeps a rule's own severity.
//
// Whether a hint is used is the graph package's judgement: the page is analysed again
// without the author's hints (when it has any; otherwise its analysis is that page), and what that analysis still reaches, and how, is what the
// page fetches by itself. The LCP rules take the LCP guess of the page's analysis and its
// confidence. A finding the analysis cannot be sure of is one severity lower and is never
// repaired.
//
// Fix makes the repairs of a page's fixable findings (a lazy or low-priority LCP image,
// font preloads without crossorigin or with a wrong type, duplicate, unused and mismatched
// preloads) as splices of the page's bytes at the offsets of the tags and attributes:
// nothing else of the page changes, and after the repair the rules find nothing left to
// repair. The preloadgen build command applies it with -fix (preloadgen.BuildOptions.Fix).
//
// The rules, their severities and the limits they use are described in docs/audit.md.
package audit
