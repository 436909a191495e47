// build -fix: the repairs of the author's own markup that a build may apply (package
// audit decides which, and splices them). A page is repaired before its hints are chosen
// and written, and its analysis is replaced by that of the repaired bytes: the block and
// the server configs then carry the hints a second build computes, and the second build
// finds nothing to repair and changes nothing.

package preloadgen

import (
	"context"
	"fmt"

	"github.com/preloadgen/preloadgen/audit"
	"github.com/preloadgen/preloadgen/graph"
)

// Fixer repairs a page's markup: src is the page without preloadgen's block, p its
// analysis. It returns the repaired page, its analysis and the changes made; audit's
// Auditor.Fix is one.
type Fixer func(ctx context.Context, p *graph.Page, src []byte) (*audit.Repair, error)

// PageFix is one repair a build made (or, with Check, would make) to a page.
type PageFix = audit.Change

// fixer binds a build's Fixer to its context, for the page writer.
func (o BuildOptions) fixer(ctx context.Context) func(*Page) ([]PageFix, error) {
	if o.Fix == nil {
		return nil
	}
	return func(p *Page) ([]PageFix, error) {
		r, err := o.Fix(ctx, p.Page, p.HTML)
		if err != nil {
			return nil, fmt.Errorf("repairing %s: %w", p.Path, err)
		}
		if len(r.Changes) == 0 {
			return nil, nil
		}
		*p.Page = *r.Page
		p.HTML = r.Src
		return r.Changes, nil
	}
}

// repair applies the build's Fixer, if any, to p.
func (w *pageWriter) repair(p *Page) ([]PageFix, error) {
	if w.fix == nil {
		return nil, nil
	}
	return w.fix(p)
}
