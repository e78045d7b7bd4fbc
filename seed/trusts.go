package seed

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"caremap/graph"
)

// legacyTrustColumns are the columns of the trust list before it carried
// authorisation dates: its class followed the trust's latest name.
var legacyTrustColumns = []string{"ods_code", "name_latest_in_source", "open_date", "close_date", "postcode", "name_contains_foundation_trust"}

// nameAgeLimit is how far from the snapshot a trust's name may be attested
// before the trust is marked low confidence: a name recorded long before or
// after 1 April 2013 may not be the name it had that day.
const nameAgeLimit = 365 * 24 * time.Hour

// trusts reads the trust list, in its dated layout or the legacy one.
func (g *instances) trusts(data []byte, listSources []string) {
	header, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Contains(header, []byte("name_latest_in_source")) {
		g.legacyTrustsFrom(readCSV(g.b.p, fileTrusts, data, legacyTrustColumns), g.sources(fileTrusts, "trusts", listSources))
		return
	}
	g.datedTrusts = true
	g.trustsFrom(readCSV(g.b.p, fileTrusts, data, trustColumns))
}

// trustsFrom makes the NHS trusts and foundation trusts open on the
// snapshot date. A trust's class follows its foundation trust authorisation
// date, never its name; its regulators and overseer follow its class.
func (g *instances) trustsFrom(rows []csvRow) {
	ft, nt := g.class(fileTrusts, classFTs), g.class(fileTrusts, classTrusts)
	if ft == nil || nt == nil {
		return
	}
	snapshot, _ := time.Parse(time.DateOnly, g.b.meta.SnapshotDate)
	seen := map[string]bool{}
	for _, row := range rows {
		code, ok := g.code(row, "ods_code", trustODS)
		name := g.text(row, "name")
		asOf := g.date(row, "name_as_of", true)
		open := g.date(row, "open_date", true)
		closed := g.date(row, "close_date", false)
		authorised := g.date(row, "ft_authorised", false)
		srcs := g.rowSources(row)
		day := g.b.meta.SnapshotDate
		if day != "" && open != "" && (open > day || (closed != "" && closed <= day)) {
			g.b.p.add(row.at, "not open on the snapshot date %s (open_date %s, close_date %q): allowed: only trusts open on that day", day, row.get("open_date"), row.get("close_date"))
			continue
		}
		if !ok {
			continue
		}
		if seen[code] {
			g.b.p.add(row.at, "ods_code %s is listed twice", code)
			continue
		}
		seen[code] = true
		class, form := nt, "NHS trust (statutory NHS body)"
		instNote := "Not a foundation trust on " + day + ": no authorisation is recorded in its sources."
		if authorised != "" {
			instNote = fmt.Sprintf("Not a foundation trust on %s: authorised as one on %s.", day, authorised)
		}
		if authorised != "" && day != "" && authorised <= day {
			class, form = ft, "NHS foundation trust (public benefit corporation)"
			instNote = fmt.Sprintf("Authorised as a foundation trust on %s.", authorised)
		}
		conf := graph.ConfidenceHigh
		notes := fmt.Sprintf("Name as recorded on %s.", asOf)
		if t, err := time.Parse(time.DateOnly, asOf); err == nil && !snapshot.IsZero() && (t.Sub(snapshot) > nameAgeLimit || snapshot.Sub(t) > nameAgeLimit) {
			conf = graph.ConfidenceLow
			notes = fmt.Sprintf("Name as recorded on %s, more than a year from %s: it may not be the name the trust had that day.", asOf, day)
		}
		id := "trust-" + strings.ToLower(code)
		o := graph.Organisation{
			ID: id, Name: nameCase(name), LegalForm: form,
			Role:  "NHS provider of hospital, mental health, community or ambulance services.",
			Notes: notes, Codes: graph.Codes{ODS: code}, ValidFrom: open, ValidTo: closed,
			FTAuthorised: authorised, Confidence: conf, Sources: srcs,
		}
		g.instance(row.at, class, o, graph.ConfidenceHigh, instNote)
		g.trustOversight(row.at, class.ID, id, srcs)
	}
}

// trustOversight gives one trust the regulation and oversight its class
// has from a single national body, so that its page answers "who regulates
// it" directly: CQC registers every provider, Monitor licenses foundation
// trusts, NHS trusts answer to the NHS TDA. Each edge mirrors its class
// edge and is made only while that exists.
func (g *instances) trustOversight(at origin, class, id string, srcs []graph.Source) {
	for _, body := range []string{cqc, monitor} {
		g.mirror(at, graph.Relationship{ID: "regl-" + id + "-by-" + body, Type: graph.Regulates, From: body, To: id},
			body, class, srcs, false)
	}
	g.mirror(at, graph.Relationship{ID: "acct-" + id, Type: graph.AccountableTo, From: id, To: nhsTDA},
		class, nhsTDA, srcs, false)
}

// nameCase title-cases a name written all in capitals, as ODS writes them,
// and keeps any other as it is.
func nameCase(name string) string {
	if strings.ToUpper(name) == name {
		return titleCase(name)
	}
	return name
}

// legacyTrustsFrom reads the trust list of the legacy layout, whose class
// follows the trust's latest ODS name (unconfirmed for April 2013, so low
// confidence).
func (g *instances) legacyTrustsFrom(rows []csvRow, srcs []graph.Source) {
	ft, nt := g.class(fileTrusts, classFTs), g.class(fileTrusts, classTrusts)
	if ft == nil || nt == nil {
		return
	}
	for _, row := range rows {
		code, ok := g.code(row, "ods_code", trustODS)
		raw := g.text(row, "name_latest_in_source")
		open := g.date(row, "open_date", true)
		closed := g.date(row, "close_date", false)
		isFT := g.yesNo(row, "name_contains_foundation_trust")
		if g.snapshot != "" && open != "" && (row.get("open_date") > g.snapshot || (closed != "" && row.get("close_date") <= g.snapshot)) {
			g.b.p.add(row.at, "not open on the snapshot date %s (open_date %s, close_date %q): allowed: only trusts open on that day", g.b.meta.SnapshotDate, row.get("open_date"), row.get("close_date"))
			continue
		}
		if !ok {
			continue
		}
		class, form := nt, "NHS trust (by its latest name)"
		if isFT {
			class, form = ft, "NHS foundation trust (by its latest name)"
		}
		id := "trust-" + strings.ToLower(code)
		g.instance(row.at, class, graph.Organisation{
			ID: id, Name: titleCase(raw), LegalForm: form,
			Role:  "NHS provider of hospital, mental health, community or ambulance services.",
			Notes: "Name as most recently recorded by the NHS Organisation Data Service; it may differ from the name on 1 April 2013.",
			Codes: graph.Codes{ODS: code}, ValidFrom: open, ValidTo: closed, Sources: srcs,
		}, graph.ConfidenceLow, "Foundation trust status on 1 April 2013 is not confirmed: the class follows the trust's latest name in ODS data, which may be later than April 2013.")
	}
}
