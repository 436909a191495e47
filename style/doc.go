// Package style is the CSS machinery of the first-screen estimate: the screens it lays
// pages out on (Screen: Laptop and Phone, which verify loads pages at too), the indexed
// rule set that finds the rules matching an element without trying them all (RuleSet,
// shared between the pages of a run through a Cache), style sharing between siblings alike
// in tag and the attributes selectors read (Siblings), a rule set's run-wide memo of what
// the caller derives from matches (Memo: the computed styles), the cascade's rule for which
// declaration wins (Winner, PerScreen, SpecLess), custom properties and var()
// substitution (Vars, Subst), and the resolution of lengths, font sizes, line heights,
// calc() and media queries' widths against a screen.
//
// It knows nothing of a page's resources: firstscreen runs the cascade over a page's
// elements and lays its first screen out with these. Imports run parse → style →
// firstscreen → graph.
package style
