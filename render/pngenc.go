package render

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
)

// encodePNG writes img as an 8-bit PNG, RGB when every pixel is opaque
// (as diagrams are: Graphviz paints the background first) and RGBA
// otherwise. Unlike image/png, which tries all five filters on every row,
// it uses the Up filter throughout: diagrams are mostly flat colour, so Up
// compresses them about as well at a fraction of the cost.
func encodePNG(img *image.RGBA) ([]byte, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	opaque := img.Opaque()
	bpp := 4
	if opaque {
		bpp = 3
	}
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 8 // bit depth
	ihdr[9] = 6 // RGBA
	if opaque {
		ihdr[9] = 2 // RGB
	}
	writeChunk(&out, "IHDR", ihdr)

	var z bytes.Buffer
	zw, err := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	prev := make([]byte, w*bpp)
	cur := make([]byte, w*bpp)
	row := make([]byte, 1+w*bpp)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		src := img.Pix[img.PixOffset(b.Min.X, y):][:w*4]
		if opaque {
			for x := 0; x < w; x++ {
				copy(cur[x*3:x*3+3], src[x*4:x*4+3])
			}
		} else {
			// image.RGBA is premultiplied; PNG stores straight alpha.
			for x := 0; x < w; x++ {
				r, g, bl, a := src[x*4], src[x*4+1], src[x*4+2], src[x*4+3]
				if a != 0 && a != 255 {
					r = uint8(uint32(r) * 255 / uint32(a))
					g = uint8(uint32(g) * 255 / uint32(a))
					bl = uint8(uint32(bl) * 255 / uint32(a))
				}
				cur[x*4], cur[x*4+1], cur[x*4+2], cur[x*4+3] = r, g, bl, a
			}
		}
		row[0] = 2 // Up
		for i := range cur {
			row[1+i] = cur[i] - prev[i]
		}
		if _, err := zw.Write(row); err != nil {
			return nil, err
		}
		prev, cur = cur, prev
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	writeChunk(&out, "IDAT", z.Bytes())
	writeChunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

func writeChunk(out *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	out.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	out.WriteString(typ)
	out.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	out.Write(n[:])
}
