package gql

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"caremap/graph"
)

// Error codes in extensions.code. gqlgen's own GRAPHQL_PARSE_FAILED and
// GRAPHQL_VALIDATION_FAILED pass through unchanged, as does CodeLimit for a
// document refused by Limits.
const (
	CodeBadInput    = "BAD_USER_INPUT"
	CodeNotFound    = "NOT_FOUND"
	CodeTooLarge    = "TOO_LARGE"
	CodeUnavailable = "UNAVAILABLE"
	CodeBusy        = "BUSY"
	CodeTimeout     = "TIMEOUT"
	CodeCancelled   = "CANCELLED"
	CodeInternal    = "INTERNAL"
)

// codes is GraphQL's table of the domain's error codes (graph.ErrorCode).
var codes = map[graph.Code]string{
	graph.CodeInvalid:     CodeBadInput,
	graph.CodeNotFound:    CodeNotFound,
	graph.CodeTooLarge:    CodeTooLarge,
	graph.CodeUnavailable: CodeUnavailable,
	graph.CodeBusy:        CodeBusy,
	graph.CodeTimeout:     CodeTimeout,
	graph.CodeCanceled:    CodeCancelled,
	graph.CodeInternal:    CodeInternal,
}

// presenter classifies every error once: what users may read keeps its
// message and gets a code; anything else is logged and shown generically.
type presenter struct {
	opts  Options
	enums map[string][]string // enum name -> its values, for "allowed" hints
}

func (p presenter) present(ctx context.Context, err error) *gqlerror.Error {
	if o, ok := ctx.Value(outcomeKey{}).(*outcome); ok {
		o.fail()
	}
	// Clone: the presented error may be a shared value (errInternal, or
	// one error reported for many fields), and we are about to edit it.
	shared := graphql.DefaultErrorPresenter(ctx, err)
	clone := *shared
	gerr := &clone
	gerr.Extensions = maps.Clone(shared.Extensions)
	if gerr.Extensions == nil {
		gerr.Extensions = map[string]any{}
	}
	var own *gqlerror.Error
	switch {
	case errors.Is(err, errBudget):
		gerr.Message = errBudget.Error() // the response is replaced by aroundResponse
		gerr.Extensions["code"] = CodeLimit
	case errors.As(err, &own) && own.Err == nil && own != errInternal:
		// gqlgen's parse and validation errors and our limits: safe,
		// already coded.
		gerr.Message = p.hint(gerr.Message)
		if _, ok := gerr.Extensions["code"].(string); !ok {
			gerr.Extensions["code"] = CodeBadInput
		}
	default:
		code := graph.ErrorCode(err)
		if own == errInternal {
			code = graph.CodeInternal // a recovered panic, logged already
		} else {
			p.log(ctx, code, err)
		}
		if o, ok := ctx.Value(outcomeKey{}).(*outcome); ok {
			o.note(code)
		}
		gerr.Message = graph.Message(err)
		gerr.Extensions["code"] = codes[code]
		gerr.Err = nil
	}
	if id := p.opts.RequestID(ctx); id != "" {
		gerr.Extensions["requestId"] = id
	}
	return gerr
}

// log records the errors an operator should see, with the one set of log
// keys: internal ones as errors, a failing store or a deadline as warnings.
func (p presenter) log(ctx context.Context, code graph.Code, err error) {
	level := slog.LevelWarn
	switch code {
	case graph.CodeInternal:
		level = slog.LevelError
	case graph.CodeUnavailable, graph.CodeTimeout, graph.CodeBusy:
	default:
		return
	}
	p.opts.Logger.LogAttrs(ctx, level, "graphql field failed",
		slog.String("request_id", p.opts.RequestID(ctx)), slog.String("code", string(code)),
		slog.String("error", err.Error()))
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
