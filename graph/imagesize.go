package graph

import (
	"image"
	_ "image/gif" // GIF headers for DecodeImageSize
	_ "image/jpeg"
	_ "image/png"
	"io"
	"strings"

	"github.com/preloadgen/preloadgen/parse"
)

// An <img> without width and height attributes is laid out at its intrinsic size (at
// most the width of its container). Statically that size is unknown, but the file is in
// the site: its header gives it. A Site that can read files implements ImageSizer.

// ImageSizer is implemented by a Site that can read an image's intrinsic size.
type ImageSizer interface {
	// ImageSize returns the intrinsic width and height of the image at site path p; ok
	// is false when the file is missing or not a JPEG, PNG or GIF.
	ImageSize(p string) (w, h int, ok bool)
}

// DecodeImageSize reads the intrinsic size from the header of a JPEG, PNG or GIF image.
func DecodeImageSize(r io.Reader) (w, h int, ok bool) {
	cfg, _, err := image.DecodeConfig(r)
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}

// fileSized returns ref with its width and height estimated from its file when the
// markup gives neither (no attributes, no size in its style attribute): the intrinsic
// size, scaled down to the viewport's width as the layout would. ok is false when the
// markup gives a size or the file's size cannot be read.
func (a *analyzer) fileSized(ref *parse.Ref) (parse.Ref, bool) {
	if ref.Width > 0 || ref.Height > 0 || ref.Kind != parse.RefImage || ref.URL == "" {
		return *ref, false
	}
	st := strings.ToLower(parse.Attr(ref.Node, "style"))
	if strings.Contains(st, "width") || strings.Contains(st, "height") {
		return *ref, false
	}
	is, ok := a.site.(ImageSizer)
	if !ok {
		return *ref, false
	}
	p, ext, ok := a.res.resolve(ref.URL)
	if !ok || ext != "" {
		return *ref, false
	}
	w, h, ok := is.ImageSize(p)
	if !ok {
		return *ref, false
	}
	fw, fh := float64(w), float64(h)
	if fw > viewportW {
		fh *= viewportW / fw
		fw = viewportW
	}
	out := *ref
	out.Width, out.Height = max(int(fw), 1), max(int(fh), 1)
	return out, true
}
