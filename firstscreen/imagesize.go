package firstscreen

import (
	"bytes"
	"encoding/binary"
	"image"
	_ "image/gif" // GIF headers for DecodeImageSize
	_ "image/jpeg"
	_ "image/png"
	"io"
	"iter"
	"strings"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// An <img> without width and height attributes is laid out at its intrinsic size (at
// most the width of its container). Statically that size is unknown, but the file is in
// the site: its header gives it. A Site that can read files implements ImageSizer.

// ImageSizer is implemented by a Site that can read an image's intrinsic size.
type ImageSizer interface {
	// ImageSize returns the intrinsic width and height of the image at site path p; ok
	// is false when the file is missing or not a JPEG, PNG, GIF, WebP or AVIF image.
	ImageSize(p string) (w, h int, ok bool)
}

// headerBytes bounds how much of a file DecodeImageSize reads for WebP and AVIF: an AVIF's
// meta box, with the image's size, comes before the image data.
const headerBytes = 64 << 10

// DecodeImageSize reads the intrinsic size from the header of a JPEG, PNG, GIF, WebP
// (lossy VP8, lossless VP8L, extended VP8X) or AVIF (the primary item's ispe property,
// turned by its irot) image.
func DecodeImageSize(r io.Reader) (w, h int, ok bool) {
	head := make([]byte, 32)
	n, _ := io.ReadFull(r, head)
	head = head[:n]
	switch {
	case n >= 12 && string(head[0:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return webpSize(head)
	case n >= 12 && string(head[4:8]) == "ftyp":
		rest, _ := io.ReadAll(io.LimitReader(r, headerBytes))
		return avifSize(append(head, rest...))
	}
	cfg, _, err := image.DecodeConfig(io.MultiReader(bytes.NewReader(head), r))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}

// webpSize reads the canvas size from the first chunk of a WebP file (RFC 9649).
func webpSize(b []byte) (int, int, bool) {
	if len(b) < 30 {
		return 0, 0, false
	}
	d := b[20:]
	var w, h int
	switch string(b[12:16]) {
	case "VP8 ": // frame tag (3 bytes), start code 9d 01 2a, 14-bit width and height
		if d[3] != 0x9d || d[4] != 0x01 || d[5] != 0x2a {
			return 0, 0, false
		}
		w = int(binary.LittleEndian.Uint16(d[6:8]) & 0x3fff)
		h = int(binary.LittleEndian.Uint16(d[8:10]) & 0x3fff)
	case "VP8L": // signature 0x2f, then width-1 and height-1 in 14 bits each
		if d[0] != 0x2f {
			return 0, 0, false
		}
		bits := binary.LittleEndian.Uint32(d[1:5])
		w, h = int(bits&0x3fff)+1, int(bits>>14&0x3fff)+1
	case "VP8X": // flags (1 byte), reserved (3), canvas width-1 and height-1 in 24 bits each
		w = int(uint32(d[4])|uint32(d[5])<<8|uint32(d[6])<<16) + 1
		h = int(uint32(d[7])|uint32(d[8])<<8|uint32(d[9])<<16) + 1
	default:
		return 0, 0, false
	}
	if w <= 0 || h <= 0 {
		return 0, 0, false
	}
	return w, h, true
}

// avifSize reads the size of an AVIF (HEIF) image's primary item: its ispe property (the
// first one when the associations cannot be read), with width and height swapped when its
// irot property turns it by a quarter.
func avifSize(b []byte) (int, int, bool) {
	ftyp, rest, ok := box(b)
	if !ok || ftyp.typ != "ftyp" || !avifBrand(ftyp.body) {
		return 0, 0, false
	}
	var meta []byte
	for len(rest) > 0 {
		var bx isoBox
		if bx, rest, ok = box(rest); !ok {
			return 0, 0, false
		}
		if bx.typ == "meta" {
			meta = bx.body
			break
		}
	}
	if len(meta) < 4 {
		return 0, 0, false
	}
	var primary uint32
	var props []isoBox // ipco's properties, in order (index 1 is the first)
	var assoc []uint16 // the primary item's property indexes
	var ipma []byte
	for rest := meta[4:]; len(rest) > 0; { // meta is a full box: version and flags first
		var bx isoBox
		if bx, rest, ok = box(rest); !ok {
			break
		}
		switch bx.typ {
		case "pitm":
			if len(bx.body) >= 6 && bx.body[0] == 0 {
				primary = uint32(binary.BigEndian.Uint16(bx.body[4:6]))
			} else if len(bx.body) >= 8 {
				primary = binary.BigEndian.Uint32(bx.body[4:8])
			}
		case "iprp":
			for r := bx.body; len(r) > 0; {
				var c isoBox
				if c, r, ok = box(r); !ok {
					break
				}
				switch c.typ {
				case "ipco":
					for p := c.body; len(p) > 0; {
						var pb isoBox
						if pb, p, ok = box(p); !ok {
							break
						}
						props = append(props, pb)
					}
				case "ipma":
					ipma = c.body
				}
			}
		}
	}
	assoc = ipmaFor(ipma, primary)
	var ispe, irot *isoBox
	for _, i := range assoc {
		if int(i) < 1 || int(i) > len(props) {
			continue
		}
		p := &props[i-1]
		switch {
		case p.typ == "ispe" && ispe == nil:
			ispe = p
		case p.typ == "irot" && irot == nil:
			irot = p
		}
	}
	if ispe == nil {
		for i := range props {
			if props[i].typ == "ispe" {
				ispe = &props[i]
				break
			}
		}
	}
	if ispe == nil || len(ispe.body) < 12 {
		return 0, 0, false
	}
	w := int(binary.BigEndian.Uint32(ispe.body[4:8]))
	h := int(binary.BigEndian.Uint32(ispe.body[8:12]))
	if irot != nil && len(irot.body) >= 1 && irot.body[0]&3%2 == 1 {
		w, h = h, w
	}
	if w <= 0 || h <= 0 {
		return 0, 0, false
	}
	return w, h, true
}

// avifBrand reports whether an ftyp box's body names an AVIF brand (major or compatible).
func avifBrand(body []byte) bool {
	for i := 0; i+4 <= len(body); i += 4 {
		if i == 4 {
			continue // minor version
		}
		switch string(body[i : i+4]) {
		case "avif", "avis":
			return true
		}
	}
	return false
}

// ipmaFor returns the property indexes the ipma box's body associates with item id.
func ipmaFor(b []byte, id uint32) []uint16 {
	if len(b) < 8 {
		return nil
	}
	version, flags := b[0], b[3]
	count := binary.BigEndian.Uint32(b[4:8])
	b = b[8:]
	for range count {
		var item uint32
		if version < 1 {
			if len(b) < 2 {
				return nil
			}
			item, b = uint32(binary.BigEndian.Uint16(b)), b[2:]
		} else {
			if len(b) < 4 {
				return nil
			}
			item, b = binary.BigEndian.Uint32(b), b[4:]
		}
		if len(b) < 1 {
			return nil
		}
		n := int(b[0])
		b = b[1:]
		var out []uint16
		for range n {
			if flags&1 == 1 {
				if len(b) < 2 {
					return nil
				}
				out, b = append(out, binary.BigEndian.Uint16(b)&0x7fff), b[2:]
			} else {
				if len(b) < 1 {
					return nil
				}
				out, b = append(out, uint16(b[0]&0x7f)), b[1:]
			}
		}
		if item == id {
			return out
		}
	}
	return nil
}

// isoBox is one ISO BMFF box: its four-character type and its body.
type isoBox struct {
	typ  string
	body []byte
}

// box splits the first box off b; ok is false when b does not hold a whole box.
func box(b []byte) (isoBox, []byte, bool) {
	if len(b) < 8 {
		return isoBox{}, nil, false
	}
	size := uint64(binary.BigEndian.Uint32(b))
	typ := string(b[4:8])
	hdr := uint64(8)
	switch size {
	case 0: // to the end of the file
		size = uint64(len(b))
	case 1: // 64-bit size follows
		if len(b) < 16 {
			return isoBox{}, nil, false
		}
		size, hdr = binary.BigEndian.Uint64(b[8:16]), 16
	}
	if size < hdr || size > uint64(len(b)) {
		return isoBox{}, nil, false
	}
	return isoBox{typ: typ, body: b[hdr:size]}, b[size:], true
}

// fileSized returns ref with its width and height estimated from its file when the
// markup gives neither (no attributes, no size in its style attribute): the intrinsic
// size, scaled down to the viewport's width as the layout would. ok is false when the
// markup gives a size or the file's size cannot be read.
func (a *estimator) fileSized(ref *parse.Ref) (parse.Ref, bool) {
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
	p, ok := a.resolve(ref.URL)
	if !ok {
		return *ref, false
	}
	w, h, ok := is.ImageSize(p)
	if !ok {
		return *ref, false
	}
	fw, fh := float64(w), float64(h)
	if fw > style.Laptop().Width {
		fh *= style.Laptop().Width / fw
		fw = style.Laptop().Width
	}
	out := *ref
	out.Width, out.Height = max(int(fw), 1), max(int(fh), 1)
	return out, true
}

// sizedImages yields the page's <img> elements, and its video posters when posters is
// set, each with its size: the markup's, or the file's when the markup gives none
// (fileSized).
func (a *estimator) sizedImages(posters bool) iter.Seq2[*parse.Ref, parse.Ref] {
	return func(yield func(*parse.Ref, parse.Ref) bool) {
		for i := range a.doc.Refs {
			ref := &a.doc.Refs[i]
			if ref.Kind != parse.RefImage && !(posters && ref.Kind == parse.RefVideoPoster) {
				continue
			}
			r := *ref
			if sized, ok := a.fileSized(ref); ok {
				r = sized
			}
			if !yield(ref, r) {
				return
			}
		}
	}
}
