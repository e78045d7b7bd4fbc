package export

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"caremap/graph"
)

// GraphML namespaces.
const (
	graphMLNS     = "http://graphml.graphdrawing.org/xmlns"
	graphMLSchema = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
)

// graphMLKey declares one attribute of nodes or edges.
type graphMLKey struct {
	ID, For, Name, Type string
}

// NodeKeys and EdgeKeys are the attributes WriteGraphML gives nodes and
// edges (their GraphML key ids; attr.name is the same).
var (
	nodeKeys = []graphMLKey{
		{"label", "node", "label", "string"}, {"name", "node", "name", "string"},
		{"node_kind", "node", "node_kind", "string"}, {"kind", "node", "kind", "string"},
		{"short_name", "node", "short_name", "string"}, {"tier", "node", "tier", "string"},
		{"group", "node", "group", "string"}, {"count", "node", "count", "int"},
		{"instance_of", "node", "instance_of", "string"}, {"ods_code", "node", "ods_code", "string"},
		{"ons_code", "node", "ons_code", "string"}, {"status", "node", "status", "string"},
		{"description", "node", "description", "string"},
		{"node_confidence", "node", "confidence", "string"}, {"node_sources", "node", "source_urls", "string"},
	}
	edgeKeys = []graphMLKey{
		{"type", "edge", "type", "string"}, {"amount_gbp", "edge", "amount_gbp", "long"},
		{"year", "edge", "year", "string"}, {"services", "edge", "services", "string"},
		{"mechanism", "edge", "mechanism", "string"},
		{"edge_confidence", "edge", "confidence", "string"}, {"edge_sources", "edge", "source_urls", "string"},
	}
	// NodeKeys and EdgeKeys list the key ids, for readers.
	NodeKeys = keyIDs(nodeKeys)
	EdgeKeys = keyIDs(edgeKeys)
)

func keyIDs(ks []graphMLKey) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.ID
	}
	return out
}

// WriteGraphML writes sg as a GraphML document: one directed graph, a node
// per organisation and service (label: its display name) and an edge per
// relationship (id, type, amount, sources), with the keys of NodeKeys and
// EdgeKeys declared. Empty values are left out.
func WriteGraphML(w io.Writer, sg graph.Subgraph) error {
	e := xml.NewEncoder(w)
	e.Indent("", " ")
	io.WriteString(w, xml.Header)
	start := func(name string, attrs ...string) {
		el := xml.StartElement{Name: xml.Name{Local: name}}
		for i := 0; i+1 < len(attrs); i += 2 {
			el.Attr = append(el.Attr, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
		}
		e.EncodeToken(el)
	}
	end := func(name string) { e.EncodeToken(xml.EndElement{Name: xml.Name{Local: name}}) }
	data := func(key, value string) {
		if value == "" {
			return
		}
		start("data", "key", key)
		e.EncodeToken(xml.CharData(value))
		end("data")
	}

	start("graphml", "xmlns", graphMLNS, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance", "xsi:schemaLocation", graphMLSchema)
	for _, k := range append(append([]graphMLKey{}, nodeKeys...), edgeKeys...) {
		start("key", "id", k.ID, "for", k.For, "attr.name", k.Name, "attr.type", k.Type)
		end("key")
	}
	start("graph", "id", "caremap", "edgedefault", "directed")
	for _, n := range sg.Nodes {
		start("node", "id", n.ID())
		data("label", n.DisplayName())
		data("name", n.Name())
		data("node_kind", string(n.Kind()))
		if o := n.Organisation; o != nil {
			data("kind", string(o.Kind))
			data("short_name", o.ShortName)
			data("tier", string(o.Tier))
			data("group", o.Group)
			data("count", strconv.Itoa(max(o.Count, 1)))
			data("instance_of", o.InstanceOf)
			data("ods_code", o.Codes.ODS)
			data("ons_code", o.Codes.ONS)
			data("status", o.Status)
			data("description", o.Role)
			data("node_confidence", string(o.Confidence))
			_, urls := sourceCells(o.Sources)
			data("node_sources", urls)
		} else if s := n.Service; s != nil {
			data("description", s.Description)
			data("node_confidence", string(s.Confidence))
			_, urls := sourceCells(s.Sources)
			data("node_sources", urls)
		}
		end("node")
	}
	for _, r := range sg.Edges {
		start("edge", "id", r.ID, "source", r.From, "target", r.To)
		data("type", string(r.Type))
		if r.AmountGBP != nil {
			data("amount_gbp", strconv.FormatInt(*r.AmountGBP, 10))
		}
		data("year", r.Year)
		data("services", strings.Join(r.Services, ListSeparator))
		data("mechanism", r.Mechanism)
		data("edge_confidence", string(r.Confidence))
		_, urls := sourceCells(r.Sources)
		data("edge_sources", urls)
		end("edge")
	}
	end("graph")
	end("graphml")
	if err := e.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
