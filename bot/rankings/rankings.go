// Package rankings puts the interim ranking on Telegram: /xephang answers
// with a compact table, each unit's movement since the previous month, who
// still lacks figures and a bar chart (a focal point sees only its own unit
// unless the cluster's visibility is "all"); /xephang dang lets the chair
// post it to the cluster's group; /diem explains a unit's points criterion by
// criterion with its gap to the unit above and its rank over the year; /xuat
// sends the unit × criterion matrix as an Excel workbook. Everything is
// computed from the confirmed reports through rankhistory, the same engine
// and data as `thiduabot rank`.
package rankings

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/rankhistory"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/scoring/chart"
	"github.com/thiduabot/thiduabot/scoring/xlsx"
	"github.com/thiduabot/thiduabot/vi"
)

// Deps are what the feature needs.
type Deps struct {
	Ranker *rankhistory.Ranker
	Org    *org.Config
	// Chart, when set, adds the bar chart to /xephang.
	Chart    ChartFunc
	Clock    clock.Clock
	Location *time.Location // where "this year" is decided; default UTC
	Log      *slog.Logger
}

// ChartFunc renders res as a PNG with its movements and legend (see
// scoring/chart.Renderer.Render).
type ChartFunc func(buf *bytes.Buffer, clusterName string, res *scoring.Result, marks chart.Marks) error

// Feature answers the ranking commands.
type Feature struct {
	d Deps
}

// Register adds /xephang, /diem and /xuat to b.
func Register(b *bot.Bot, d Deps) *Feature {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	f := &Feature{d: d}
	b.Command("xephang", org.ActionRoles(org.ActRanking), f.cmdRanking)
	b.Command("diem", org.ActionRoles(org.ActScore), f.cmdScore)
	b.Command("xuat", org.ActionRoles(org.ActExport), f.cmdExport)
	return f
}

// request is a parsed command: whose cluster, which period, and the words
// left over (a unit for /diem).
type request struct {
	cluster *org.Cluster
	period  scoring.Named
	rest    []string
}

// parse reads "[cluster id] [words…] [period]" for r's sender. A cluster id
// other than the sender's own is refused unless the sender is an admin.
func (f *Feature) parse(ctx context.Context, r *bot.Request, words []string, unitWords bool) (request, error) {
	var q request
	if len(words) > 0 {
		if cl, ok := f.d.Org.Cluster(strings.ToLower(words[0])); ok {
			if r.Member.Role != org.RoleAdmin && cl.ID != r.Member.Cluster {
				return q, bot.Userf(msg.RankOtherCluster)
			}
			q.cluster, words = cl, words[1:]
		}
	}
	if q.cluster == nil {
		cl, ok := f.d.Org.Cluster(r.Member.Cluster)
		switch {
		case ok:
			q.cluster = cl
		case len(f.d.Org.Clusters) == 1:
			q.cluster = &f.d.Org.Clusters[0]
		default:
			ids := make([]string, len(f.d.Org.Clusters))
			for i, c := range f.d.Org.Clusters {
				ids[i] = c.ID
			}
			sort.Strings(ids)
			return q, bot.Userf(msg.RankNeedCluster, ids[0], strings.Join(ids, ", "))
		}
	}
	year := f.d.Clock.Now().In(f.d.Location).Year()
	rest, p, found := splitPeriod(words, year, unitWords)
	if !found && len(words) > 0 && !unitWords {
		return q, bot.Userf(msg.RankBadPeriod, strings.Join(words, " "))
	}
	q.rest, q.period = rest, p
	if q.period == (scoring.Named{}) {
		p, err := f.d.Ranker.DefaultPeriod(ctx, q.cluster.ID)
		if err != nil {
			return q, err
		}
		q.period = scoring.Named{Period: p}
	}
	return q, nil
}

// splitPeriod finds the period in words (scoring.ParseNamed, the grammar of
// every command): the longest tail that reads as one (the whole of words
// unless unitWords, when what comes before it names a unit). Without a
// period, rest is all of words.
func splitPeriod(words []string, year int, unitWords bool) (rest []string, p scoring.Named, found bool) {
	for i := 0; i < len(words); i++ {
		if !unitWords && i > 0 {
			break
		}
		if i > 0 && len(words) == i+1 && vi.Fold(words[i]) == "nam" {
			continue // "Hà Nam" is a unit, not "the year"
		}
		if p, err := scoring.ParseNamed(strings.Join(words[i:], " "), year); err == nil {
			return words[:i], p, true
		}
	}
	return words, scoring.Named{}, false
}

// rank computes the ranking, turning the errors a user can act on into answers.
func (f *Feature) rank(ctx context.Context, q request) (*rankhistory.Ranking, error) {
	rk, err := f.d.Ranker.RankNamed(ctx, q.cluster.ID, q.period)
	switch {
	case errors.Is(err, rankhistory.ErrNoTable):
		return nil, bot.Userf(msg.RankNoTable, q.cluster.Name, q.period.Year)
	case errors.Is(err, rankhistory.ErrFuture):
		return nil, bot.Userf(msg.RankFuture, q.period.Name())
	case err != nil:
		return nil, err
	case !rk.HasData:
		return nil, bot.Userf(msg.RankNoData, q.cluster.Name, rk.Result.Period.Label())
	}
	return rk, nil
}

func (f *Feature) cmdRanking(ctx context.Context, r *bot.Request) error {
	words := r.Command.Argv
	post := len(words) > 0 && vi.Fold(words[0]) == "dang"
	if post {
		words = words[1:]
		if r.Member.Role != org.RoleChair && r.Member.Role != org.RoleAdmin {
			return bot.Userf(msg.RankPostOnlyChair)
		}
	}
	q, err := f.parse(ctx, r, words, false)
	if err != nil {
		return err
	}
	if post && q.cluster.GroupChatID == 0 {
		return bot.Userf(msg.RankPostNoGroup, q.cluster.Name)
	}
	rk, err := f.rank(ctx, q)
	if err != nil {
		return err
	}
	if !post && r.Member.Role == org.RoleFocal && q.cluster.Visibility != org.VisibilityAll {
		return r.Reply(ctx, bot.Message{Text: ownText(rk, r.Member.Unit), Buttons: r.AppButtons(msg.AppButtonRanking, "xephang")})
	}
	m := bot.Message{Text: TableText(rk)}
	if f.d.Chart != nil {
		var buf bytes.Buffer
		if err := f.d.Chart(&buf, q.cluster.Name, rk.Result, Marks(rk)); err != nil {
			f.d.Log.Error("ranking chart not drawn; text only", "cluster", q.cluster.ID, "period", q.period.Key(), "err", err)
		} else {
			m.Photo = &bot.Upload{Name: "xephang-" + q.cluster.ID + "-" + rk.Result.Period.Key() + ".png", Data: buf.Bytes()}
		}
	}
	if !post {
		m.Buttons = r.AppButtons(msg.AppButtonRanking, "xephang")
		return r.Reply(ctx, m)
	}
	if _, err := r.Bot().Send(ctx, q.cluster.GroupChatID, m); err != nil {
		f.d.Log.Warn("ranking not posted to the cluster group", "cluster", q.cluster.ID, "chat", q.cluster.GroupChatID, "err", err)
		return bot.Userf(msg.RankPostFailed)
	}
	return r.ReplyHTML(ctx, msg.RankPosted, scope(rk))
}

func (f *Feature) cmdScore(ctx context.Context, r *bot.Request) error {
	q, err := f.parse(ctx, r, r.Command.Argv, true)
	if err != nil {
		return err
	}
	unit := r.Member.Unit
	if len(q.rest) > 0 {
		u, err := findUnit(q.cluster, strings.Join(q.rest, " "))
		if err != nil {
			return err
		}
		unit = u.ID
	}
	if unit == "" || !inCluster(q.cluster, unit) {
		return bot.Userf(msg.DiemUsage)
	}
	open := r.Member.Role == org.RoleFocal && q.cluster.Visibility == org.VisibilityAll && r.Member.Cluster == q.cluster.ID
	if !r.May(org.ActScore, org.Target{Cluster: q.cluster.ID, Unit: unit}) && !open {
		return bot.Userf(msg.DiemNotAllowed)
	}
	rk, err := f.rank(ctx, q)
	if err != nil {
		return err
	}
	return r.Reply(ctx, bot.Message{Text: ScoreText(rk, unit), Buttons: r.AppButtons(msg.AppButtonScore, "diem")})
}

func (f *Feature) cmdExport(ctx context.Context, r *bot.Request) error {
	q, err := f.parse(ctx, r, r.Command.Argv, false)
	if err != nil {
		return err
	}
	if !r.May(org.ActExport, org.Target{Cluster: q.cluster.ID}) {
		return bot.Userf(msg.RankOtherCluster)
	}
	rk, err := f.rank(ctx, q)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, q.cluster.Name, rk.Result); err != nil {
		return fmt.Errorf("export %s %s: %w", q.cluster.ID, rk.Result.Period, err)
	}
	return r.Reply(ctx, bot.Message{
		Text:     bot.HTML(msg.ExportCaption, q.cluster.Name, scope(rk)),
		Document: &bot.Upload{Name: "bang-diem-" + q.cluster.ID + "-" + rk.Result.Period.Key() + ".xlsx", Data: buf.Bytes()},
	})
}

func inCluster(cl *org.Cluster, unit string) bool {
	for _, u := range cl.Units {
		if u.ID == unit {
			return true
		}
	}
	return false
}

// findUnit finds the unit of cl that query names: its id, its full name, or
// a part of its name, with or without diacritics ("bac ninh").
func findUnit(cl *org.Cluster, query string) (*org.Unit, error) {
	fq := strings.Join(strings.Fields(vi.Fold(query)), " ")
	var partial []*org.Unit
	for i := range cl.Units {
		u := &cl.Units[i]
		name := strings.Join(strings.Fields(vi.Fold(u.Name)), " ")
		switch {
		case strings.EqualFold(u.ID, query), name == fq:
			return u, nil
		case containsWords(name, fq):
			partial = append(partial, u)
		}
	}
	names := func(us []*org.Unit) string {
		out := make([]string, len(us))
		for i, u := range us {
			out[i] = u.Name
		}
		return strings.Join(out, ", ")
	}
	switch len(partial) {
	case 1:
		return partial[0], nil
	case 0:
		all := make([]*org.Unit, len(cl.Units))
		for i := range cl.Units {
			all[i] = &cl.Units[i]
		}
		return nil, bot.Userf(msg.DiemUnknownUnit, query, cl.Name, names(all))
	}
	return nil, bot.Userf(msg.DiemAmbiguous, query, names(partial))
}

// containsWords reports whether the words of q appear in s as whole words,
// in order and adjacent ("bac ninh" in "bhxh tinh bac ninh", not "ninh b").
func containsWords(s, q string) bool {
	if q == "" {
		return false
	}
	return strings.Contains(" "+s+" ", " "+q+" ")
}
