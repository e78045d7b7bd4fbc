package seed

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"caremap/graph"
)

func mustLoad(t *testing.T) graph.Dataset {
	t.Helper()
	ds, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return ds
}

func TestLoadCounts(t *testing.T) {
	ds := mustLoad(t)
	if ds.Version != "2013-04-01+3" {
		t.Errorf("Version = %q, want 2013-04-01+3", ds.Version)
	}
	classes := 0
	instances := map[string]int{}
	for _, o := range ds.Organisations {
		if o.InstanceOf == "" {
			classes++
		} else {
			instances[o.InstanceOf]++
		}
	}
	if classes != 67 {
		t.Errorf("organisations that are not instances = %d, want the reference's 67", classes)
	}
	if len(ds.Services) != 31 {
		t.Errorf("services = %d, want 31", len(ds.Services))
	}
	if len(ds.Groups) != 16 {
		t.Errorf("groups = %d, want 16", len(ds.Groups))
	}
	ref := 0
	for _, r := range ds.Relationships {
		if strings.HasPrefix(r.ID, "rel-") {
			ref++
		}
	}
	if ref != 268 {
		t.Errorf("reference and caremap relationships (rel-*) = %d, want the reference's 266, less rel-082, plus rel-267 to rel-269 (see README.md) = 268", ref)
	}
	for class, want := range map[string]int{
		classCCGs: 211, classAreaTeams: 27, classRegions: 4, classCouncils: 152,
		classHWBs: 152, classHealthwatch: 152,
	} {
		if got := instances[class]; got != want {
			t.Errorf("instances of %s = %d, want %d", class, got, want)
		}
	}
	if got := instances[classFTs] + instances[classTrusts]; got != 247 {
		t.Errorf("trust instances = %d, want the 247 English trusts of 1 April 2013", got)
	}
}

func TestLoadFacts(t *testing.T) {
	ds := mustLoad(t)
	rels := map[string]graph.Relationship{}
	for _, r := range ds.Relationships {
		rels[r.ID] = r
	}
	orgs := map[string]graph.Organisation{}
	for _, o := range ds.Organisations {
		orgs[o.ID] = o
	}

	dh := rels["rel-030"]
	if dh.Type != graph.Funds || dh.From != "department-of-health" || dh.To != "nhs-england" ||
		dh.AmountGBP == nil || *dh.AmountGBP != 95_600_000_000 || dh.Year != "2013/14" {
		t.Errorf("rel-030 = %+v, want DH FUNDS NHS England £95,600,000,000 in 2013/14", dh)
	}
	if r := rels["rel-267"]; r.Type != graph.AccountableTo || r.From != "nhs-england" || r.To != "department-of-health" || r.Confidence != graph.ConfidenceMedium {
		t.Errorf("rel-267 = %+v, want nhs-england ACCOUNTABLE_TO department-of-health, medium", r)
	}
	if r := rels["rel-092"]; r.Year != "2013/14" || !strings.Contains(r.Note, "annual planning figure") {
		t.Errorf("rel-092 year %q note %q: want 2013/14 with the parenthetical moved into the note", r.Year, r.Note)
	}
	if r := rels["rel-067"]; len(r.Services) != 0 || r.Mechanism != "local Healthwatch functions" {
		t.Errorf("rel-067 services %q mechanism %q: want free text moved to mechanism", r.Services, r.Mechanism)
	}

	// The CCG chain up to NHS England, as the issue asks.
	chain := []string{"ccg-02n", "area-team-q52", "region-y54", "nhs-england"}
	for i := 0; i+1 < len(chain); i++ {
		r, ok := rels["part-"+chain[i]]
		if !ok || r.Type != graph.PartOf || r.To != chain[i+1] {
			t.Errorf("part-%s = %+v, want %s PART_OF %s", chain[i], r, chain[i], chain[i+1])
		}
	}
	ccg := orgs["ccg-02n"]
	if ccg.Codes != (graph.Codes{ODS: "02N", ONS: "E38000001"}) || ccg.Kind != graph.KindNHSBody || ccg.Tier != graph.TierLocal ||
		ccg.InstanceOf != classCCGs {
		t.Errorf("ccg-02n = %+v", ccg)
	}
	if r := rels["inst-ccg-02n"]; r.Type != graph.InstanceOf || r.To != classCCGs || r.Confidence != graph.ConfidenceHigh {
		t.Errorf("inst-ccg-02n = %+v", r)
	}
	if o := orgs["trust-rcx"]; o.Name != "The Queen Elizabeth Hospital, King's Lynn, NHS Foundation Trust" || o.InstanceOf != classFTs {
		t.Errorf("trust-rcx = %q instance of %q", o.Name, o.InstanceOf)
	}
	if r := rels["inst-trust-rcx"]; r.Confidence != graph.ConfidenceMedium || !strings.Contains(r.Note, "by 2012-03-31") {
		t.Errorf("inst-trust-rcx confidence %q note %q: want medium, a foundation trust by 2012-03-31 (dated evidence)", r.Confidence, r.Note)
	}
	if o := orgs["trust-r1c"]; o.ValidTo != "2024-09-30" || o.ValidFrom != "2011-04-01" {
		t.Errorf("trust-r1c valid %s..%s, want 2011-04-01..2024-09-30", o.ValidFrom, o.ValidTo)
	}
	if o := orgs["primary-care-trusts"]; o.ValidTo != "2013-03-31" || o.Active() {
		t.Errorf("primary-care-trusts valid_to %q active %v, want 2013-03-31 and inactive", o.ValidTo, o.Active())
	}
	for id, want := range map[string]graph.Relationship{
		"part-hwb-e10000016":         {Type: graph.PartOf, From: "hwb-e10000016", To: "council-e10000016"},
		"comm-healthwatch-e10000016": {Type: graph.Commissions, From: "council-e10000016", To: "healthwatch-e10000016"},
		"acct-healthwatch-e10000016": {Type: graph.AccountableTo, From: "healthwatch-e10000016", To: "council-e10000016"},
		"memb-healthwatch-e10000016": {Type: graph.MemberOf, From: "healthwatch-e10000016", To: "hwb-e10000016"},
	} {
		r := rels[id]
		if r.Type != want.Type || r.From != want.From || r.To != want.To {
			t.Errorf("%s = %s %s %s, want %s %s %s", id, r.From, r.Type, r.To, want.From, want.Type, want.To)
		}
	}
	if o := orgs["area-team-q61"]; o.Codes.ONS != "" || o.Codes.ODS != "Q61" {
		t.Errorf("area-team-q61 codes %+v: London's teams share an ONS code, so none is given", o.Codes)
	}
}

// TestEverythingSourced checks the promise that every node and edge can
// show where it comes from.
func TestEverythingSourced(t *testing.T) {
	ds := mustLoad(t)
	check := func(what string, srcs []graph.Source) {
		t.Helper()
		if len(srcs) == 0 {
			t.Errorf("%s has no sources", what)
		}
		for _, s := range srcs {
			if s.Title == "" || !(strings.HasPrefix(s.URL, "https://") || strings.HasPrefix(s.URL, "http://")) {
				t.Errorf("%s: source %+v lacks a title or an http(s) URL", what, s)
			}
		}
	}
	for _, o := range ds.Organisations {
		check("organisation "+o.ID, o.Sources)
		if !o.Kind.Valid() || !o.Tier.Valid() || !o.Confidence.Valid() {
			t.Errorf("organisation %s: kind %q tier %q confidence %q", o.ID, o.Kind, o.Tier, o.Confidence)
		}
	}
	for _, s := range ds.Services {
		check("service "+s.ID, s.Sources)
	}
	for _, r := range ds.Relationships {
		check("relationship "+r.ID, r.Sources)
		if r.AmountGBP != nil && r.Year == "" {
			t.Errorf("relationship %s has an amount without a year", r.ID)
		}
	}
}

var checksumPattern = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

func TestChecksum(t *testing.T) {
	a, b := mustLoad(t), mustLoad(t)
	if !checksumPattern.MatchString(a.Checksum) {
		t.Fatalf("Checksum = %q, want sha256:<64 hex>", a.Checksum)
	}
	if a.Checksum != b.Checksum {
		t.Errorf("two loads: checksums %s and %s differ", a.Checksum, b.Checksum)
	}
	for _, c := range []struct{ file, old, new string }{
		{fileRelationships, "up 38% on 2012/13.", "up 39% on 2012/13."}, // one byte of a note
		{fileTrusts, "WR5 1JR", "WR5 1JS"},                              // one byte of a postcode the loader ignores
	} {
		m := copyFiles(t)
		replaceOnce(t, m, c.file, c.old, c.new)
		file := c.file
		ds, err := LoadFS(m)
		if err != nil {
			t.Fatalf("after changing one byte of %s: %v", file, err)
		}
		if ds.Checksum == a.Checksum {
			t.Errorf("changing one byte of %s left the checksum at %s", file, a.Checksum)
		}
	}
}

func TestLoadFSDirectory(t *testing.T) {
	want := mustLoad(t)
	dir := t.TempDir()
	for name, f := range copyFiles(t) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := LoadFS(os.DirFS(dir))
	if err != nil {
		t.Fatalf("LoadFS(copy of the embedded files): %v", err)
	}
	if got.Checksum != want.Checksum || len(got.Organisations) != len(want.Organisations) || len(got.Relationships) != len(want.Relationships) {
		t.Errorf("a copy on disk loads differently: checksum %s vs %s", got.Checksum, want.Checksum)
	}
}

// copyFiles returns the embedded dataset as a MapFS the test may break.
func copyFiles(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(Files(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(Files(), name)
		m[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestNaturalCompare(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"line 9", "line 10", -1},
		{"line 10", "line 9", 1},
		{"rel-030", "rel-30", 0},
		{"rel-1", "rel-1a", -1},
		{"abc", "abd", -1},
		{"", "a", -1},
	} {
		if got := naturalCompare(c.a, c.b); got != c.want {
			t.Errorf("naturalCompare(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestTitleCase(t *testing.T) {
	for in, want := range map[string]string{
		"THE QUEEN ELIZABETH HOSPITAL, KING'S LYNN, NHS FOUNDATION TRUST": "The Queen Elizabeth Hospital, King's Lynn, NHS Foundation Trust",
		"GUY'S AND ST THOMAS' NHS FOUNDATION TRUST":                       "Guy's and St Thomas' NHS Foundation Trust",
		"GREAT ORMOND STREET HOSPITAL FOR CHILDREN NHS FOUNDATION TRUST":  "Great Ormond Street Hospital for Children NHS Foundation Trust",
		"THE NEWCASTLE UPON TYNE HOSPITALS NHS FOUNDATION TRUST":          "The Newcastle upon Tyne Hospitals NHS Foundation Trust",
		"ROYAL BROMPTON & HAREFIELD NHS FOUNDATION TRUST":                 "Royal Brompton & Harefield NHS Foundation Trust",
		"STOKE-ON-TRENT NHS TRUST":                                        "Stoke-on-Trent NHS Trust",
		"ISLE OF WIGHT NHS TRUST":                                         "Isle of Wight NHS Trust",
	} {
		if got := titleCase(in); got != want {
			t.Errorf("titleCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCouncilName(t *testing.T) {
	for _, c := range []struct{ place, laType, want string }{
		{"Kent", "county council", "Kent County Council"},
		{"Hartlepool", "unitary authority", "Hartlepool (unitary authority)"},
		{"Isles of Scilly", "Council of the Isles of Scilly (sui generis unitary)", "Council of the Isles of Scilly"},
		{"City of London", "City of London Corporation (sui generis)", "City of London Corporation"},
	} {
		if got := councilName(c.place, c.laType); got != c.want {
			t.Errorf("councilName(%q, %q) = %q, want %q", c.place, c.laType, got, c.want)
		}
	}
}

// replaceOnce replaces the one occurrence of old in file.
func replaceOnce(t testing.TB, m fstest.MapFS, file, old, new string) {
	t.Helper()
	data := string(m[file].Data)
	if n := strings.Count(data, old); n != 1 {
		t.Fatalf("%s has %d occurrences of %q, want 1", file, n, old)
	}
	m[file] = &fstest.MapFile{Data: []byte(strings.Replace(data, old, new, 1))}
}

// appendTo adds text at the end of file.
func appendTo(m fstest.MapFS, file, text string) {
	m[file] = &fstest.MapFile{Data: append(append([]byte{}, m[file].Data...), text...)}
}
