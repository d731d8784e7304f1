package submissions

import (
	"encoding/json"
	"maps"
	"testing"
	"time"
)

// FuzzReportFigures: whatever the fast reader accepts, encoding/json reads
// alike; what it does not, decodeReportFigures hands to encoding/json.
func FuzzReportFigures(f *testing.F) {
	full, _ := json.Marshal(Report{Cluster: "cum5", Unit: "phu_tho", Period: Period{2026, 5}, Version: 3,
		Values:           map[string]Entry{"a": val(1.5), "b": {State: StateSkipped}, "c": {State: StateKept, Value: 2, From: Period{2026, 4}, Raw: "2"}},
		FirstConfirmedAt: time.Date(2026, 6, 2, 9, 0, 0, 0, vn), Late: true, History: []Revision{{Kind: RevConfirm, Version: 1, Changes: []Change{{Criterion: "a"}}}}})
	f.Add(full)
	for _, s := range []string{
		`{"unit":"x","period":"2026-05","version":1,"values":{}}`,
		`{"unit":"x\u0079","period":"2026-05","version":1,"values":{"a":{"state":"value","value":1}}}`,
		`{"Unit":"x","period":"2026-05","version":1,"values":null}`,
		`{"unit":"x","values":{"a":{"state":"value","value":1e400}}}`,
		`{"unit":"x","values":{"a":{"state":"value","value":1}},"values":{"b":{"state":"value","value":2}}}`,
		`{"unit":"x","version":1.5}`,
		`{"first_confirmed_at":"0001-01-01T00:00:00Z","late":false,"history":[{"x":[1,{"y":"}"}]}]}`,
		`[1]`, `{"unit":"x"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want figures
		jerr := json.Unmarshal(data, &want)
		got, err := decodeReportFigures(data)
		if (err == nil) != (jerr == nil) {
			t.Fatalf("fast error %v, encoding/json error %v", err, jerr)
		}
		if err != nil {
			return
		}
		if got.Unit != want.Unit || got.Period != want.Period || got.Version != want.Version || got.Late != want.Late ||
			!got.FirstConfirmedAt.Equal(want.FirstConfirmedAt) || len(got.Values) != len(want.Values) {
			t.Fatalf("fast %+v, encoding/json %+v", got, want)
		}
		wv := map[string]Entry{}
		for id, e := range want.Values {
			wv[id] = Entry{State: e.State, Value: e.Value}
		}
		if !maps.Equal(got.Values, wv) {
			t.Fatalf("values: fast %v, encoding/json %v", got.Values, wv)
		}
	})
}
