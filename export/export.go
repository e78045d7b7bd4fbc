package export

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"caremap/graph"
)

// ListSeparator joins the items of a multi-valued cell (services, source
// titles, source URLs): no title or URL in the dataset contains it.
const ListSeparator = " | "

// OrganisationColumns are the columns of WriteOrganisations, in order.
var OrganisationColumns = []string{
	"id", "name", "display_name", "operating_name", "short_name", "kind", "legal_form", "tier", "group",
	"status", "count", "count_note", "instance_of", "ods_code", "ons_code", "valid_from", "valid_to",
	"registered_patients", "registered_patients_as_of", "registered_patients_note",
	"registered_patients_source_titles", "registered_patients_source_urls",
	"member_practices", "member_practices_as_of", "member_practices_note",
	"member_practices_source_titles", "member_practices_source_urls",
	"foundation_trust_since", "foundation_trust_by",
	"role", "budget", "established", "notes", "confidence", "source_titles", "source_urls",
}

// WriteOrganisations writes orgs as CSV (RFC 4180), a header row of
// OrganisationColumns first.
func WriteOrganisations(w io.Writer, orgs []graph.Organisation) error {
	cw := csv.NewWriter(w)
	cw.Write(OrganisationColumns)
	for _, o := range orgs {
		titles, urls := sourceCells(o.Sources)
		row := []string{
			o.ID, o.Name, o.DisplayName(), o.OperatingName, o.ShortName, string(o.Kind), o.LegalForm, string(o.Tier), o.Group,
			o.Status, strconv.Itoa(max(o.Count, 1)), o.CountNote, o.InstanceOf, o.Codes.ODS, o.Codes.ONS, o.ValidFrom, o.ValidTo,
		}
		row = append(row, figureCells(o.RegisteredPatients)...)
		row = append(row, figureCells(o.MemberPractices)...)
		row = append(row, o.FTAuthorised, o.FTBy, o.Role, o.Budget, o.Established, o.Notes, string(o.Confidence), titles, urls)
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// ServiceColumns are the columns of WriteServices, in order.
var ServiceColumns = []string{"id", "name", "description", "domain", "notes", "confidence", "source_titles", "source_urls"}

// WriteServices writes services as CSV, a header row of ServiceColumns
// first.
func WriteServices(w io.Writer, svcs []graph.Service) error {
	cw := csv.NewWriter(w)
	cw.Write(ServiceColumns)
	for _, s := range svcs {
		titles, urls := sourceCells(s.Sources)
		cw.Write([]string{s.ID, s.Name, s.Description, s.Domain, s.Notes, string(s.Confidence), titles, urls})
	}
	cw.Flush()
	return cw.Error()
}

// RelationshipColumns are the columns of WriteRelationships, in order.
var RelationshipColumns = []string{
	"id", "type", "from", "from_name", "to", "to_name", "amount_gbp", "year", "services",
	"mechanism", "mode", "note", "valid_from", "valid_to", "patients", "share",
	"confidence", "source_titles", "source_urls",
}

// WriteRelationships writes rels as CSV, a header row of
// RelationshipColumns first. names gives the name to show for a node id
// (graph.Node.DisplayName); an id it lacks is written as its own name.
func WriteRelationships(w io.Writer, rels []graph.Relationship, names map[string]string) error {
	name := func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		return id
	}
	cw := csv.NewWriter(w)
	cw.Write(RelationshipColumns)
	for _, r := range rels {
		titles, urls := sourceCells(r.Sources)
		amount, patients, share := "", "", ""
		if r.AmountGBP != nil {
			amount = strconv.FormatInt(*r.AmountGBP, 10)
		}
		if r.Patients != nil {
			patients = strconv.FormatInt(*r.Patients, 10)
		}
		if r.Share != nil {
			share = strconv.FormatFloat(*r.Share, 'f', -1, 64)
		}
		cw.Write([]string{
			r.ID, string(r.Type), r.From, name(r.From), r.To, name(r.To), amount, r.Year, strings.Join(r.Services, ListSeparator),
			r.Mechanism, r.Mode, r.Note, r.ValidFrom, r.ValidTo, patients, share,
			string(r.Confidence), titles, urls,
		})
	}
	cw.Flush()
	return cw.Error()
}

// RelationshipTypeColumns are the columns of WriteRelationshipTypes.
var RelationshipTypeColumns = []string{"type", "definition", "direction", "colour", "line_style", "money"}

// WriteRelationshipTypes writes the legend, graph.RelTypes, as CSV.
func WriteRelationshipTypes(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(RelationshipTypeColumns)
	for _, t := range graph.RelTypes {
		cw.Write([]string{string(t.Type), t.Definition, t.Direction, t.Colour, t.Style, strconv.FormatBool(t.Money)})
	}
	cw.Flush()
	return cw.Error()
}

// CommissioningColumns are the columns of WriteCommissioning.
var CommissioningColumns = []string{
	"service", "service_name", "commissioner", "commissioner_name", "relationships", "providers", "provider_names",
	"amount_gbp", "mechanism", "confidence", "source_titles", "source_urls",
}

// WriteCommissioning writes the commissioning matrix in long form: one row
// per filled cell (a service and one body that commissions it), with the
// relationships that say so, the providers it buys from, the money they
// carry where known, the lowest confidence among them and their sources.
func WriteCommissioning(w io.Writer, m graph.CommissioningMatrix) error {
	cw := csv.NewWriter(w)
	cw.Write(CommissioningColumns)
	for _, row := range m.Rows {
		for i, c := range row.Cells {
			if c.Empty() {
				continue
			}
			o := m.Commissioners[i]
			var ids, provs, provNames, mech []string
			var srcs []graph.Source
			conf := graph.ConfidenceHigh
			for _, r := range append(append([]graph.Relationship{}, c.Commissions...), c.Contracts...) {
				ids = append(ids, r.ID)
				if r.Mechanism != "" && !slices.Contains(mech, r.Mechanism) {
					mech = append(mech, r.Mechanism)
				}
				conf = lower(conf, r.Confidence)
				for _, s := range r.Sources {
					if !slices.Contains(srcs, s) {
						srcs = append(srcs, s)
					}
				}
			}
			for _, p := range c.Providers {
				provs = append(provs, p.ID)
				provNames = append(provNames, p.DisplayName())
			}
			amount := ""
			if a := c.AmountGBP(); a != nil {
				amount = strconv.FormatInt(*a, 10)
			}
			titles, urls := sourceCells(srcs)
			cw.Write([]string{
				row.Service.ID, row.Service.Name, o.ID, o.DisplayName(), strings.Join(ids, ListSeparator),
				strings.Join(provs, ListSeparator), strings.Join(provNames, ListSeparator), amount,
				strings.Join(mech, ListSeparator), string(conf), titles, urls,
			})
		}
	}
	cw.Flush()
	return cw.Error()
}

// sourceCells joins the sources' titles and URLs, in the same order.
func sourceCells(ss []graph.Source) (titles, urls string) {
	t := make([]string, len(ss))
	u := make([]string, len(ss))
	for i, s := range ss {
		t[i], u[i] = s.Title, s.URL
	}
	return strings.Join(t, ListSeparator), strings.Join(u, ListSeparator)
}

// SplitList splits a multi-valued cell: "" is no items.
func SplitList(cell string) []string {
	if cell == "" {
		return nil
	}
	return strings.Split(cell, ListSeparator)
}

// figureCells are a figure's five cells: its value, as of when, its note
// and its sources' titles and URLs; all "" where it is not known.
func figureCells(f *graph.Figure) []string {
	if f == nil {
		return make([]string, 5)
	}
	titles, urls := sourceCells(f.Sources)
	return []string{strconv.FormatInt(f.Value, 10), f.AsOf, f.Note, titles, urls}
}

// lower returns the lower of two confidence levels.
func lower(a, b graph.Confidence) graph.Confidence {
	rank := map[graph.Confidence]int{graph.ConfidenceHigh: 2, graph.ConfidenceMedium: 1, graph.ConfidenceLow: 0}
	if rank[b] < rank[a] {
		return b
	}
	return a
}
