package gql

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"caremap/graph"
)

// briefFields are, for each type whose values come from store records, the
// fields a brief record (graph.WithBrief) answers: everything but the long
// texts and the sources. An operation that selects no other field of these
// types asks the store for brief records, which on Neo4j are a fraction of
// the bytes.
var briefFields = map[string]map[string]bool{
	"Organisation": fieldSet("id name shortName kind tier group status active count instanceOf instances odsCode onsCode validFrom validTo confidence", "Organisation"),
	"Service":      fieldSet("id name domain confidence", "Service"),
	"Relationship": fieldSet("id type from to amountGbp amountText year services mechanism mode validFrom validTo confidence", ""),
	"Node":         fieldSet("id name", ""),
}

// fieldSet is the names in list, __typename and the edge fields of typ.
func fieldSet(list, typ string) map[string]bool {
	m := map[string]bool{"__typename": true}
	for _, f := range strings.Fields(list) {
		m[f] = true
	}
	for f := range edgeFields[typ] {
		m[f] = true
	}
	return m
}

// briefOperation reports whether the operation selects, on the types of
// briefFields, only the fields brief records answer; every fragment is
// read once.
func briefOperation(op *graphql.OperationContext) bool {
	if op == nil || op.Operation == nil {
		return false
	}
	seen := map[string]bool{}
	var ok func(ast.SelectionSet) bool
	ok = func(set ast.SelectionSet) bool {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if s.ObjectDefinition != nil {
					if allowed, tracked := briefFields[s.ObjectDefinition.Name]; tracked && !allowed[s.Name] {
						return false
					}
				}
				if !ok(s.SelectionSet) {
					return false
				}
			case *ast.InlineFragment:
				if !ok(s.SelectionSet) {
					return false
				}
			case *ast.FragmentSpread:
				if s.Definition != nil && !seen[s.Name] {
					seen[s.Name] = true
					if !ok(s.Definition.SelectionSet) {
						return false
					}
				}
			}
		}
		return true
	}
	return ok(op.Operation.SelectionSet)
}

// storeCtx returns the context to ask the store with on behalf of the
// operation ctx belongs to: marked brief when the operation reads nothing
// else (decided once per operation).
func storeCtx(ctx context.Context) context.Context {
	l := loadersFrom(ctx)
	if l == nil {
		return ctx
	}
	l.briefOnce.Do(func() {
		if graphql.HasOperationContext(ctx) {
			l.brief = briefOperation(graphql.GetOperationContext(ctx))
		}
	})
	if l.brief {
		return graph.WithBrief(ctx)
	}
	return ctx
}
