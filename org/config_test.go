package org

import (
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/configfile"
)

const good = `clusters:
  - id: cum5
    name: Cụm thi đua số 5
    scoring: bhxh
    chair: qn
    deputy: pt
    units:
      - id: qn
        name: BHXH tỉnh Quảng Ninh
      - id: pt
        name: BHXH tỉnh Phú Thọ
`

func TestParseGood(t *testing.T) {
	c, _, err := Parse("org.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	u, cl, ok := c.Unit("pt")
	if !ok || u.Name != "BHXH tỉnh Phú Thọ" || cl.ID != "cum5" {
		t.Errorf("Unit(pt) = %v, %v, %v", u, cl, ok)
	}
	if got := strings.Join(cl.UnitIDs(), ","); got != "qn,pt" {
		t.Errorf("UnitIDs = %s", got)
	}
	if c.QAMembersOnly() {
		t.Error("regulation questions restricted to members without qa: members")
	}
	m, _, err := Parse("org.yaml", []byte("qa: members\n"+good))
	if err != nil || !m.QAMembersOnly() {
		t.Errorf("qa: members: %v, members only %v", err, m != nil && m.QAMembersOnly())
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "line: fragment"
	}{
		{"chair unknown", strings.Replace(good, "chair: qn", "chair: hn", 1), []string{"5: cụm trưởng \"hn\""}},
		{"duplicate unit", strings.Replace(good, "id: pt\n        name: BHXH tỉnh Phú Thọ", "id: qn\n        name: BHXH tỉnh Phú Thọ", 1), []string{"10: id đơn vị \"qn\" bị trùng (đã khai báo ở dòng 8)", "6: cụm phó \"pt\""}},
		{"unknown field", strings.Replace(good, "    scoring: bhxh\n", "    scoring: bhxh\n    colour: red\n", 1), []string{"5: trường \"colour\""}},
		{"bad qa", "qa: everyone\n" + good, []string{"1: qa chỉ nhận"}},
		{"bad id", strings.Replace(good, "id: cum5", "id: Cụm 5", 1), []string{"2: id cụm"}},
		{"chair in other cluster", good + `  - id: cum6
    name: Cụm 6
    scoring: bhxh
    chair: qn
    units:
      - id: hn
        name: Hà Nội
`, []string{"15: cụm trưởng \"qn\" không thuộc cụm \"cum6\""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse("org.yaml", []byte(tt.src))
			ps, ok := err.(configfile.Problems)
			if !ok {
				t.Fatalf("err = %v; want Problems", err)
			}
			all := ps.Error()
			for _, w := range tt.want {
				if !strings.Contains(all, "org.yaml:"+w) {
					t.Errorf("problems\n%s\nlack %q", all, w)
				}
			}
		})
	}
}
