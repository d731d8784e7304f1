package scoring

// Report is the JSON form of a Result, the one shape printed by both
// `thiduabot score --json` and `thiduabot rank --json`: units in rank order
// (ties by unit id), points unrounded, only the total rounded.
type Report struct {
	Cluster string       `json:"cluster"`
	Period  string       `json:"period"` // "2026-06"
	Table   string       `json:"table"`  // table id
	Units   []ReportUnit `json:"units"`
}

// ReportUnit is one unit of a Report.
type ReportUnit struct {
	Unit     string            `json:"unit"`
	Name     string            `json:"name"`
	Rank     int               `json:"rank"`
	Total    float64           `json:"total"`
	Missing  []string          `json:"missing"` // criterion ids, never null
	Groups   []ReportGroup     `json:"groups"`
	Criteria []ReportCriterion `json:"criteria"`
}

// ReportGroup is a group's capped points.
type ReportGroup struct {
	ID     string  `json:"id"`
	Points float64 `json:"points"`
}

// ReportCriterion is one criterion of a unit.
type ReportCriterion struct {
	ID string `json:"id"`
	// Value is the period value, null when missing.
	Value *float64 `json:"value"`
	// Target is the period target actually used, null when the rule has none.
	Target  *float64 `json:"target"`
	Points  float64  `json:"points"`
	Missing bool     `json:"missing"`
	// CarriedFrom is the month ("2026-05") a carried-forward value comes from, else null.
	CarriedFrom *string `json:"carried_from"`
	Explain     string  `json:"explain"`
}

// NewReport builds the JSON form of r for cluster.
func NewReport(cluster string, r *Result) Report {
	rep := Report{Cluster: cluster, Period: r.Period.Key(), Units: make([]ReportUnit, 0, len(r.Units))}
	if r.Table != nil {
		rep.Table = r.Table.ID
	}
	for _, u := range r.Units {
		ru := ReportUnit{Unit: u.ID, Name: u.Name, Rank: u.Rank, Total: u.Total, Missing: append([]string{}, u.Missing...)}
		for _, g := range u.Groups {
			ru.Groups = append(ru.Groups, ReportGroup{ID: g.ID, Points: g.Points})
		}
		for i := range u.Criteria {
			cr := &u.Criteria[i]
			rc := ReportCriterion{ID: cr.Criterion.ID, Points: cr.Points, Missing: cr.Missing, Explain: cr.Explain()}
			if !cr.Missing {
				v := cr.Value
				rc.Value = &v
			}
			if cr.HasTarget {
				t := cr.Target
				rc.Target = &t
			}
			if cr.CarriedFrom != 0 {
				k := Period{Year: r.Period.Year, Month: cr.CarriedFrom}.Key()
				rc.CarriedFrom = &k
			}
			ru.Criteria = append(ru.Criteria, rc)
		}
		rep.Units = append(rep.Units, ru)
	}
	return rep
}
