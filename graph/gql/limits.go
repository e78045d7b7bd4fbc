package gql

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"caremap/graph"
)

// CodeLimit is the extensions.code of a document refused by Limits.
const CodeLimit = "LIMIT_EXCEEDED"

func init() {
	// A refused document is a request error, like a validation failure:
	// GraphQL over HTTP answers it 400 as application/graphql-response+json.
	errcode.RegisterErrorType(CodeLimit, errcode.KindProtocol)
}

// Limits bound the work one GraphQL document may ask for. They are checked
// before gqlgen validates the document: validation and gqlgen's stock
// complexity walk revisit a fragment at every spread, so a few dozen
// fragments that each spread the next twice cost minutes of CPU; here every
// fragment is measured once (memoised), and the walk stops at the first
// limit passed.
type Limits struct {
	MaxBytes      int // the query text
	MaxTokens     int // parser tokens
	MaxDepth      int // nesting of selections, fragments expanded
	MaxAliases    int // aliased fields in the document
	MaxRootFields int // fields at the top of the operation
	MaxFragments  int // fragment definitions
	MaxSpreads    int // fragment spreads in the document
	MaxCost       int // fields, each list's selections weighted by its size
	MaxFields     int // fields actually resolved (checked while running)
	MaxSelections int // selections in one selection set, repeats included
	MaxSameName   int // distinct fields sharing one response name in a selection set
	MaxSearches   int // search fields in the document
	MaxDiagrams   int // diagram fields in the document (each may draw)
	MaxErrors     int // errors in one response; the rest are counted in one last error
}

// DefaultLimits fit every question the playground asks with room to spare.
var DefaultLimits = Limits{
	MaxBytes:      16 << 10,
	MaxTokens:     4000,
	MaxDepth:      12,
	MaxAliases:    30,
	MaxRootFields: 12,
	MaxFragments:  30,
	MaxSpreads:    60,
	MaxCost:       100000,
	MaxFields:     100000,
	MaxSelections: 100,
	MaxSameName:   10,
	MaxSearches:   3,
	MaxDiagrams:   3,
	MaxErrors:     20,
}

// maxIntrospectionDepth fits GraphiQL's introspection query (15 levels of
// ofType) with room to spare.
const maxIntrospectionDepth = 20

// listWeight is the assumed size of a list field without a `first`
// argument (the relationships of one body, a chain, a path). It is a guess:
// a class with instances has hundreds of relationships. The field budget
// below is what bounds the work for certain.
const listWeight = 5

// budget counts the fields one operation resolves. The static cost is an
// estimate made before running; the budget is the guarantee: past
// MaxFields the operation's context is cancelled, every further field
// fails at once, and the whole response becomes one LIMIT_EXCEEDED error.
type budget struct {
	max    int64
	n      atomic.Int64
	cancel context.CancelFunc
}

type budgetKey struct{}

func withBudget(ctx context.Context, max int) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	return context.WithValue(ctx, budgetKey{}, &budget{max: int64(max), cancel: cancel})
}

func budgetFrom(ctx context.Context) *budget {
	b, _ := ctx.Value(budgetKey{}).(*budget)
	return b
}

// errBudget is a plain error, not a *gqlerror.Error: gqlgen writes the
// field's path into a *gqlerror.Error it is given, and this one is shared by
// every field past the budget.
var errBudget = errors.New("the answer grew past the field budget")

// aroundField spends one unit of the budget per field.
func aroundField(ctx context.Context, next graphql.Resolver) (any, error) {
	if b := budgetFrom(ctx); b != nil && b.n.Add(1) > b.max {
		b.cancel()
		return nil, errBudget // replaced by aroundResponse; never shown
	}
	return next(ctx)
}

// aroundResponse replaces an over-budget response by one clear error.
func aroundResponse(max int) func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if b := budgetFrom(ctx); b != nil && b.n.Load() > b.max {
			err := limitError("the answer grew past %d fields; ask for fewer items (`first`) or fewer levels", max)
			return &graphql.Response{Errors: gqlerror.List{graphql.DefaultErrorPresenter(ctx, err)}}
		}
		return resp
	}
}

// limiter is a gqlgen extension that applies Limits.
type limiter struct {
	limits Limits
	schema *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = limiter{}

func (limiter) ExtensionName() string                   { return "CaremapLimits" }
func (limiter) Validate(graphql.ExecutableSchema) error { return nil }

func limitError(format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": CodeLimit}
	return err
}

// MutateOperationParameters checks the raw query; a document that does not
// parse is left for gqlgen to report. It also drops the fields that repeat
// an earlier field of their selection set token for token (blanking them,
// so every other token keeps its line and column): they merge into the
// first anyway, and the validator compares every pair of fields sharing a
// response name, so 4,000 repeats cost seconds of CPU.
func (l limiter) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if len(p.Query) > l.limits.MaxBytes {
		return limitError("the query is %d bytes; the limit is %d", len(p.Query), l.limits.MaxBytes)
	}
	ts := tokens(p.Query, l.limits.MaxTokens)
	if ts == nil {
		return nil // gqlgen parses again, with the same token limit, and reports it
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, l.limits.MaxTokens)
	if err != nil {
		return nil
	}
	if err := l.check(doc, p.OperationName, p.Variables); err != nil {
		return err
	}
	repeats, same, name := duplicates(doc, ts)
	if same > l.limits.MaxSameName {
		return limitError("the query asks for %q in %d different ways in one selection set; the limit is %d", name, same, l.limits.MaxSameName)
	}
	if len(repeats) > 0 {
		p.Query = blank(p.Query, repeats)
	}
	return nil
}

// check applies the limits to a parsed document.
func (l limiter) check(doc *ast.QueryDocument, opName string, vars map[string]any) *gqlerror.Error {
	if n := len(doc.Fragments); n > l.limits.MaxFragments {
		return limitError("the query defines %d fragments; the limit is %d", n, l.limits.MaxFragments)
	}
	var aliases, spreads, biggest, searches, diagrams int
	count := func(set ast.SelectionSet) {}
	count = func(set ast.SelectionSet) {
		biggest = max(biggest, len(set))
		for _, s := range set {
			switch s := s.(type) {
			case *ast.Field:
				if s.Alias != "" && s.Alias != s.Name {
					aliases++
				}
				switch s.Name {
				case "search":
					searches++
				case "diagram":
					diagrams++
				}
				count(s.SelectionSet)
			case *ast.InlineFragment:
				count(s.SelectionSet)
			case *ast.FragmentSpread:
				spreads++
			}
		}
	}
	for _, op := range doc.Operations {
		count(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		count(f.SelectionSet)
	}
	if aliases > l.limits.MaxAliases {
		return limitError("the query uses %d aliases; the limit is %d", aliases, l.limits.MaxAliases)
	}
	if spreads > l.limits.MaxSpreads {
		return limitError("the query spreads fragments %d times; the limit is %d", spreads, l.limits.MaxSpreads)
	}
	if biggest > l.limits.MaxSelections {
		return limitError("a selection set of the query asks for %d fields; the limit is %d", biggest, l.limits.MaxSelections)
	}
	if searches > l.limits.MaxSearches {
		return limitError("the query searches %d times; the limit is %d", searches, l.limits.MaxSearches)
	}
	if diagrams > l.limits.MaxDiagrams {
		return limitError("the query asks for %d diagrams; the limit is %d", diagrams, l.limits.MaxDiagrams)
	}
	var op *ast.OperationDefinition
	if opName == "" && len(doc.Operations) == 1 {
		op = doc.Operations[0]
	} else {
		op = doc.Operations.ForName(opName)
	}
	if op == nil {
		return nil // gqlgen reports the missing operation
	}
	if n := len(op.SelectionSet); n > l.limits.MaxRootFields {
		return limitError("the query asks for %d top-level fields; the limit is %d", n, l.limits.MaxRootFields)
	}
	w := walker{l: l, doc: doc, vars: vars, memo: map[string]measure{}, active: map[string]bool{}}
	root := l.schema.Query
	if op.Operation != ast.Query {
		root = nil
	}
	// Introspection (__schema, __type) is answered from the schema in
	// memory; GraphiQL's standard query nests 15 levels, so it has its own
	// depth cap and is left out of the data's.
	var data, intro ast.SelectionSet
	for _, s := range op.SelectionSet {
		if f, ok := s.(*ast.Field); ok && strings.HasPrefix(f.Name, "__") {
			intro = append(intro, s)
		} else {
			data = append(data, s)
		}
	}
	im, err := w.measure(intro, root)
	if err != nil {
		return err
	}
	if im.depth > maxIntrospectionDepth {
		return limitError("the introspection query nests %d levels deep; the limit is %d", im.depth, maxIntrospectionDepth)
	}
	m, err := w.measure(data, root)
	if err != nil {
		return err
	}
	m.cost = satAdd(m.cost, im.cost, l.limits.MaxCost)
	if m.depth > l.limits.MaxDepth {
		return limitError("the query nests %d levels deep; the limit is %d", m.depth, l.limits.MaxDepth)
	}
	if m.cost > l.limits.MaxCost {
		return limitError("the query would cost more than %d (each field 1, a list's fields times its size: `first`, or %d); ask for fewer items or fewer levels", l.limits.MaxCost, listWeight)
	}
	return nil
}

// measure is the depth and cost of a selection set.
type measure struct{ depth, cost int }

type walker struct {
	l      limiter
	doc    *ast.QueryDocument
	vars   map[string]any
	memo   map[string]measure // fragment name -> its measure, computed once
	active map[string]bool    // fragments being measured, to catch cycles
}

func (w *walker) measure(set ast.SelectionSet, parent *ast.Definition) (measure, *gqlerror.Error) {
	var m measure
	add := func(c measure) {
		m.depth = max(m.depth, c.depth)
		m.cost = satAdd(m.cost, c.cost, w.l.limits.MaxCost)
	}
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			var def *ast.FieldDefinition
			if parent != nil {
				def = parent.Fields.ForName(s.Name)
			}
			var childType *ast.Definition
			weight := 1
			if def != nil {
				childType = w.l.schema.Types[def.Type.Name()]
				switch {
				case def.Arguments.ForName("first") != nil:
					weight = w.listSize(s) // a page: its edges are counted here
				case def.Type.Elem != nil && !(s.Name == "edges" && isConnection(parent)):
					weight = listWeight
				}
			}
			c, err := w.measure(s.SelectionSet, childType)
			if err != nil {
				return m, err
			}
			add(measure{depth: c.depth + 1, cost: satAdd(1, satMul(weight, c.cost, w.l.limits.MaxCost), w.l.limits.MaxCost)})
		case *ast.InlineFragment:
			t := parent
			if s.TypeCondition != "" {
				t = w.l.schema.Types[s.TypeCondition]
			}
			c, err := w.measure(s.SelectionSet, t)
			if err != nil {
				return m, err
			}
			add(c)
		case *ast.FragmentSpread:
			c, err := w.fragment(s.Name)
			if err != nil {
				return m, err
			}
			add(c)
		}
		if m.cost > w.l.limits.MaxCost || m.depth > w.l.limits.MaxDepth {
			return m, nil // over a limit already: stop early
		}
	}
	return m, nil
}

func (w *walker) fragment(name string) (measure, *gqlerror.Error) {
	if m, ok := w.memo[name]; ok {
		return m, nil
	}
	f := w.doc.Fragments.ForName(name)
	if f == nil {
		return measure{}, nil // gqlgen reports the unknown fragment
	}
	if w.active[name] {
		return measure{}, limitError("fragment %s spreads itself", name)
	}
	w.active[name] = true
	m, err := w.measure(f.SelectionSet, w.l.schema.Types[f.TypeCondition])
	w.active[name] = false
	if err != nil {
		return m, err
	}
	w.memo[name] = m
	return m, nil
}

func isConnection(t *ast.Definition) bool {
	return t != nil && strings.HasSuffix(t.Name, "Connection")
}

// listSize is a paginated field's `first` argument, or the default page size.
func (w *walker) listSize(f *ast.Field) int {
	arg := f.Arguments.ForName("first")
	if arg == nil || arg.Value == nil {
		return graph.DefaultFirst
	}
	var v any
	switch arg.Value.Kind {
	case ast.IntValue:
		var n json.Number = json.Number(arg.Value.Raw)
		v = n
	case ast.Variable:
		v = w.vars[arg.Value.Raw]
	}
	n := graph.DefaultFirst
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			n = int(min(max(i, 1), graph.MaxFirst))
		}
	case float64:
		n = int(min(max(x, 1), graph.MaxFirst))
	case int64:
		n = int(min(max(x, 1), graph.MaxFirst))
	case int:
		n = min(max(x, 1), graph.MaxFirst)
	}
	return n
}

// satAdd and satMul saturate just past limit, so huge documents cannot
// overflow the arithmetic.
func satAdd(a, b, limit int) int {
	if a > limit || b > limit || a+b > limit {
		return limit + 1
	}
	return a + b
}

func satMul(a, b, limit int) int {
	if a != 0 && b > (limit+1)/a {
		return limit + 1
	}
	return min(a*b, limit+1)
}

// String describes the limits for documentation.
func (l Limits) String() string {
	return fmt.Sprintf("query %d bytes, %d tokens, depth %d, %d aliases, %d top-level fields, %d fragments, %d spreads, cost %d, %d fields per selection set, %d fields per response name, %d searches, %d diagrams, %d errors shown",
		l.MaxBytes, l.MaxTokens, l.MaxDepth, l.MaxAliases, l.MaxRootFields, l.MaxFragments, l.MaxSpreads, l.MaxCost,
		l.MaxSelections, l.MaxSameName, l.MaxSearches, l.MaxDiagrams, l.MaxErrors)
}
