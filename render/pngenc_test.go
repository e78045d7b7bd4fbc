package render

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func TestEncodePNG(t *testing.T) {
	for _, opaque := range []bool{true, false} {
		img := image.NewRGBA(image.Rect(0, 0, 37, 23))
		for y := 0; y < 23; y++ {
			for x := 0; x < 37; x++ {
				a := uint8(255)
				if !opaque {
					a = uint8((x * 7) % 256)
				}
				img.Set(x, y, color.NRGBA{uint8(x * 6), uint8(y * 11), uint8(x * y), a})
			}
		}
		b, err := encodePNG(img)
		if err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("opaque=%v: does not decode: %v", opaque, err)
		}
		for y := 0; y < 23; y++ {
			for x := 0; x < 37; x++ {
				w := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
				g := color.NRGBAModel.Convert(got.At(x, y)).(color.NRGBA)
				if w.A != g.A || w.A == 255 && w != g || absDiff(w.R, g.R) > 2 || absDiff(w.G, g.G) > 2 || absDiff(w.B, g.B) > 2 {
					if w.A != 0 {
						t.Fatalf("opaque=%v: pixel (%d,%d) = %v, want %v", opaque, x, y, g, w)
					}
				}
			}
		}
	}
}

func absDiff(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestAxisRect(t *testing.T) {
	for _, tc := range []struct {
		pts  [][2]float64
		want image.Rectangle
		ok   bool
	}{
		{[][2]float64{{-5.3, -5.3}, {-5.3, 100.2}, {200.7, 100.2}, {200.7, -5.3}, {-5.3, -5.3}}, image.Rect(-6, -6, 201, 101), true},
		{[][2]float64{{0, 0}, {0, 10}, {10, 10}, {10, 0}}, image.Rect(0, 0, 10, 10), true},
		{[][2]float64{{0, 0}, {5, 10}, {10, 10}, {10, 0}}, image.Rectangle{}, false},
		{[][2]float64{{0, 0}, {0, 10}, {10, 10}}, image.Rectangle{}, false},
	} {
		got, ok := axisRect(tc.pts)
		if ok != tc.ok || got != tc.want {
			t.Errorf("axisRect(%v) = %v, %v; want %v, %v", tc.pts, got, ok, tc.want, tc.ok)
		}
	}
}
