package graph

import (
	"github.com/preloadgen/preloadgen/style"
)

// usedVars returns the custom properties that the font and box properties of sheets read
// (font family, weight, style and size, line heights, margins, paddings, widths and
// heights), directly or through the value of another such property.
func usedVars(sheets []activeSheet) map[string]bool {
	used := map[string]bool{}
	for _, as := range sheets {
		for i := range as.sheet.Rules {
			r := &as.sheet.Rules[i]
			for _, v := range []string{r.FontFamilyVar, r.FontWeightVar, r.FontStyleVar, r.FontSize, r.LineHeight, r.MarginTop, r.MarginBottom, r.PaddingTop, r.PaddingBottom,
				r.Width, r.MaxWidth, r.MarginLeft, r.MarginRight, r.PaddingLeft, r.PaddingRight, r.Height, r.MinHeight, r.FlexBasis} {
				for _, n := range style.VarNames(v) {
					used[n] = true
				}
			}
		}
	}
	if len(used) == 0 {
		return nil
	}
	for changed := true; changed; {
		changed = false
		for _, as := range sheets {
			for i := range as.sheet.Rules {
				for _, cp := range as.sheet.Rules[i].Vars {
					if !used[cp.Name] {
						continue
					}
					for _, n := range style.VarNames(cp.Value) {
						if !used[n] {
							used[n], changed = true, true
						}
					}
				}
			}
		}
	}
	return used
}
