package seed

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"caremap/graph"
)

// want is a problem a broken dataset must report: file and record exactly,
// and a part of the message.
type want struct {
	file, record, message string
}

// extraRel is a relationship record appended to relationships.yaml.
func extraRel(fields string) string {
	return "\n- id: rel-900\n" + fields
}

const okSources = "  confidence: high\n  sources: [govuk_hcs_explained]\n"

// lines returns the number of lines of file, so a test can name the line
// of what it appends.
func lines(m fstest.MapFS, file string) int {
	return strings.Count(string(m[file].Data), "\n")
}

func TestBrokenDatasets(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(t *testing.T, m fstest.MapFS) []want
	}{
		{"duplicate id", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileServices, "\n- id: svc-fertility\n  name: Fertility, again\n"+okSources)
			return []want{{fileServices, "svc-fertility", `duplicate id "svc-fertility": also used at services.yaml svc-fertility`}}
		}},
		{"duplicate relationship id", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, "\n- id: rel-001\n  type: SUPPORTS\n  from: nhs-england\n  to: monitor\n"+okSources)
			return []want{{fileRelationships, "rel-001", `duplicate relationship id "rel-001"`}}
		}},
		{"unknown kind", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileOrganisations, "  kind: PARLIAMENT\n  legal_form: legislature\n", "  kind: LEGISLATURE\n  legal_form: legislature\n")
			return []want{{fileOrganisations, "uk-parliament", `unknown kind "LEGISLATURE": allowed: PARLIAMENT, MINISTER, GOVERNMENT_DEPARTMENT`}}
		}},
		{"unknown tier and confidence", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileOrganisations, "\n- id: new-body\n  name: New body\n  kind: NETWORK\n  tier: galactic\n  group: government\n  role: Does things.\n  confidence: certain\n  sources: [govuk_hcs_explained]\n")
			return []want{
				{fileOrganisations, "new-body", `unknown tier "galactic": allowed: national, regional, local`},
				{fileOrganisations, "new-body", `confidence "certain": allowed: high, medium, low`},
			}
		}},
		{"unknown group", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileOrganisations, "\n- id: new-body\n  name: New body\n  kind: NETWORK\n  tier: national\n  group: nowhere\n  role: Does things.\n"+okSources)
			return []want{{fileOrganisations, "new-body", `unknown group "nowhere": allowed: a group id from groups.yaml`}}
		}},
		{"bad id", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileServices, "\n- id: Svc_New\n  name: New\n"+okSources)
			return []want{{fileServices, "Svc_New", `id "Svc_New": allowed: lower-case letters and digits`}}
		}},
		{"unknown type", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: FUNDZ\n  from: department-of-health\n  to: nhs-england\n"+okSources))
			return []want{{fileRelationships, "rel-900", `unknown relationship type "FUNDZ": allowed: ACCOUNTABLE_TO, FUNDS, COMMISSIONS`}}
		}},
		{"dangling edge end", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: SUPPORTS\n  from: nhs-england\n  to: no-such-body\n"+okSources))
			return []want{{fileRelationships, "rel-900", `to "no-such-body" names no organisation or service`}}
		}},
		{"PROVIDES to an organisation", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: PROVIDES\n  from: nhs-trusts\n  to: monitor\n"+okSources))
			return []want{{fileRelationships, "rel-900", `to "monitor" is an organisation: a PROVIDES edge goes to a service`}}
		}},
		{"edge from a service", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: FUNDS\n  from: svc-fertility\n  to: monitor\n"+okSources))
			return []want{{fileRelationships, "rel-900", `from "svc-fertility" is a service: a FUNDS edge goes from an organisation`}}
		}},
		{"negative amount", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: FUNDS\n  from: department-of-health\n  to: monitor\n  amount_gbp: -5\n  year: 2013/14\n"+okSources))
			return []want{{fileRelationships, "rel-900", `amount_gbp -5 is negative: allowed: a whole number of pounds, 0 or more`}}
		}},
		{"amount without year", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: FUNDS\n  from: department-of-health\n  to: monitor\n  amount_gbp: 5_000\n"+okSources))
			return []want{{fileRelationships, "rel-900", `amount_gbp 5000 has no year`}}
		}},
		{"amount on a type that carries no money", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: ADVISES\n  from: nice\n  to: monitor\n  amount_gbp: 5\n  year: 2013/14\n"+okSources))
			return []want{
				{fileRelationships, "rel-900", `amount_gbp on a ADVISES edge: allowed only on money types (FUNDS, COMMISSIONS)`},
				{fileRelationships, "rel-900", `year on a ADVISES edge: allowed only on money types`},
			}
		}},
		{"bad year", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: FUNDS\n  from: department-of-health\n  to: monitor\n  amount_gbp: 5\n  year: 2013/15\n"+okSources))
			return []want{{fileRelationships, "rel-900", `year "2013/15": allowed: a financial year YYYY/YY, e.g. 2013/14`}}
		}},
		{"services that are not service ids", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: COMMISSIONS\n  from: nhs-england\n  to: gp-practices\n  services: [dentistry]\n"+okSources))
			return []want{{fileRelationships, "rel-900", `services: "dentistry" is not a service id`}}
		}},
		{"bad date", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: SUPPORTS\n  from: nhs-england\n  to: monitor\n  valid_from: '2013-02-30'\n"+okSources))
			return []want{{fileRelationships, "rel-900", `valid_from "2013-02-30": allowed: an ISO date YYYY-MM-DD`}}
		}},
		{"missing source", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: SUPPORTS\n  from: nhs-england\n  to: monitor\n  confidence: high\n"))
			return []want{{fileRelationships, "rel-900", `sources is missing: every record cites at least one source key from sources.yaml`}}
		}},
		{"unknown source key", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: SUPPORTS\n  from: nhs-england\n  to: monitor\n  confidence: high\n  sources: [govuk_hcs_explained, nope]\n"))
			return []want{{fileRelationships, "rel-900", `unknown source key "nope": allowed: a key defined in sources.yaml`}}
		}},
		{"bad source", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileSources, "\n- key: ftp_site\n  title: ''\n  url: ftp://example.org/x\n  kind: rumour\n")
			return []want{
				{fileSources, "ftp_site", `title is missing`},
				{fileSources, "ftp_site", `url "ftp://example.org/x": allowed: an absolute http or https URL`},
				{fileSources, "ftp_site", `kind "rumour": allowed: primary, secondary, tertiary, data`},
			}
		}},
		{"INSTANCE_OF from a class", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileRelationships, extraRel("  type: INSTANCE_OF\n  from: nhs-trusts\n  to: nhs-foundation-trusts\n"+okSources))
			return []want{{fileRelationships, "rel-900", `from "nhs-trusts" is not an instance (it has no class)`}}
		}},
		{"unknown field", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileOrganisations, "- id: uk-parliament\n", "- id: uk-parliament\n  colour: red\n")
			return []want{{fileOrganisations, "uk-parliament", `unknown field "colour" (line 6): allowed fields: id, name, operating_name, short, kind, legal_form, tier`}}
		}},
		{"unknown nested field", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileDataset, "instance_sources:\n", "instance_sources:\n  hospitals: [gh_oflog]\n")
			return []want{{fileDataset, "(file)", `unknown field "instance_sources.hospitals" (line 19): allowed fields: regions, area_teams, ccgs, councils`}}
		}},
		{"bad value type", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileOrganisations, "\n- id: new-body\n  name: New body\n  kind: NETWORK\n  tier: national\n  group: government\n  role: Does things.\n  count: many\n"+okSources)
			return []want{{fileOrganisations, "new-body", "bad value for count (line " + fmt.Sprint(lines(m, fileOrganisations)-2) + "): cannot unmarshal !!str `many` into int"}}
		}},
		{"malformed YAML", func(t *testing.T, m fstest.MapFS) []want {
			n := lines(m, fileServices)
			appendTo(m, fileServices, "\n- id: svc-new\n  name: [unclosed\n  confidence: high\n")
			return []want{{fileServices, fmt.Sprintf("line %d", n+2), "malformed YAML: did not find expected ',' or ']'"}}
		}},
		{"YAML that is not a list", func(t *testing.T, m fstest.MapFS) []want {
			m[fileGroups] = &fstest.MapFile{Data: []byte("id: government\nname: Government\n")}
			return []want{{fileGroups, "line 1", `the file must be a YAML list of records`}}
		}},
		{"malformed CSV row", func(t *testing.T, m fstest.MapFS) []want {
			n := lines(m, fileCCGs)
			appendTo(m, fileCCGs, "99Z,E38999999,Too few fields\n")
			return []want{{fileCCGs, fmt.Sprintf("line %d", n+1), `malformed CSV: wrong number of fields`}}
		}},
		{"malformed CSV quoting", func(t *testing.T, m fstest.MapFS) []want {
			n := lines(m, fileTrusts)
			appendTo(m, fileTrusts, "RZZ,\"UNCLOSED\" NHS TRUST,20000101,,AB1 2CD,no\n")
			return []want{{fileTrusts, fmt.Sprintf("line %d", n+1), `malformed CSV: extraneous or missing " in quoted-field`}}
		}},
		{"CSV with an unknown column", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileTrusts, ",postcode,", ",post_code,")
			return []want{
				{fileTrusts, "line 1", `unknown column "post_code": allowed columns: ods_code, name, name_as_of`},
				{fileTrusts, "line 1", `missing column "postcode"`},
			}
		}},
		{"CSV with a bad code", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileTrusts, "R1A,Worcestershire", "X1A,Worcestershire")
			return []want{{fileTrusts, "line 2", `ods_code "X1A": allowed: an ODS NHS trust code`}}
		}},
		{"trust not open on the snapshot date", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileTrusts, "Gloucestershire Care Services NHS Trust,2014-03-31,2013-03-22", "Gloucestershire Care Services NHS Trust,2014-03-31,2013-04-02")
			return []want{{fileTrusts, "line 9", `not open on the snapshot date 2013-04-01`}}
		}},
		{"counts that disagree", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileRegions, "London,3,32", "London,3,33")
			return []want{{fileRegions, "line 4", `ccgs says 33 but instances/ccg-2013.csv lists 32 CCGs in region Y56`}}
		}},
		{"missing file", func(t *testing.T, m fstest.MapFS) []want {
			delete(m, fileServices)
			return []want{{fileServices, "(file)", `missing file: a dataset has the files dataset.yaml, groups.yaml`}}
		}},
		{"unexpected file", func(t *testing.T, m fstest.MapFS) []want {
			m["organisation.yaml"] = &fstest.MapFile{Data: []byte("[]\n")}
			return []want{{"organisation.yaml", "(file)", `unexpected data file`}}
		}},
		{"operating name that is the name", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileOrganisations, "  name: Monitor\n", "  name: Monitor\n  operating_name: Monitor\n")
			return []want{{fileOrganisations, "monitor", `operating_name "Monitor" is the name: give it only where the body works under another name`}}
		}},
		{"glossary terms", func(t *testing.T, m fstest.MapFS) []want {
			appendTo(m, fileGlossary, "\n- term: XYZ\n  definition: Something.\n  bodies: [nobody, nhs-england, nhs-england]\n  sources: [govuk_hcs_explained]\n"+
				"\n- term: CCGs\n  expansion: again\n  definition: Again.\n  sources: [govuk_hcs_explained]\n"+
				"\n- term: Ccg\n  expansion: once more\n  definition: Once more.\n  forms: [' ccg']\n")
			return []want{ // by record, each record's in the order found
				{fileGlossary, "CCGs", `form "CCGs" is also a form of the term at glossary.yaml CCG`},
				{fileGlossary, "Ccg", `form " ccg": allowed: another way the term is written`},
				{fileGlossary, "Ccg", `sources is missing`},
				{fileGlossary, "Ccg", `term "Ccg" has the same anchor (#ccg) as the term at glossary.yaml CCG`},
				{fileGlossary, "XYZ", `expansion is missing: say what "XYZ" stands for`},
				{fileGlossary, "XYZ", `bodies: unknown id "nobody": allowed: the id of an organisation or service`},
				{fileGlossary, "XYZ", `bodies: "nhs-england" is listed twice`},
			}
		}},
		{"several problems", func(t *testing.T, m fstest.MapFS) []want {
			replaceOnce(t, m, fileOrganisations, "  kind: PARLIAMENT\n  legal_form: legislature\n", "  kind: LEGISLATURE\n  legal_form: legislature\n")
			appendTo(m, fileRelationships, extraRel("  type: SUPPORTS\n  from: nhs-england\n  to: no-such-body\n"+okSources))
			n := lines(m, fileCCGs)
			appendTo(m, fileCCGs, "99Z,E38999999,Too few fields\n")
			return []want{ // in sorted order
				{fileCCGs, fmt.Sprintf("line %d", n+1), `malformed CSV`},
				{fileOrganisations, "uk-parliament", `unknown kind "LEGISLATURE"`},
				{fileRelationships, "rel-900", `to "no-such-body" names no organisation or service`},
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := copyFiles(t)
			wants := tc.mutate(t, m)
			ds, err := LoadFS(m)
			if !reflect.DeepEqual(ds, graph.Dataset{}) {
				t.Errorf("LoadFS returned a partial dataset (version %q, %d organisations) with its error", ds.Version, len(ds.Organisations))
			}
			var ve *graph.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("LoadFS error = %v, want a *graph.ValidationError wrapping ErrInvalid", err)
			}
			got := ve.Problems
			ok := len(got) == len(wants)
			for i := 0; ok && i < len(wants); i++ {
				w := wants[i]
				ok = got[i].File == w.file && got[i].Record == w.record && strings.Contains(got[i].Message, w.message)
			}
			if !ok {
				t.Errorf("problems:\n%s\nwant, in order:\n%s", problemList(got), wantList(wants))
			}
		})
	}
}

func problemList(ps []graph.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  %s\n", p)
	}
	return b.String()
}

func wantList(ws []want) string {
	var b strings.Builder
	for _, w := range ws {
		fmt.Fprintf(&b, "  %s: %s: ...%s...\n", w.file, w.record, w.message)
	}
	return b.String()
}

func TestValidationErrorMessage(t *testing.T) {
	m := copyFiles(t)
	delete(m, fileDataset)
	_, err := LoadFS(m)
	if err == nil || !strings.Contains(err.Error(), "dataset.yaml: (file): missing file") {
		t.Errorf("error message %q does not name the file and the problem", err)
	}
}
