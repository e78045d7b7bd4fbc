package gql

import (
	"context"
	"errors"
	"maps"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"caremap/graph"
)

// Error codes in extensions.code. gqlgen's own GRAPHQL_PARSE_FAILED and
// GRAPHQL_VALIDATION_FAILED pass through unchanged.
const (
	CodeBadInput    = "BAD_USER_INPUT"
	CodeNotFound    = "NOT_FOUND"
	CodeTooLarge    = "TOO_LARGE"
	CodeUnavailable = "UNAVAILABLE"
	CodeTimeout     = "TIMEOUT"
	CodeInternal    = "INTERNAL"
)

// presenter classifies every error once: what users may read keeps its
// message and gets a code; anything else is logged and shown generically.
type presenter struct {
	opts  Options
	enums map[string][]string // enum name -> its values, for "allowed" hints
}

func (p presenter) present(ctx context.Context, err error) *gqlerror.Error {
	// Clone: the presented error may be a shared value (errInternal, or
	// one error reported for many fields), and we are about to edit it.
	shared := graphql.DefaultErrorPresenter(ctx, err)
	clone := *shared
	gerr := &clone
	gerr.Extensions = maps.Clone(shared.Extensions)
	var (
		invalid  *graph.InvalidError
		notFound *graph.NotFoundError
		tooLarge *graph.TooLargeError
	)
	code := ""
	switch {
	case errors.As(err, &invalid):
		code, gerr.Message = CodeBadInput, invalid.Error()
	case errors.As(err, &notFound):
		code, gerr.Message = CodeNotFound, notFound.Error()
	case errors.As(err, &tooLarge):
		code, gerr.Message = CodeTooLarge, tooLarge.Error()
	case errors.Is(err, errBudget):
		code, gerr.Message = CodeLimit, errBudget.Error() // the response is replaced by aroundResponse
	case errors.Is(err, graph.ErrNotFound):
		code, gerr.Message = CodeNotFound, "not found"
	case errors.Is(err, graph.ErrUnavailable):
		code, gerr.Message = CodeUnavailable, "the graph store is unavailable; try again shortly"
	case errors.Is(err, context.DeadlineExceeded):
		code, gerr.Message = CodeTimeout, "the request took too long and was stopped"
	case errors.Is(err, context.Canceled):
		code, gerr.Message = CodeTimeout, "the request was cancelled"
	default:
		var own *gqlerror.Error
		if errors.As(err, &own) && own.Err == nil && own != errInternal {
			// gqlgen's parse and validation errors: safe, already coded.
			gerr.Message = p.hint(gerr.Message)
			if c, ok := gerr.Extensions["code"].(string); ok {
				code = c
			} else {
				code = CodeBadInput
			}
			break
		}
		if own != errInternal {
			p.opts.Logger.ErrorContext(ctx, "graphql internal error",
				"request_id", p.opts.RequestID(ctx), "err", err)
		}
		code, gerr.Message = CodeInternal, "internal error"
		gerr.Err = nil
	}
	if gerr.Extensions == nil {
		gerr.Extensions = map[string]any{}
	}
	gerr.Extensions["code"] = code
	if id := p.opts.RequestID(ctx); id != "" {
		gerr.Extensions["requestId"] = id
	}
	return gerr
}

var enumMessage = regexp.MustCompile(`(?:does not exist in "(\w+)!?" enum|is not a valid (\w+)$)`)

// hint adds the allowed values to the messages gqlparser ("Value X does not
// exist in "E" enum") and gqlgen ("X is not a valid E") give for an unknown
// enum value, which name none.
func (p presenter) hint(msg string) string {
	m := enumMessage.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	vals, ok := p.enums[m[1]+m[2]]
	if !ok {
		return msg
	}
	return strings.TrimSuffix(msg, ".") + ". Allowed: " + strings.Join(vals, ", ") + "."
}

func enumValues(s *ast.Schema) map[string][]string {
	out := map[string][]string{}
	for name, def := range s.Types {
		if def.Kind != ast.Enum || strings.HasPrefix(name, "__") {
			continue
		}
		for _, v := range def.EnumValues {
			out[name] = append(out[name], v.Name)
		}
	}
	return out
}
