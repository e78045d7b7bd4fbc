package seed

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// located is a decoded record and where it came from.
type located[T any] struct {
	rec T
	at  origin
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parseYAML parses data into a document node, reporting malformed YAML with
// its line. It returns nil when the file is empty or malformed; ok is false
// when it was malformed (and reported).
func parseYAML(p *problems, file string, data []byte) (root *yaml.Node, ok bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		rec := "(file)"
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			rec = "line " + m[1]
			msg = msg[len(m[0]):]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		p.add(origin{file, rec}, "malformed YAML: %s", msg)
		p.markBroken(file)
		return nil, false
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, true
	}
	return doc.Content[0], true
}

// decodeList decodes a YAML file holding a list of records of type T (a
// struct with yaml tags). Each record is labelled by its idField value (or
// its line when it has none); unknown fields and bad values are reported
// against that label and the record is still returned, so later checks can
// report more.
func decodeList[T any](p *problems, file string, data []byte, idField string) []located[T] {
	root, _ := parseYAML(p, file, data)
	if root == nil {
		return nil
	}
	if root.Kind != yaml.SequenceNode {
		p.add(origin{file, lineRecord(root.Line)}, "the file must be a YAML list of records (one \"- %s: ...\" item per record)", idField)
		p.markBroken(file)
		return nil
	}
	out := make([]located[T], 0, len(root.Content))
	for _, item := range root.Content {
		at := origin{file, lineRecord(item.Line)}
		if item.Kind != yaml.MappingNode {
			p.add(at, "each record must be a mapping of field: value; allowed fields: %s", strings.Join(fieldNames(reflect.TypeFor[T]()), ", "))
			continue
		}
		if id := scalarField(item, idField); id != "" {
			at.record = id
		}
		var rec T
		if decodeMapping(p, at, item, &rec) {
			out = append(out, located[T]{rec, at})
		}
	}
	return out
}

// decodeMapping checks a mapping node's keys against v's yaml fields
// (recursively for nested structs) and decodes it into v. It reports false
// when the values could not be decoded at all.
func decodeMapping(p *problems, at origin, node *yaml.Node, v any) bool {
	checkFields(p, at, node, reflect.TypeOf(v).Elem(), "")
	err := node.Decode(v)
	if err == nil {
		return true
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, e := range te.Errors {
			p.add(at, "%s", describeTypeError(node, e))
		}
		return true
	}
	p.add(at, "bad value: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	return false
}

var typeErrorLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// describeTypeError names the field a yaml.TypeError message is about, found
// by the line of its value: "bad value for count (line 12): cannot
// unmarshal !!str `many` into int".
func describeTypeError(node *yaml.Node, e string) string {
	m := typeErrorLine.FindStringSubmatch(e)
	if m == nil {
		return "bad value: " + e
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		if v := node.Content[i+1]; strconv.Itoa(v.Line) == m[1] {
			return fmt.Sprintf("bad value for %s (line %s): %s", node.Content[i].Value, m[1], m[2])
		}
	}
	return fmt.Sprintf("bad value (line %s): %s", m[1], m[2])
}

// checkFields reports keys of a mapping that t has no field for, naming the
// allowed fields.
func checkFields(p *problems, at origin, node *yaml.Node, t reflect.Type, prefix string) {
	if node.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		key, val := node.Content[i], node.Content[i+1]
		f, ok := fieldByTag(t, key.Value)
		if !ok {
			p.add(at, "unknown field %q (line %d): allowed fields: %s", prefix+key.Value, key.Line, strings.Join(fieldNames(t), ", "))
			continue
		}
		if f.Type.Kind() == reflect.Struct {
			checkFields(p, at, val, f.Type, prefix+key.Value+".")
		}
	}
}

// scalarField returns the value of a scalar key in a mapping node.
func scalarField(node *yaml.Node, key string) string {
	for i := 0; i+1 < len(node.Content); i += 2 {
		if node.Content[i].Value == key && node.Content[i+1].Kind == yaml.ScalarNode {
			return node.Content[i+1].Value
		}
	}
	return ""
}

func tagName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	return name
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if f := t.Field(i); tagName(f) == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// fieldNames lists t's yaml field names in declaration order.
func fieldNames(t reflect.Type) []string {
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		if n := tagName(t.Field(i)); n != "" && n != "-" {
			names = append(names, n)
		}
	}
	return names
}
