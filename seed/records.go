package seed

// The records of the YAML files, as written. Field names are the YAML keys;
// the loader rejects any other key and names these in its message.

// datasetRecord is dataset.yaml.
type datasetRecord struct {
	Version         string          `yaml:"version"`
	Title           string          `yaml:"title"`
	SnapshotDate    string          `yaml:"snapshot_date"`
	Licence         string          `yaml:"licence"`
	Attribution     string          `yaml:"attribution"`
	InstanceSources instanceSources `yaml:"instance_sources"`
}

// instanceSources names the sources cited by the records generated from
// each instance list.
type instanceSources struct {
	Regions   []string `yaml:"regions"`
	AreaTeams []string `yaml:"area_teams"`
	CCGs      []string `yaml:"ccgs"`
	Councils  []string `yaml:"councils"`
}

// sourceRecord is one item of sources.yaml.
type sourceRecord struct {
	Key   string `yaml:"key"`
	Title string `yaml:"title"`
	URL   string `yaml:"url"`
	Kind  string `yaml:"kind"`
}

// groupRecord is one item of groups.yaml.
type groupRecord struct {
	ID          string `yaml:"id"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
}

// organisationRecord is one item of organisations.yaml.
type organisationRecord struct {
	ID          string   `yaml:"id"`
	Name        string   `yaml:"name"`
	Operating   string   `yaml:"operating_name"` // the name it works under, where not its legal name
	Short       string   `yaml:"short"`
	Kind        string   `yaml:"kind"`
	LegalForm   string   `yaml:"legal_form"`
	Tier        string   `yaml:"tier"`
	Group       string   `yaml:"group"`
	Role        string   `yaml:"role"`
	Status      string   `yaml:"status"`
	Count       int      `yaml:"count"` // leave out for a single body
	CountNote   string   `yaml:"count_note"`
	Budget      string   `yaml:"budget"`
	Established string   `yaml:"established"`
	ValidFrom   string   `yaml:"valid_from"`
	ValidTo     string   `yaml:"valid_to"`
	Notes       string   `yaml:"notes"`
	Graphic     string   `yaml:"graphic"`
	Confidence  string   `yaml:"confidence"`
	Sources     []string `yaml:"sources"`
}

// serviceRecord is one item of services.yaml.
type serviceRecord struct {
	ID          string   `yaml:"id"`
	Name        string   `yaml:"name"`
	Description string   `yaml:"description"`
	Domain      string   `yaml:"domain"`
	Notes       string   `yaml:"notes"`
	Confidence  string   `yaml:"confidence"`
	Sources     []string `yaml:"sources"`
}

// relationshipRecord is one item of relationships.yaml.
type relationshipRecord struct {
	ID         string   `yaml:"id"`
	Type       string   `yaml:"type"`
	From       string   `yaml:"from"`
	To         string   `yaml:"to"`
	AmountGBP  *int64   `yaml:"amount_gbp"`
	Year       string   `yaml:"year"`
	Services   []string `yaml:"services"`
	Mechanism  string   `yaml:"mechanism"`
	Mode       string   `yaml:"mode"`
	Note       string   `yaml:"note"`
	ValidFrom  string   `yaml:"valid_from"`
	ValidTo    string   `yaml:"valid_to"`
	Confidence string   `yaml:"confidence"`
	Sources    []string `yaml:"sources"`
}

// The values allowed in the fields the graph package has no enum for.
var (
	sourceKinds    = []string{"primary", "secondary", "tertiary", "data"}
	graphicValues  = []string{"named", "not_confirmed"}
	tierNames      = "national, regional, local"
	confidenceList = "high, medium, low"
)
