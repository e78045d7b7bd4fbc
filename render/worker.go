package render

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"caremap/graph"
)

// maxFrame caps one frame between the pool and a worker.
const maxFrame = 64 << 20

// request is what the pool sends a worker.
type request struct {
	DOT    []byte `json:"dot"`
	Format Format `json:"format"`
	Layout Layout `json:"layout"`
	Limits Limits `json:"limits"`
}

// response is what a worker answers. Code classifies an error: "invalid",
// "too_large" or "internal".
type response struct {
	Data    []byte `json:"data,omitempty"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	Param   string `json:"param,omitempty"`
	Value   string `json:"value,omitempty"`
	Allowed string `json:"allowed,omitempty"`
	What    string `json:"what,omitempty"`
	Count   int    `json:"count,omitempty"`
	Limit   int    `json:"limit,omitempty"`
}

func writeFrame(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if len(b) > maxFrame {
		return fmt.Errorf("render: frame of %d bytes over %d", len(b), maxFrame)
	}
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func readFrame(r io.Reader, v any) error {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return err
	}
	size := binary.BigEndian.Uint32(n[:])
	if size > maxFrame {
		return fmt.Errorf("render: frame of %d bytes over %d", size, maxFrame)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(r, b); err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// ServeWorker is a render worker's main loop: it reads requests from r and
// writes one response to w for each, until r ends (nil) or a frame cannot
// be read or written (an error; the pool then replaces the worker).
// Graphviz starts once, with an empty filesystem. The binary runs it in
// its render-worker mode, with stdin and stdout.
func ServeWorker(r io.Reader, w io.Writer) error {
	ctx := context.Background()
	e, err := newEngine(ctx)
	if err != nil {
		return err
	}
	defer e.close()
	in := bufio.NewReader(r)
	out := bufio.NewWriter(w)
	for {
		var req request
		if err := readFrame(in, &req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("render worker: read: %w", err)
		}
		lim := req.Limits
		if lim.MaxNodes == nil {
			lim = DefaultLimits
		}
		data, err := e.render(ctx, req.DOT, req.Format, req.Layout, lim)
		if err == nil && req.Format == SVG {
			err = CheckSVG(data)
		}
		if err := writeFrame(out, toResponse(data, err)); err != nil {
			return fmt.Errorf("render worker: write: %w", err)
		}
		if err := out.Flush(); err != nil {
			return fmt.Errorf("render worker: write: %w", err)
		}
	}
}

func toResponse(data []byte, err error) response {
	if err == nil {
		return response{Data: data}
	}
	var inv *graph.InvalidError
	var big *graph.TooLargeError
	switch {
	case errors.As(err, &inv):
		return response{Code: "invalid", Param: inv.Param, Value: inv.Value, Allowed: inv.Allowed}
	case errors.As(err, &big):
		return response{Code: "too_large", What: big.What, Count: big.Count, Limit: big.Limit}
	}
	return response{Code: "internal", Message: err.Error()}
}

// fromResponse turns a worker's answer back into bytes or a domain error.
func fromResponse(r response) ([]byte, error) {
	switch r.Code {
	case "":
		return r.Data, nil
	case "invalid":
		return nil, graph.Invalid(r.Param, r.Value, r.Allowed)
	case "too_large":
		return nil, &graph.TooLargeError{What: r.What, Count: r.Count, Limit: r.Limit}
	}
	return nil, fmt.Errorf("render: worker: %s", r.Message)
}
