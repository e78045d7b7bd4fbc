package diagram

import (
	"context"
	"errors"
	"fmt"

	"caremap/graph"
	"caremap/render"
)

// Renderer lays DOT out and draws it: a *render.Pool in the server, the
// in-process engine (RenderFunc(render.Local)) on the command line.
type Renderer interface {
	Render(ctx context.Context, dot []byte, f render.Format, layout render.Layout) ([]byte, error)
}

// RenderFunc adapts a function to Renderer.
type RenderFunc func(ctx context.Context, dot []byte, f render.Format, layout render.Layout) ([]byte, error)

// Render calls f.
func (f RenderFunc) Render(ctx context.Context, dot []byte, format render.Format, layout render.Layout) ([]byte, error) {
	return f(ctx, dot, format, layout)
}

// Config is what a Service draws from and with. Store and Renderer are
// required.
type Config struct {
	Store    graph.Store
	Renderer Renderer
	// Cache keeps drawings; nil draws every request afresh.
	Cache *render.Cache
	// Limits caps the work of one diagram; zero means render.DefaultLimits.
	Limits render.Limits
	// Dataset, when set, is the dataset the store was checked to hold:
	// cache keys use it instead of asking the store on every request, so
	// cached diagrams are still served while the store is down. A
	// request's graph.Pin, when it carries one, names the dataset instead.
	Dataset graph.DatasetInfo
	// GroupNames names the clusters by group id (the dataset's groups).
	GroupNames map[string]string
	// Version is caremap's version, named in every drawing's source line.
	Version string
	// BaseURL is the public origin of the explorer, e.g.
	// "https://caremap.example.org", for requests that bring none
	// (Request.Base): links in drawings are absolute when either is set.
	BaseURL string
}

// Service draws diagrams: it picks what a Request shows from the store,
// turns it into DOT, and renders it through the cache. It is safe for
// concurrent use.
type Service struct {
	cfg Config
}

// NewService returns a Service. It panics if cfg.Store or cfg.Renderer is
// nil.
func NewService(cfg Config) *Service {
	if cfg.Store == nil || cfg.Renderer == nil {
		panic("diagram: Config.Store and Config.Renderer are required")
	}
	if cfg.Limits.MaxNodes == nil {
		cfg.Limits = render.DefaultLimits
	}
	return &Service{cfg: cfg}
}

// Limits returns the caps the service enforces.
func (s *Service) Limits() render.Limits { return s.cfg.Limits }

// Cache returns the service's cache, or nil.
func (s *Service) Cache() *render.Cache { return s.cfg.Cache }

// Get returns the diagram r, from the cache when it is held. Errors:
// *graph.InvalidError for a parameter out of range, *graph.NotFoundError
// for an unknown focus, *graph.TooLargeError past the caps, *PaperError
// for text that would print under 6 pt on the paper asked for, and the
// renderer's and store's errors (wrapping graph.ErrUnavailable when they
// may be retried; a *render.CostError names a smaller diagram that fits
// when the renderer is a CostChecker).
func (s *Service) Get(ctx context.Context, r Request) (render.Entry, error) {
	if err := r.Validate(s.cfg.Limits); err != nil {
		return render.Entry{}, err
	}
	r = r.Canonical()
	if err := s.checkPaper(ctx, r); err != nil {
		return render.Entry{}, err
	}
	draw := func(ctx context.Context) ([]byte, error) {
		dot, err := s.DOT(ctx, r)
		if err != nil {
			return nil, err
		}
		data, err := s.cfg.Renderer.Render(ctx, dot, r.Format, r.Layout)
		return data, s.withSmaller(ctx, r, err)
	}
	if s.cfg.Cache == nil {
		data, err := draw(ctx)
		if err != nil {
			return render.Entry{}, err
		}
		return render.Entry{Data: data, ETag: render.ETagOf(data)}, nil
	}
	info := s.cfg.Dataset
	if p := graph.PinOf(ctx); p != nil {
		info = p.Dataset // the request's version: a re-seed rolls the cache over
	}
	if info == (graph.DatasetInfo{}) {
		var err error
		if info, err = s.cfg.Store.Info(ctx); err != nil {
			return render.Entry{}, err
		}
	}
	return s.cfg.Cache.Get(ctx, r.Key(info), draw)
}

// URL returns the path and query of the diagram r on the server, after
// checking it: an *graph.InvalidError for a parameter out of range.
func (s *Service) URL(r Request) (string, error) {
	if err := r.Validate(s.cfg.Limits); err != nil {
		var nf *graph.NotFoundError
		if !errors.As(err, &nf) { // an unknown focus is found out on Get
			return "", err
		}
	}
	return r.Canonical().URL(), nil
}

// Defaults are the diagrams Warm draws: the whole system in every format
// and theme.
func Defaults() []Request {
	var out []Request
	for _, theme := range []render.Theme{render.ThemeLight, render.ThemeDark} {
		for _, f := range []render.Format{render.SVG, render.PNG, render.PDF, render.DOTFormat} {
			r := New("", f)
			r.Theme = theme
			out = append(out, r.Canonical())
		}
	}
	return out
}

// Warm draws the Defaults into the cache, one at a time. Run it in the
// background at start-up; it stops early when ctx ends and returns the
// failures, each naming its diagram.
func (s *Service) Warm(ctx context.Context) error {
	var errs []error
	for _, r := range Defaults() {
		if ctx.Err() != nil {
			break
		}
		if _, err := s.Get(ctx, r); err != nil && ctx.Err() == nil {
			errs = append(errs, fmt.Errorf("warming %s: %w", r.URL(), err))
		}
	}
	return errors.Join(errs...)
}
