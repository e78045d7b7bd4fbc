package playground

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed assets
var assetFS embed.FS

// zeroTime makes http.ServeContent skip Last-Modified: embedded files have no
// modification time, and the ETag does the job.
var zeroTime time.Time

// asset is one embedded file, ready to serve.
type asset struct {
	body        []byte
	hash        string // hex prefix of the SHA-256 of body
	contentType string

	gzipOnce sync.Once
	gzipBody []byte // body compressed on first demand; nil when compression does not pay
}

// gzipped returns the body compressed with gzip, or nil when it is not worth
// it. It compresses on first use, so that start-up pays only for hashing.
func (a *asset) gzipped() []byte {
	a.gzipOnce.Do(func() {
		if compressible(a.contentType) {
			a.gzipBody = gzipBytes(a.body)
		}
	})
	return a.gzipBody
}

var (
	assetsOnce sync.Once
	assetTable map[string]*asset // by path below assets/, e.g. "vendor/graphiql.min.js"
)

// assets indexes and hashes the embedded files, once per process.
func assets() map[string]*asset {
	assetsOnce.Do(func() {
		assetTable = make(map[string]*asset)
		err := fs.WalkDir(assetFS, "assets", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			body, err := assetFS.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(body)
			a := &asset{body: body, hash: hex.EncodeToString(sum[:8]), contentType: contentType(p)}
			assetTable[strings.TrimPrefix(p, "assets/")] = a
			return nil
		})
		if err != nil {
			panic("playground: reading embedded assets: " + err.Error()) // the embed is fixed at build time
		}
	})
	return assetTable
}

// assetURL is the template function "asset": the content-addressed URL of an
// embedded file, relative to the page.
func assetURL(name string) (string, error) {
	a, ok := assets()[name]
	if !ok {
		return "", fmt.Errorf("no embedded asset %q", name)
	}
	return "assets/" + a.hash + "/" + name, nil
}

// contentType maps the few kinds of file in assets/ to their media types;
// anything else (the LICENSE files) is plain text, never sniffed.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	default:
		return "text/plain; charset=utf-8"
	}
}

func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || contentType == "application/json" || contentType == "image/svg+xml"
}

func gzipBytes(body []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
	zw.Write(body)                                           // writes to a bytes.Buffer do not fail
	zw.Close()
	if buf.Len() >= len(body)*9/10 {
		return nil
	}
	return buf.Bytes()
}

// serveAsset serves the file at rest, the path below "assets/": either
// "<hash>/<name>", cached for a year because the hash names the content, or
// plain "<name>", revalidated on every use. A hash that is not the current
// one (a page from an older release) still gets the current file, uncached.
func serveAsset(w http.ResponseWriter, r *http.Request, rest string) {
	table := assets()
	name, cache := rest, "no-cache"
	if hash, n, ok := strings.Cut(rest, "/"); ok && isHash(hash) {
		name = n
		if a := table[n]; a != nil && a.hash == hash {
			cache = "public, max-age=31536000, immutable"
		}
	}
	a := table[name]
	if a == nil {
		http.NotFound(w, r)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", a.contentType)
	hd.Set("Cache-Control", cache)
	body, etag := a.body, `"`+a.hash+`"`
	if compressible(a.contentType) {
		hd.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Values("Accept-Encoding")) {
			if gz := a.gzipped(); gz != nil {
				hd.Set("Content-Encoding", "gzip")
				body, etag = gz, `"`+a.hash+`-gz"`
			}
		}
	}
	hd.Set("ETag", etag)
	http.ServeContent(w, r, "", zeroTime, bytes.NewReader(body))
}

// isHash reports whether s looks like an asset hash: 16 lower-case hex digits.
func isHash(s string) bool {
	if len(s) != 16 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// acceptsGzip reports whether Accept-Encoding values allow gzip: named with a
// non-zero quality, or not named and covered by "*" with a non-zero quality.
func acceptsGzip(values []string) bool {
	gz, star := -1.0, -1.0
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(part, ";")
			q := 1.0
			if s, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
				f, err := strconv.ParseFloat(s, 64)
				if err != nil {
					continue
				}
				q = f
			}
			switch strings.ToLower(strings.TrimSpace(coding)) {
			case "gzip", "x-gzip":
				gz = q
			case "*":
				star = q
			}
		}
	}
	if gz >= 0 {
		return gz > 0
	}
	return star > 0
}
