// Package style holds the CSS values the first-screen estimate computes with: the screens
// it lays pages out on (Screen: Laptop and Phone), the cascade's rule for which
// declaration wins (Winner, PerScreen, SpecLess), custom properties and var()
// substitution (Vars, Subst), and the resolution of lengths, font sizes, line heights,
// calc() and media queries' widths against a screen.
//
// It knows nothing of pages or their resources: graph runs the cascade over a page's
// elements and lays its first screen out with these values. Imports run parse → style →
// graph.
package style
