// Package org knows the shape of the organisation: emulation clusters (cụm,
// khối thi đua), their member units, chairs and deputies, and the people
// bound to them with roles. It loads and validates org.yaml.
package org

import (
	"fmt"
	"regexp"

	"github.com/thiduabot/thiduabot/configfile"
)

// Config is the content of org.yaml.
type Config struct {
	// QA says who may ask regulation questions: "all" (the default:
	// regulations are public, anyone may ask in a private chat) or
	// "members" (registered members only).
	QA       string    `yaml:"qa,omitempty"`
	Clusters []Cluster `yaml:"clusters"`
}

// Values of Config.QA.
const (
	QAAll     = "all"
	QAMembers = "members"
)

// QAMembersOnly reports whether only registered members may ask
// regulation questions.
func (c *Config) QAMembersOnly() bool { return c != nil && c.QA == QAMembers }

// Cluster is one emulation cluster.
type Cluster struct {
	ID          string `yaml:"id"`
	Name        string `yaml:"name"`
	Scoring     string `yaml:"scoring"` // id of a scoring table
	Chair       string `yaml:"chair"`   // unit id
	Deputy      string `yaml:"deputy,omitempty"`
	GroupChatID int64  `yaml:"group_chat_id,omitempty"`
	// Visibility "all" lets focal points see the whole ranking; the default
	// ("own") shows them their own unit only.
	Visibility string `yaml:"visibility,omitempty"`
	Units      []Unit `yaml:"units"`
}

// Unit is a member unit of a cluster (đơn vị thành viên).
type Unit struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

// Visibility values.
const (
	VisibilityOwn = "own"
	VisibilityAll = "all"
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// ValidID reports whether s may be used as a cluster, unit, table or criterion id.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// Parse decodes and validates org.yaml. name is the file name shown in problems.
func Parse(name string, data []byte) (*Config, *configfile.Doc, error) {
	var c Config
	doc, err := configfile.Decode(name, data, &c)
	if err != nil {
		return nil, doc, err
	}
	if ps := c.validate(doc); len(ps) > 0 {
		return &c, doc, ps
	}
	return &c, doc, nil
}

func (c *Config) validate(doc *configfile.Doc) configfile.Problems {
	var ps configfile.Problems
	add := func(path, format string, args ...any) { ps = append(ps, doc.Problem(path, format, args...)) }
	if len(c.Clusters) == 0 {
		add("$.clusters", "cần ít nhất một cụm thi đua trong clusters")
	}
	if c.QA != "" && c.QA != QAAll && c.QA != QAMembers {
		add("$.qa", "qa chỉ nhận %q (ai cũng hỏi được quy định) hoặc %q (chỉ thành viên đã đăng ký)", QAAll, QAMembers)
	}
	clusterAt := map[string]string{}
	unitAt := map[string]string{}
	for i, cl := range c.Clusters {
		p := fmt.Sprintf("$.clusters[%d]", i)
		switch {
		case cl.ID == "":
			add(p, "cụm thiếu id")
		case !ValidID(cl.ID):
			add(p+".id", "id cụm %q không hợp lệ: chỉ dùng chữ thường không dấu, số, _ và -", cl.ID)
		case clusterAt[cl.ID] != "":
			add(p+".id", "id cụm %q bị trùng (đã khai báo ở dòng %d)", cl.ID, doc.Line(clusterAt[cl.ID]))
		default:
			clusterAt[cl.ID] = p + ".id"
		}
		if cl.Name == "" {
			add(p, "cụm %q thiếu name (tên cụm)", cl.ID)
		}
		if cl.Scoring == "" {
			add(p, "cụm %q thiếu scoring (id bảng chấm điểm)", cl.ID)
		}
		if cl.Visibility != "" && cl.Visibility != VisibilityOwn && cl.Visibility != VisibilityAll {
			add(p+".visibility", "visibility chỉ nhận %q hoặc %q", VisibilityOwn, VisibilityAll)
		}
		if len(cl.Units) == 0 {
			add(p, "cụm %q chưa có đơn vị nào trong units", cl.ID)
		}
		own := map[string]bool{}
		for j, u := range cl.Units {
			up := fmt.Sprintf("%s.units[%d]", p, j)
			switch {
			case u.ID == "":
				add(up, "đơn vị thiếu id")
			case !ValidID(u.ID):
				add(up+".id", "id đơn vị %q không hợp lệ: chỉ dùng chữ thường không dấu, số, _ và -", u.ID)
			case unitAt[u.ID] != "":
				add(up+".id", "id đơn vị %q bị trùng (đã khai báo ở dòng %d); mỗi đơn vị chỉ thuộc một cụm", u.ID, doc.Line(unitAt[u.ID]))
			default:
				unitAt[u.ID] = up + ".id"
				own[u.ID] = true
			}
			if u.Name == "" {
				add(up, "đơn vị %q thiếu name (tên đơn vị)", u.ID)
			}
		}
		checkLead := func(field, role, id string) {
			switch {
			case id == "" && field == "chair":
				add(p, "cụm %q thiếu chair (đơn vị cụm trưởng)", cl.ID)
			case id == "":
			case !own[id] && unitAt[id] != "":
				add(p+"."+field, "%s %q không thuộc cụm %q", role, id, cl.ID)
			case !own[id]:
				add(p+"."+field, "%s %q không phải là đơn vị đã khai báo", role, id)
			}
		}
		checkLead("chair", "cụm trưởng", cl.Chair)
		checkLead("deputy", "cụm phó", cl.Deputy)
		if cl.Deputy != "" && cl.Deputy == cl.Chair {
			add(p+".deputy", "cụm phó trùng với cụm trưởng")
		}
	}
	return ps
}

// Cluster returns the cluster with id.
func (c *Config) Cluster(id string) (*Cluster, bool) {
	for i := range c.Clusters {
		if c.Clusters[i].ID == id {
			return &c.Clusters[i], true
		}
	}
	return nil, false
}

// Unit returns the unit with id and the cluster it belongs to.
func (c *Config) Unit(id string) (*Unit, *Cluster, bool) {
	for i := range c.Clusters {
		cl := &c.Clusters[i]
		for j := range cl.Units {
			if cl.Units[j].ID == id {
				return &cl.Units[j], cl, true
			}
		}
	}
	return nil, nil, false
}

// UnitIDs returns the ids of the cluster's units in configuration order.
func (cl *Cluster) UnitIDs() []string {
	ids := make([]string, len(cl.Units))
	for i, u := range cl.Units {
		ids[i] = u.ID
	}
	return ids
}
