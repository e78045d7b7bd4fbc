package seed

import (
	"crypto/sha256"
	"embed"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"caremap/graph"
)

//go:embed data
var embedded embed.FS

// The dataset's files, relative to its root.
const (
	fileDataset       = "dataset.yaml"
	fileSources       = "sources.yaml"
	fileGroups        = "groups.yaml"
	fileOrganisations = "organisations.yaml"
	fileServices      = "services.yaml"
	fileRelationships = "relationships.yaml"
	fileGlossary      = "glossary.yaml"
	fileRegions       = "instances/regions-2013.csv"
	fileAreaTeams     = "instances/area-teams-2013.csv"
	fileCCGs          = "instances/ccg-2013.csv"
	fileCouncils      = "instances/upper-tier-la-2013.csv"
	fileTrusts        = "instances/trusts-2013.csv"

	// The local layer: each file is optional, and without it that part is
	// left out (see README.md, "Instances").
	filePractices    = "instances/gp-practices-2013.csv"
	filePCTs         = "instances/pcts-2013.csv"
	fileSHAs         = "instances/shas-2013.csv"
	filePCTSuccessor = "instances/pct-ccg-successors-2013.csv"
	fileSHASuccessor = "instances/sha-region-successors-2013.csv"
	fileCCGCouncils  = "instances/ccg-councils-2013.csv"
	fileAllocations  = "instances/ccg-allocations-2013-14.csv"
	filePHGrant      = "instances/public-health-grant-2013-14.csv"
)

// requiredFiles are the files every dataset has; optionalFiles those it
// may have.
var (
	requiredFiles = []string{fileDataset, fileSources, fileGroups, fileOrganisations, fileServices,
		fileRelationships, fileRegions, fileAreaTeams, fileCCGs, fileCouncils, fileTrusts}
	optionalFiles = []string{fileGlossary, filePractices, filePCTs, fileSHAs, filePCTSuccessor, fileSHASuccessor,
		fileCCGCouncils, fileAllocations, filePHGrant}
)

// dataFiles lists every file a dataset may have, sorted (the checksum's order).
var dataFiles = func() []string {
	fs := slices.Concat(requiredFiles, optionalFiles)
	slices.Sort(fs)
	return fs
}()

// Files returns the embedded dataset files, laid out as LoadFS expects.
func Files() fs.FS {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		panic("seed: embedded data directory missing: " + err.Error()) // impossible: go:embed guarantees it
	}
	return sub
}

// Load loads and validates the embedded dataset. The error, if any, is a
// *graph.ValidationError (which wraps graph.ErrInvalid).
func Load() (graph.Dataset, error) {
	return LoadFS(Files())
}

// LoadFS loads and validates a dataset laid out like the embedded one (see
// the package documentation) from fsys, e.g. os.DirFS(dir). On any problem
// it returns the zero Dataset and a *graph.ValidationError listing every
// problem found, sorted by file and record.
func LoadFS(fsys fs.FS) (graph.Dataset, error) {
	var p problems
	files := readFiles(&p, fsys)
	b := newBuilder(&p)
	ds := b.build(files)
	if err := p.err(); err != nil {
		return graph.Dataset{}, err
	}
	ds.Checksum = checksum(files)
	return ds, nil
}

// readFiles reads every dataset file, reporting missing ones and files that
// look like data but are not part of the layout (a misspelt name would
// otherwise be silently ignored).
func readFiles(p *problems, fsys fs.FS) map[string][]byte {
	files := make(map[string][]byte, len(dataFiles))
	for _, name := range dataFiles {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			optional := slices.Contains(optionalFiles, name)
			if errors.Is(err, fs.ErrNotExist) && optional {
				continue // that part of the local layer is left out
			}
			p.markBroken(name)
			if errors.Is(err, fs.ErrNotExist) {
				p.add(origin{name, "(file)"}, "missing file: a dataset has the files %s (and may have %s)", strings.Join(sortedCopy(requiredFiles), ", "), strings.Join(sortedCopy(optionalFiles), ", "))
			} else {
				p.add(origin{name, "(file)"}, "cannot read the file: %v", err)
			}
			continue
		}
		files[name] = data
	}
	_ = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		switch path.Ext(name) {
		case ".yaml", ".yml", ".csv":
			if !slices.Contains(dataFiles, name) {
				p.add(origin{name, "(file)"}, "unexpected data file: a dataset has the files %s", strings.Join(dataFiles, ", "))
			}
		}
		return nil
	})
	return files
}

func sortedCopy(s []string) []string { return slices.Sorted(slices.Values(s)) }

// checksum hashes every file present, in sorted order, each framed by the
// lengths of its name and content so no two different datasets hash alike.
func checksum(files map[string][]byte) string {
	h := sha256.New()
	var n [8]byte
	for _, name := range dataFiles {
		data, ok := files[name]
		if !ok {
			continue
		}
		binary.BigEndian.PutUint64(n[:], uint64(len(name)))
		h.Write(n[:])
		h.Write([]byte(name))
		binary.BigEndian.PutUint64(n[:], uint64(len(data)))
		h.Write(n[:])
		h.Write(data)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
