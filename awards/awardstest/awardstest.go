// Package awardstest stores a whole demo season for tests: the demo's
// values-sample.csv (January–June 2026) continued through November, each
// unit-month confirmed as a report the way focal points would have.
package awardstest

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"time"

	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/examples"
	"github.com/thiduabot/thiduabot/rankhistory/reportseed"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/valuesfile"
	"github.com/thiduabot/thiduabot/store"
)

// Year is the demo season's year.
const Year = 2026

// Values returns the demo figures of 2026 through November: the sample's
// months as they are; from July, year-to-date figures grow at the sample's
// half-year pace, snapshots keep their June value and monthly counts are 0.
// edit, when not nil, may change them before they are stored.
func Values(cfg *configdir.Config) (scoring.Values, error) {
	data, err := fs.ReadFile(examples.Demo(), "values-sample.csv")
	if err != nil {
		return nil, err
	}
	all, ps := valuesfile.Read(data, valuesfile.OrgLookup(cfg.Org, cfg.Tables))
	if len(ps) > 0 {
		return nil, fmt.Errorf("values-sample.csv: %v", ps)
	}
	vs := all[Year]
	for _, cl := range cfg.Org.Clusters {
		t := cfg.Tables[cl.Scoring]
		if t == nil {
			continue
		}
		for _, u := range cl.Units {
			for _, c := range t.Criteria() {
				june, ok := vs.Get(u.ID, c.ID, time.June)
				if !ok && c.Input != scoring.InputMonthly {
					continue
				}
				for m := time.July; m <= time.November; m++ {
					switch c.Input {
					case scoring.InputCumulative:
						vs.Set(u.ID, c.ID, m, math.Round(june*float64(m)/6*10)/10)
					case scoring.InputMonthly:
						vs.Set(u.ID, c.ID, m, 0)
					default:
						vs.Set(u.ID, c.ID, m, june)
					}
				}
			}
		}
	}
	return vs, nil
}

// Seed stores vs as the demo season's confirmed reports.
func Seed(ctx context.Context, kv store.KV, cfg *configdir.Config, vs scoring.Values) error {
	_, err := reportseed.Seed(ctx, kv, cfg.Org, cfg.Tables, vs, Year)
	return err
}
