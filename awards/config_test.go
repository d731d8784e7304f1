package awards_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/configfile"
)

func demo(t testing.TB) *configdir.Config {
	t.Helper()
	cfg, err := configdir.Demo()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func parse(t testing.TB, y string) (*awards.Config, error) {
	t.Helper()
	cfg := demo(t)
	return awards.Parse("awards.yaml", []byte(y), cfg.Org, cfg.Tables, cfg.Calendar)
}

func TestDemoAwards(t *testing.T) {
	cfg := demo(t)
	a := cfg.Awards
	if a == nil {
		t.Fatal("the demo config has no awards.yaml")
	}
	if a.Through != time.November || len(a.Months()) != 11 {
		t.Errorf("through = %v, months = %v", a.Through, a.Months())
	}
	flag, ok := a.Award("co_thi_dua")
	if !ok {
		t.Fatal("no co_thi_dua")
	}
	k := flag.Conditions
	if flag.Slots != 1 || flag.Dossier != "co_thi_dua" || !k.NoMissingMonth || !k.HasMaxLate || k.MaxLate != 1 ||
		!k.HasMinTotal || k.MinTotal != 65 || len(k.NoPenalty) != 1 || flag.Vote != (awards.Vote{Threshold: 50, Of: awards.OfMembers, Quorum: 67}) {
		t.Errorf("co_thi_dua = %+v", *flag)
	}
	gov, _ := a.Award("co_thi_dua_cp")
	if gov.Template != awards.TemplateGovernmentFlag || len(gov.Conditions.Requires) != 1 || gov.Conditions.Requires[0] != (awards.Prerequisite{Award: "tap_the_ldxs", Years: 2}) {
		t.Errorf("co_thi_dua_cp = %+v", *gov)
	}
	if got := a.Holders("co_thi_dua", 2024); len(got) != 1 || got[0] != "thai_nguyen" {
		t.Errorf("holders 2024 = %v", got)
	}
	if d, ok := flag.DossierIn(cfg.Calendar); !ok || d.Checklist[0].Owner != "chair" {
		t.Errorf("dossier of co_thi_dua = %+v, %v", d, ok)
	}
}

func TestDefaults(t *testing.T) {
	a, err := parse(t, "awards:\n  - id: x\n    name: X\n")
	if err != nil {
		t.Fatal(err)
	}
	x := a.Awards[0]
	if a.Through != time.November || x.Slots != 1 || x.Template != awards.TemplateCollective || x.Vote.Threshold != 50 || x.Vote.Of != awards.OfMembers {
		t.Errorf("defaults = through %v, %+v", a.Through, x)
	}
}

func TestProblems(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown field", "awards:\n  - id: x\n    name: X\n    slot: 2\n", "awards.yaml:4:"},
		{"empty", "period:\n  through: 11\n", "awards.yaml:1: awards.yaml cần ít nhất một"},
		{"bad through", "period:\n  through: 13\nawards:\n  - id: x\n    name: X\n", "awards.yaml:2: period.through phải là tháng"},
		{"no name", "awards:\n  - id: x\n", `awards.yaml:2: hình thức khen thưởng "x" thiếu name`},
		{"dup id", "awards:\n  - id: x\n    name: X\n  - id: x\n    name: Y\n", `awards.yaml:4: id "x" bị trùng (đã khai báo ở dòng 2)`},
		{"bad id", "awards:\n  - id: Cờ\n    name: X\n", `awards.yaml:2: id "Cờ" không hợp lệ`},
		{"unknown cluster", "awards:\n  - id: x\n    name: X\n    clusters: [cum9]\n", `awards.yaml:4: cụm "cum9" không có trong org.yaml`},
		{"bad slots", "awards:\n  - id: x\n    name: X\n    slots: 0\n", "awards.yaml:4: slots"},
		{"unknown dossier", "awards:\n  - id: x\n    name: X\n    dossier: nope\n", `awards.yaml:4: dossier "nope" không có trong dossiers của calendar.yaml`},
		{"bad template", "awards:\n  - id: x\n    name: X\n    template: fancy\n", `awards.yaml:4: template "fancy" không hợp lệ`},
		{"unknown criterion", "awards:\n  - id: x\n    name: X\n    conditions:\n      no_penalty: [ky_luat]\n", `awards.yaml:5: tiêu chí "ky_luat" không có`},
		{"unknown prerequisite", "awards:\n  - id: x\n    name: X\n    conditions:\n      requires:\n        - award: y\n", `awards.yaml:6: hình thức khen thưởng "y" chưa được khai báo`},
		{"self prerequisite", "awards:\n  - id: x\n    name: X\n    conditions:\n      requires:\n        - award: x\n", `không thể là điều kiện của chính nó`},
		{"bad rank", "awards:\n  - id: x\n    name: X\n    conditions:\n      max_rank: 0\n", "awards.yaml:5: max_rank"},
		{"negative late", "awards:\n  - id: x\n    name: X\n    conditions:\n      max_late: -1\n", "awards.yaml:5: max_late"},
		{"bad threshold", "awards:\n  - id: x\n    name: X\n    vote:\n      threshold: 150\n", "awards.yaml:5: threshold"},
		{"bad of", "awards:\n  - id: x\n    name: X\n    vote:\n      of: all\n", `awards.yaml:5: of "all" không hợp lệ`},
		{"bad quorum", "awards:\n  - id: x\n    name: X\n    vote:\n      quorum: -5\n", "awards.yaml:5: quorum"},
		{"history unit", "awards:\n  - id: x\n    name: X\nhistory:\n  - {year: 2025, award: x, units: [ha_noi]}\n", `awards.yaml:5: đơn vị "ha_noi" không có trong org.yaml`},
		{"history award", "awards:\n  - id: x\n    name: X\nhistory:\n  - {year: 2025, award: y, units: [phu_tho]}\n", `awards.yaml:5: hình thức khen thưởng "y" chưa được khai báo`},
		{"voter unit", "awards:\n  - id: x\n    name: X\nvoters:\n  ha_noi: 5\n", `awards.yaml:5: đơn vị "ha_noi" không có trong org.yaml`},
		{"voter id", "awards:\n  - id: x\n    name: X\nvoters:\n  phu_tho: 0\n", `awards.yaml:5: người bỏ phiếu của "phu_tho"`},
		{"history year", "awards:\n  - id: x\n    name: X\nhistory:\n  - {year: 25, award: x, units: [phu_tho]}\n", `awards.yaml:5: năm 25 không hợp lệ`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse(t, tc.yaml)
			var ps configfile.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v, want configfile.Problems", err)
			}
			if got := err.Error(); !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want it to contain %q", got, tc.want)
			}
		})
	}
}

// The config folder reports awards.yaml problems with the rest.
func TestConfigDirChecksAwards(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"org.yaml", "calendar.yaml"} {
		data, err := os.ReadFile("../examples/bhxh-demo/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/"+name, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(dir+"/awards.yaml", []byte("awards:\n  - id: x\n    name: X\n    dossier: khong_co\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := configdir.Load(dir)
	if err == nil || !strings.Contains(err.Error(), dir+"/awards.yaml:4: dossier \"khong_co\"") {
		t.Errorf("err = %v", err)
	}
}

// FuzzParse: any awards.yaml parses into a usable config or fails with
// located problems, never a panic or a bare error.
func FuzzParse(f *testing.F) {
	data, err := os.ReadFile("../examples/bhxh-demo/awards.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	for _, s := range []string{
		"awards:\n  - id: x\n    name: X\n",
		"period:\n  through: 6\nawards:\n  - id: x\n    name: X\n    slots: 2\n    conditions:\n      max_rank: 2\n      min_total: 1e309\n",
		"awards:\n  - id: a\n    name: A\n  - id: b\n    name: B\n    conditions:\n      requires: [{award: a, years: 3}]\nhistory:\n  - {year: 2025, award: a, units: [phu_tho]}\n",
		"awards:\n  - id: x\n    name: X\n    vote: {threshold: .nan, quorum: 100, of: voting}\n",
		"awards: []\n",
		"awards:\n  - &a {id: x, name: X}\n  - *a\n",
	} {
		f.Add([]byte(s))
	}
	cfg := demo(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := awards.Parse("awards.yaml", data, cfg.Org, cfg.Tables, cfg.Calendar)
		if err != nil {
			var ps configfile.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not located problems: %T %v", err, err)
			}
			return
		}
		for _, aw := range a.Awards {
			if aw.Slots < 1 || aw.Name == "" || !(aw.Vote.Threshold > 0 && aw.Vote.Threshold <= 100) {
				t.Fatalf("accepted an invalid award: %+v", aw)
			}
		}
		if a.Through < time.January || a.Through > time.December {
			t.Fatalf("through = %v", a.Through)
		}
	})
}
