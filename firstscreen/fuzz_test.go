package firstscreen

import (
	"bytes"
	"testing"
)

// FuzzDecodeImageSize feeds arbitrary file heads to the image header reader: it must not
// panic, and a size it reports is positive.
func FuzzDecodeImageSize(f *testing.F) {
	f.Add([]byte(vp8(1600, 900)))
	f.Add([]byte(vp8l(1400, 800)))
	f.Add([]byte(vp8x(640, 480)))
	f.Add([]byte(avifFile("avif", [][]byte{ispe(1600, 1067)}, []byte{1})))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, h, ok := DecodeImageSize(bytes.NewReader(b))
		if ok && (w <= 0 || h <= 0) {
			t.Fatalf("size %d x %d reported as read", w, h)
		}
	})
}
