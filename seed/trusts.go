package seed

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"caremap/graph"
)

// nameAgeLimit is how far from the snapshot a trust's name may be attested
// before the trust is marked low confidence: a name recorded long before or
// after 1 April 2013 may not be the name it had that day.
const nameAgeLimit = 365 * 24 * time.Hour

// Partial dates: a source may give only the month or the year.
var (
	isoMonth = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)
	isoYear  = regexp.MustCompile(`^\d{4}$`)
)

// partialDate parses a column holding an ISO date, or, where the source
// gives no more, a month (2013-01) or, if year is set, a year (2006); an
// empty optional column stays "". A partial date that contains the snapshot
// date (2013, 2013-04) cannot say which side of it a thing happened, and is
// reported.
func (g *instances) partialDate(row csvRow, col string, required, year bool) string {
	v := row.get(col)
	if v == "" {
		if required {
			g.b.p.add(row.at, "%s is empty: it is required", col)
		}
		return ""
	}
	allowed := "an ISO date YYYY-MM-DD or, where the source gives no more, a month YYYY-MM"
	if year {
		allowed += " or a year YYYY"
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil && !isoMonth.MatchString(v) && !(year && isoYear.MatchString(v)) {
		g.b.p.add(row.at, "%s %q: allowed: %s", col, v, allowed)
		return ""
	}
	if day := g.b.meta.SnapshotDate; len(v) < len(time.DateOnly) && strings.HasPrefix(day, v) {
		g.b.p.add(row.at, "%s %q contains the snapshot date %s, so it cannot say which side of it: allowed: a date precise enough to tell", col, v, day)
		return ""
	}
	return v
}

// earliest is the first day a partial date can mean.
func earliest(d string) (time.Time, bool) {
	switch len(d) {
	case len("2006"):
		d += "-01-01"
	case len("2006-01"):
		d += "-01"
	}
	t, err := time.Parse(time.DateOnly, d)
	return t, err == nil
}

// trusts reads the trust list.
func (g *instances) trusts(data []byte) {
	g.trustsFrom(readCSV(g.b.p, fileTrusts, data, trustColumns))
}

// trustsFrom makes the NHS trusts and foundation trusts open on the
// snapshot date. A trust's class follows its dated foundation trust
// evidence, never its name: a foundation trust if it was authorised
// (ft_authorised) on or before the snapshot date, or, where its
// authorisation date was not found, if a dated source shows it was already
// one by then (ft_by). Its regulators and overseer follow its class.
func (g *instances) trustsFrom(rows []csvRow) {
	ft, nt := g.class(fileTrusts, classFTs), g.class(fileTrusts, classTrusts)
	if ft == nil || nt == nil {
		return
	}
	day := g.b.meta.SnapshotDate
	snapshot, _ := time.Parse(time.DateOnly, day)
	seen := map[string]bool{}
	for _, row := range rows {
		code, ok := g.code(row, "ods_code", trustODS)
		name := g.text(row, "name")
		asOf := g.partialDate(row, "name_as_of", true, true)
		open := g.date(row, "open_date", false)
		closed := g.date(row, "close_date", false)
		authorised := g.partialDate(row, "ft_authorised", false, true)
		by := g.partialDate(row, "ft_by", false, false)
		srcs := g.rowSources(row)
		if authorised != "" && by != "" {
			g.b.p.add(row.at, "both ft_authorised and ft_by are given: allowed: ft_by only where the authorisation date is not known")
		}
		if day != "" && ((open != "" && open > day) || (closed != "" && closed <= day)) {
			g.b.p.add(row.at, "not open on the snapshot date %s (open_date %q, close_date %q): allowed: only trusts open on that day", day, row.get("open_date"), row.get("close_date"))
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
		instConf, instNote := graph.ConfidenceHigh, "Not a foundation trust on "+day+": no dated source shows it was one."
		switch {
		case authorised != "" && authorised <= day:
			class, form = ft, "NHS foundation trust (public benefit corporation)"
			instNote = fmt.Sprintf("Authorised as a foundation trust on %s.", authorised)
		case authorised != "":
			instNote = fmt.Sprintf("Not a foundation trust on %s: authorised as one on %s.", day, authorised)
		case by != "" && by <= day:
			class, form = ft, "NHS foundation trust (public benefit corporation)"
			instConf = graph.ConfidenceMedium
			instNote = fmt.Sprintf("A foundation trust by %s, as a source of that date shows; its authorisation date was not found.", by)
		case strings.Contains(strings.ToLower(name), "foundation trust"):
			// The name is never the class, but it can make the class doubtful.
			instConf = graph.ConfidenceLow
			instNote = fmt.Sprintf("Its name on %s says foundation trust, but no dated source of its status was found, so it is classed as an NHS trust.", day)
		}
		if class == ft && sourcesOfKind(g.b, row.get("sources"), "tertiary") {
			// The lists of trusts are data and primary sources; a tertiary
			// one is the foundation trust evidence (Wikipedia, a blog).
			if instConf == graph.ConfidenceHigh {
				instConf = graph.ConfidenceMedium
			}
		}
		conf := graph.ConfidenceHigh
		notes := fmt.Sprintf("Name as recorded on %s.", asOf)
		if t, ok := earliest(asOf); ok && !snapshot.IsZero() && (t.Sub(snapshot) > nameAgeLimit || snapshot.Sub(t) > nameAgeLimit) {
			conf = graph.ConfidenceLow
			notes = fmt.Sprintf("Name as recorded on %s, more than a year from %s: it may not be the name the trust had that day.", asOf, day)
		}
		if open == "" {
			notes += " Its opening and closing dates are not known (its sources show it open in 2013/14)."
		}
		id := "trust-" + strings.ToLower(code)
		o := graph.Organisation{
			ID: id, Name: nameCase(name), LegalForm: form,
			Role:  "NHS provider of hospital, mental health, community or ambulance services.",
			Notes: notes, Codes: graph.Codes{ODS: code}, ValidFrom: open, ValidTo: closed,
			FTAuthorised: authorised, FTBy: by, Confidence: conf, Sources: srcs,
		}
		g.instance(row.at, class, o, instConf, instNote)
		g.trustOversight(row.at, class.ID, id, srcs)
	}
}

// sourcesOfKind reports whether any of the ;-separated source keys is of
// the given kind.
func sourcesOfKind(b *builder, keys, kind string) bool {
	for k := range strings.SplitSeq(keys, ";") {
		if b.sourceKinds[strings.TrimSpace(k)] == kind {
			return true
		}
	}
	return false
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
