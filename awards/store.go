package awards

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/submissions"
)

// Bucket holds the season's state: nominations ("nominees/<cluster>/<year>/<award>").
const Bucket = "awards"

// Errors of Load, each with its own answer.
var (
	ErrUnknownCluster = errors.New("awards: unknown cluster")
	ErrNoTable        = errors.New("awards: no scoring table for the year")
)

// Source is where a season's data comes from.
type Source struct {
	KV       store.KV
	Org      *org.Config
	Tables   map[string]*scoring.Table
	Targets  *scoring.Targets
	Clock    clock.Clock
	Location *time.Location
}

// Load evaluates cluster's season of year from the stored reports and
// nominations. It only reads.
func (c *Config) Load(ctx context.Context, src Source, cluster string, year int) (*Season, error) {
	cl, ok := src.Org.Cluster(cluster)
	if !ok {
		return nil, fmt.Errorf("season %s: %w", cluster, ErrUnknownCluster)
	}
	t := src.Tables[cl.Scoring]
	if t == nil || !t.AppliesTo(year) {
		return nil, fmt.Errorf("season %s %d: %w", cluster, year, ErrNoTable)
	}
	rs := submissions.NewReports(src.KV, src.Clock, nil, src.Location)
	reports, err := rs.List(ctx, cl.ID, year)
	if err != nil {
		return nil, fmt.Errorf("season %s %d: %w", cluster, year, err)
	}
	vs, err := rs.Values(ctx, cl.ID, year, t)
	if err != nil {
		return nil, fmt.Errorf("season %s %d: %w", cluster, year, err)
	}
	res, err := scoring.Score(t, cl.Units, src.Targets, vs, scoring.Period{Year: year, Month: c.Through})
	if err != nil {
		return nil, fmt.Errorf("season %s %d: %w", cluster, year, err)
	}
	c, err = c.WithHistory(ctx, src.KV, cl.ID)
	if err != nil {
		return nil, err
	}
	noms := map[string][]string{}
	for _, a := range c.For(cl.ID) {
		if noms[a.ID], err = Nominees(ctx, src.KV, cl.ID, year, a.ID); err != nil {
			return nil, err
		}
	}
	return c.Evaluate(Input{Cluster: cl, Year: year, Result: res, Reports: reports, Nominees: noms})
}

func nomineesKey(cluster string, year int, award string) string {
	return "nominees/" + cluster + "/" + strconv.Itoa(year) + "/" + award
}

// Nominees returns the units the chair proposed for award.
func Nominees(ctx context.Context, kv store.KV, cluster string, year int, award string) ([]string, error) {
	units, err := unitLists(kv).Get(ctx, nomineesKey(cluster, year, award))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("nominees: %w", err)
	}
	return units, nil
}

// unitLists are the records of Bucket: sorted unit ids (nominees, history).
func unitLists(kv store.KV) store.JSON[[]string] { return store.NewJSON[[]string](kv, Bucket) }

// NomineesVersion is the version (store.VersionBucket) of the nominees:
// SetNominees gives it a new token with every write, for the reminder
// runner, which keeps who owes an award's dossier in memory.
const NomineesVersion = "nominees"

// SetNominees records the units the chair proposes for award (none clears).
func SetNominees(ctx context.Context, kv store.KV, cluster string, year int, award string, units []string) error {
	key := nomineesKey(cluster, year, award)
	units = append([]string(nil), units...)
	sort.Strings(units)
	err := kv.Txn(ctx, func(tx store.Tx) error {
		lists := unitLists(kv).In(tx)
		if len(units) == 0 {
			if err := lists.Delete(key); err != nil {
				return err
			}
		} else if err := lists.Put(key, units); err != nil {
			return err
		}
		return store.BumpTx(tx, NomineesVersion)
	})
	if err != nil {
		return fmt.Errorf("nominees %s/%d/%s: %w", cluster, year, award, err)
	}
	return nil
}

// JSON is the season as `thiduabot awards --json` prints it.
type JSON struct {
	Cluster string      `json:"cluster"`
	Year    int         `json:"year"`
	Months  []string    `json:"months"`
	Awards  []AwardJSON `json:"awards"`
}

// AwardJSON is one award in JSON.
type AwardJSON struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Slots      int             `json:"slots"`
	Candidates []CandidateJSON `json:"candidates"`
	Warnings   []WarningJSON   `json:"warnings"`
}

// CandidateJSON is one unit in JSON.
type CandidateJSON struct {
	Unit     string   `json:"unit"`
	Name     string   `json:"name"`
	Rank     int      `json:"rank"`
	Total    float64  `json:"total"`
	Eligible bool     `json:"eligible"`
	Reasons  []string `json:"reasons"`
}

// WarningJSON is one warning in JSON.
type WarningJSON struct {
	Kind string `json:"kind"`
	Unit string `json:"unit"`
	Text string `json:"text"`
}

// JSON returns the season in the shape of `awards --json`; months are
// "YYYY-MM".
func (s *Season) JSON() JSON {
	out := JSON{Cluster: s.Cluster.ID, Year: s.Year, Months: []string{}, Awards: []AwardJSON{}}
	for _, m := range s.Months {
		out.Months = append(out.Months, scoring.Period{Year: s.Year, Month: m}.Key())
	}
	for _, ar := range s.Awards {
		aj := AwardJSON{ID: ar.Award.ID, Name: ar.Award.Name, Slots: ar.Award.Slots, Candidates: []CandidateJSON{}, Warnings: []WarningJSON{}}
		for _, c := range ar.Candidates {
			reasons := c.Reasons
			if reasons == nil {
				reasons = []string{}
			}
			aj.Candidates = append(aj.Candidates, CandidateJSON{c.Unit, c.Name, c.Rank, c.Total, c.Eligible, reasons})
		}
		for _, w := range ar.Warnings {
			aj.Warnings = append(aj.Warnings, WarningJSON(w))
		}
		out.Awards = append(out.Awards, aj)
	}
	return out
}

// AwardFor is the award a unit's report is for by default: the one the
// chair proposed it for, else the cluster's first.
func (c *Config) AwardFor(ctx context.Context, kv store.KV, cluster, unit string, year int) (*Award, error) {
	list := c.For(cluster)
	if len(list) == 0 {
		return nil, fmt.Errorf("awards for %s: %w", cluster, ErrUnknownAward)
	}
	for _, a := range list {
		ns, err := Nominees(ctx, kv, cluster, year, a.ID)
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			if n == unit {
				return a, nil
			}
		}
	}
	return list[0], nil
}

// SeasonOf is the season a date belongs to: its year, or the year before in
// January and February, when late year-end reviews and dossiers fall.
func SeasonOf(t time.Time) int {
	if t.Month() <= time.February {
		return t.Year() - 1
	}
	return t.Year()
}

// DossierNominees returns the units that owe the occurrence (due at due) of
// the calendar dossier in cluster: the nominees of the awards naming it, and
// ok false when no award of the cluster names it.
func (c *Config) DossierNominees(ctx context.Context, kv store.KV, dossier, cluster string, due time.Time) ([]string, bool, error) {
	var units []string
	ok := false
	for _, a := range c.For(cluster) {
		if a.Dossier != dossier {
			continue
		}
		ok = true
		ns, err := Nominees(ctx, kv, cluster, SeasonOf(due), a.ID)
		if err != nil {
			return nil, false, err
		}
		units = append(units, ns...)
	}
	return units, ok, nil
}

func historyKey(cluster, award string, year int) string {
	return "history/" + cluster + "/" + award + "/" + strconv.Itoa(year)
}

// SetHistory records, as the chair enters it (/binhxet lichsu), the units of
// cluster that received award in year (none clears the entry). Entries add
// to the history of awards.yaml.
func SetHistory(ctx context.Context, kv store.KV, cluster, award string, year int, units []string) error {
	key := historyKey(cluster, award, year)
	if len(units) == 0 {
		return kv.Delete(ctx, Bucket, key)
	}
	units = append([]string(nil), units...)
	sort.Strings(units)
	return unitLists(kv).Put(ctx, key, units)
}

// WithHistory returns c with the past awards the chairs entered for cluster
// added to those of awards.yaml (c itself is not changed).
func (c *Config) WithHistory(ctx context.Context, kv store.KV, cluster string) (*Config, error) {
	items, err := unitLists(kv).List(ctx, "history/"+cluster+"/")
	if err != nil {
		return nil, fmt.Errorf("award history of %s: %w", cluster, err)
	}
	if len(items) == 0 {
		return c, nil
	}
	cp := *c
	cp.Past = append([]Past(nil), c.Past...)
	for _, it := range items {
		rest := strings.TrimPrefix(it.Key, "history/"+cluster+"/")
		award, ys, ok := strings.Cut(rest, "/")
		year, err := strconv.Atoi(ys)
		if !ok || err != nil {
			continue
		}
		for _, u := range it.Value {
			if !cp.Held(award, u, year) {
				cp.Past = append(cp.Past, Past{Award: award, Year: year, Unit: u})
			}
		}
	}
	return &cp, nil
}
