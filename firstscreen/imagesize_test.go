package firstscreen

import (
	"bytes"
	"encoding/binary"
	"os"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/parse"
)

// withEntropy pads an encoded flat image (whose decoders read only the header) to the
// size of a photo's file, about 0.1 bit per pixel: Chromium does not count images of
// fewer than 0.05 as contentful.
func withEntropy(file string, w, h int) string {
	return file + strings.Repeat("\x00", w*h/80)
}

// webpFile builds the first bytes of a WebP file whose first chunk is kind with payload.
func webpFile(kind string, payload []byte) string {
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(4+8+len(payload)))
	b.WriteString("WEBP" + kind)
	binary.Write(&b, binary.LittleEndian, uint32(len(payload)))
	b.Write(payload)
	return b.String()
}

func vp8(w, h int) string {
	p := []byte{0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0, 0, 0, 0, 0, 0}
	binary.LittleEndian.PutUint16(p[6:], uint16(w))
	binary.LittleEndian.PutUint16(p[8:], uint16(h))
	return webpFile("VP8 ", p)
}

func vp8l(w, h int) string {
	p := make([]byte, 10)
	p[0] = 0x2f
	binary.LittleEndian.PutUint32(p[1:], uint32(w-1)|uint32(h-1)<<14)
	return webpFile("VP8L", p)
}

func vp8x(w, h int) string {
	p := make([]byte, 10)
	p[0] = 0x10 // alpha
	p[4], p[5], p[6] = byte(w-1), byte((w-1)>>8), byte((w-1)>>16)
	p[7], p[8], p[9] = byte(h-1), byte((h-1)>>8), byte((h-1)>>16)
	return webpFile("VP8X", p)
}

func isoBoxBytes(typ string, body ...[]byte) []byte {
	n := 8
	for _, b := range body {
		n += len(b)
	}
	out := binary.BigEndian.AppendUint32(nil, uint32(n))
	out = append(out, typ...)
	for _, b := range body {
		out = append(out, b...)
	}
	return out
}

func ispe(w, h int) []byte {
	b := make([]byte, 12)
	binary.BigEndian.PutUint32(b[4:], uint32(w))
	binary.BigEndian.PutUint32(b[8:], uint32(h))
	return isoBoxBytes("ispe", b)
}

// avifFile builds an AVIF header: the primary item 1 has the properties at indexes assoc
// (1-based) of props.
func avifFile(brand string, props [][]byte, assoc []byte) string {
	ftyp := isoBoxBytes("ftyp", []byte(brand+"\x00\x00\x00\x00mif1miaf"))
	pitm := isoBoxBytes("pitm", []byte{0, 0, 0, 0, 0, 1})
	ipco := isoBoxBytes("ipco", props...)
	ipmaBody := []byte{0, 0, 0, 0, 0, 0, 0, 1, 0, 1, byte(len(assoc))}
	for _, a := range assoc {
		ipmaBody = append(ipmaBody, 0x80|a)
	}
	iprp := isoBoxBytes("iprp", ipco, isoBoxBytes("ipma", ipmaBody))
	meta := isoBoxBytes("meta", []byte{0, 0, 0, 0}, isoBoxBytes("hdlr", make([]byte, 25)), pitm, iprp)
	return string(ftyp) + string(meta) + string(isoBoxBytes("mdat", make([]byte, 100)))
}

// TestDecodeImageSize: WebP (lossy, lossless, extended) and AVIF headers give the image's
// size as JPEG, PNG and GIF headers do; what is not one of those gives nothing.
func TestDecodeImageSize(t *testing.T) {
	tests := []struct {
		name, file string
		w, h       int
		ok         bool
	}{
		{"png", encodeImage(t, "png", 640, 480), 640, 480, true},
		{"webp VP8", vp8(1600, 1067), 1600, 1067, true},
		{"webp VP8L", vp8l(2048, 495), 2048, 495, true},
		{"webp VP8X", vp8x(5000, 20000), 5000, 20000, true},
		{"webp VP8 bad start code", strings.Replace(vp8(10, 10), "\x9d\x01\x2a", "\x00\x00\x00", 1), 0, 0, false},
		{"webp truncated", vp8(1600, 1067)[:24], 0, 0, false},
		{"webp unknown chunk", webpFile("ALPH", make([]byte, 10)), 0, 0, false},
		{"avif", avifFile("avif", [][]byte{ispe(1600, 1067)}, []byte{1}), 1600, 1067, true},
		{"avif primary item's ispe, not the thumbnail's", avifFile("avif", [][]byte{ispe(160, 107), ispe(1600, 1067)}, []byte{2}), 1600, 1067, true},
		{"avif turned a quarter by irot", avifFile("avif", [][]byte{ispe(1600, 900), isoBoxBytes("irot", []byte{1})}, []byte{1, 2}), 900, 1600, true},
		{"avif turned a half", avifFile("avif", [][]byte{ispe(1600, 900), isoBoxBytes("irot", []byte{2})}, []byte{1, 2}), 1600, 900, true},
		{"avif without associations: the first ispe", avifFile("avif", [][]byte{ispe(800, 600)}, nil), 800, 600, true},
		{"avif sequence brand", avifFile("avis", [][]byte{ispe(320, 240)}, []byte{1}), 320, 240, true},
		{"mp4 is not an image", avifFile("isom", [][]byte{ispe(320, 240)}, []byte{1}), 0, 0, false},
		{"avif without ispe", avifFile("avif", [][]byte{isoBoxBytes("pixi", []byte{0, 0, 0, 0, 3, 8, 8, 8})}, []byte{1}), 0, 0, false},
		{"avif truncated", avifFile("avif", [][]byte{ispe(1600, 1067)}, []byte{1})[:40], 0, 0, false},
		{"empty", "", 0, 0, false},
		{"text", "RIFF", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h, ok := DecodeImageSize(strings.NewReader(tt.file))
			if w != tt.w || h != tt.h || ok != tt.ok {
				t.Errorf("DecodeImageSize = %d, %d, %v; want %d, %d, %v", w, h, ok, tt.w, tt.h, tt.ok)
			}
		})
	}
}

// TestDecodeImageSizeCorpus: the WebP and AVIF files real generators write (sharp through
// Astro and Eleventy Image, SvelteKit's lossless WebP, the corpus's own AVIF encodes).
func TestDecodeImageSizeCorpus(t *testing.T) {
	for _, tt := range []struct {
		path string
		w, h int
	}{
		{"../corpus/site/astro/_astro/blog-placeholder-1.Bve3yRrj_rHYN9.webp", 1020, 574},
		{"../corpus/site/sveltekit/_app/immutable/assets/svelte-welcome.0pIiHnVF.webp", 2048, 495},
		{"../corpus/site/eleventy/blog/fifthpost/0qjeqTC9VE-800.avif", 800, 534},
		{"../corpus/site/docusaurus/img/photo-1600.avif", 1600, 1067},
	} {
		f, err := os.Open(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		w, h, ok := DecodeImageSize(f)
		f.Close()
		if !ok || w != tt.w || h != tt.h {
			t.Errorf("%s: %d x %d, %v; want %d x %d", tt.path, w, h, ok, tt.w, tt.h)
		}
	}
}

// TestImageSizeFromWebPAVIF: an <img> of a WebP or AVIF file without a size in the markup
// is sized from its file like a JPEG: a large one is the LCP guess, a small one is not.
func TestImageSizeFromWebPAVIF(t *testing.T) {
	tests := []struct {
		name, file string
		lcp        bool
	}{
		{"webp hero", withEntropy(vp8(1600, 1067), 1600, 1067), true},
		{"lossless webp hero", withEntropy(vp8l(1400, 800), 1400, 800), true},
		{"avif hero", withEntropy(avifFile("avif", [][]byte{ispe(1600, 1067)}, []byte{1}), 1600, 1067), true},
		{"small webp", vp8(96, 64), false},
		{"small avif", avifFile("avif", [][]byte{ispe(96, 64)}, []byte{1}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<!doctype html><html><body><main><h1>Photo</h1>` +
				`<img alt="A landscape" src="/img/hero.img">` +
				`<p>A page that opens with a large photo and a paragraph of text under it, long enough to matter.</p>` +
				`</main></body></html>`
			g := estimateFiles(t, map[string]string{"/index.html": page, "/img/hero.img": tt.file}).Guess
			if g.Kind == KindNone {
				t.Fatal("no LCP guess")
			}
			isImg := g.Kind == KindImage && g.Image.URL == "/img/hero.img"
			if isImg != tt.lcp {
				t.Errorf("LCP guess %v %s; want the image=%v", g.Kind, parse.Describe(g.Node), tt.lcp)
			}
		})
	}
}
