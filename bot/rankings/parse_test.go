package rankings

import (
	"slices"
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/scoring"
)

func TestSplitPeriod(t *testing.T) {
	tests := []struct {
		in        string
		unitWords bool
		rest      string
		want      scoring.Period
		found     bool
	}{
		{"", true, "", scoring.Period{}, false},
		{"6/2026", false, "", scoring.Period{Year: 2026, Month: 6}, true},
		{"quý 2", false, "", scoring.Period{Year: 2026, Month: 6}, true},
		{"năm 2025", false, "", scoring.Period{Year: 2025, Month: 12}, true},
		{"6 tháng đầu năm", false, "", scoring.Period{Year: 2026, Month: 6}, true},
		{"bac ninh 6/2026", false, "bac ninh 6/2026", scoring.Period{}, false},
		{"bac ninh 6/2026", true, "bac ninh", scoring.Period{Year: 2026, Month: 6}, true},
		{"Bắc Ninh quý II", true, "Bắc Ninh", scoring.Period{Year: 2026, Month: 6}, true},
		{"ninh_binh năm 2026", true, "ninh_binh", scoring.Period{Year: 2026, Month: 12}, true},
		{"Quảng Ninh", true, "Quảng Ninh", scoring.Period{}, false},
		{"tuần sau", false, "tuần sau", scoring.Period{}, false},
		{"tháng 11/2026", false, "", scoring.Period{Year: 2026, Month: 11}, true},
		{"T11/2026", false, "", scoring.Period{Year: 2026, Month: 11}, true},
		{"quy 4 2026", false, "", scoring.Period{Year: 2026, Month: 12}, true},
		{"Bắc Ninh thang 11/2026", true, "Bắc Ninh", scoring.Period{Year: 2026, Month: 11}, true},
		{"Hà Nam", true, "Hà Nam", scoring.Period{}, false},
		{"ha nam", true, "ha nam", scoring.Period{}, false},
		{"Hà Nam năm 2026", true, "Hà Nam", scoring.Period{Year: 2026, Month: 12}, true},
		{"năm", false, "", scoring.Period{Year: 2026, Month: 12}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			rest, p, found := splitPeriod(strings.Fields(tt.in), 2026, tt.unitWords)
			if got := strings.Join(rest, " "); got != tt.rest || p.Period != tt.want || found != tt.found {
				t.Errorf("got (%q, %v, %v), want (%q, %v, %v)", got, p, found, tt.rest, tt.want, tt.found)
			}
		})
	}
}

func FuzzSplitPeriod(f *testing.F) {
	for _, s := range []string{"", "6/2026", "bac ninh quý 2", "Hưng Yên 6 tháng đầu năm 2026", "cum5 tháng 13", "năm", "-/-", "kỳ 06/2026"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, unitWords bool) {
		words := strings.Fields(s)
		rest, p, found := splitPeriod(words, 2026, unitWords)
		if !slices.Equal(rest, words[:len(rest)]) {
			t.Fatalf("rest %q is not a prefix of %q", rest, words)
		}
		if found && !p.Valid() {
			t.Fatalf("found an invalid period %v in %q", p, s)
		}
		if !found && len(rest) != len(words) {
			t.Fatalf("no period, yet words were dropped: %q of %q", rest, words)
		}
		if found && !unitWords && len(rest) != 0 {
			t.Fatalf("ranking arguments left %q before the period", rest)
		}
	})
}

func TestFindUnit(t *testing.T) {
	cl := &org.Cluster{ID: "cum5", Name: "Cụm 5", Units: []org.Unit{
		{ID: "bac_ninh", Name: "BHXH tỉnh Bắc Ninh"}, {ID: "ninh_binh", Name: "BHXH tỉnh Ninh Bình"},
		{ID: "ha_nam", Name: "BHXH tỉnh Hà Nam"}, {ID: "nam_dinh", Name: "BHXH tỉnh Nam Định"},
	}}
	tests := []struct {
		q, want, err string
	}{
		{"bac_ninh", "bac_ninh", ""},
		{"BAC_NINH", "bac_ninh", ""},
		{"Bắc Ninh", "bac_ninh", ""},
		{"bac ninh", "bac_ninh", ""},
		{"BHXH tỉnh Hà Nam", "ha_nam", ""},
		{"ninh binh", "ninh_binh", ""},
		{"ninh", "", "nhiều đơn vị"},
		{"nam", "", "nhiều đơn vị"},
		{"ninh b", "", "không tìm thấy"},
		{"Cà Mau", "", "không tìm thấy"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			u, err := findUnit(cl, tt.q)
			switch {
			case tt.err != "":
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("got %v, %v; want an error with %q", u, err, tt.err)
				}
			case err != nil || u.ID != tt.want:
				t.Errorf("got %v, %v; want %s", u, err, tt.want)
			}
		})
	}
}
