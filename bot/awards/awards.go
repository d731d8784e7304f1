// Package awards puts award season on Telegram: /binhxet shows the chair
// the cluster's ranking over the evaluation period, each unit's eligibility
// per award with the reason for every "no", the nominees and the warnings
// (rotation, thin record); "/binhxet decu" records the chair's nominees; and
// /baocaothanhtich drafts a unit's achievement report as DOCX. Everything is
// computed by the awards package from the confirmed reports, the same as
// `thiduabot awards`.
package awards

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/scoring"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/vi"
)

// Deps are what the feature needs. Awards, Org, Tables and Store are required.
type Deps struct {
	Awards   *awards.Config
	Org      *org.Config
	Tables   map[string]*scoring.Table
	Targets  *scoring.Targets
	Calendar *reminders.Calendar // optional: the dossiers' checklists
	Store    store.KV
	Clock    clock.Clock
	Location *time.Location // where "this year" is decided; default UTC
	Log      *slog.Logger
}

// Feature answers /binhxet and /baocaothanhtich.
type Feature struct {
	d Deps
	b *bot.Bot
}

// Register adds the commands to b.
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
	f := &Feature{d: d, b: b}
	b.Command(string(org.ActAwards), org.ActionRoles(org.ActAwards), f.cmdBinhxet)
	b.Callback(cbVote, org.Registered, f.onVoteButton)
	b.Command(string(org.ActAwardReport), org.ActionRoles(org.ActAwardReport), f.cmdReport)
	return f
}

func (f *Feature) source() awards.Source {
	return awards.Source{KV: f.d.Store, Org: f.d.Org, Tables: f.d.Tables, Targets: f.d.Targets, Clock: f.d.Clock, Location: f.d.Location}
}

// seasonYear is the year under review (awards.SeasonOf).
func (f *Feature) seasonYear() int {
	return awards.SeasonOf(f.d.Clock.Now().In(f.d.Location))
}

// cluster picks the cluster from the first word (admins) or the sender's own.
func (f *Feature) cluster(r *bot.Request, words []string) (*org.Cluster, []string, error) {
	if len(words) > 0 {
		if cl, ok := f.d.Org.Cluster(strings.ToLower(words[0])); ok {
			if !r.May(org.ActAwards, org.Target{Cluster: cl.ID}) && !r.May(org.ActAwardReport, org.Target{Cluster: cl.ID}) {
				return nil, nil, bot.Userf(msg.BotOtherCluster)
			}
			return cl, words[1:], nil
		}
	}
	if cl, ok := f.d.Org.Cluster(r.Member.Cluster); ok {
		return cl, words, nil
	}
	if len(f.d.Org.Clusters) == 1 {
		return &f.d.Org.Clusters[0], words, nil
	}
	ids := make([]string, len(f.d.Org.Clusters))
	for i, c := range f.d.Org.Clusters {
		ids[i] = c.ID
	}
	sort.Strings(ids)
	return nil, nil, bot.Userf(msg.BinhxetNeedCluster, ids[0], strings.Join(ids, ", "))
}

func (f *Feature) season(ctx context.Context, cl *org.Cluster) (*awards.Season, error) {
	year := f.seasonYear()
	s, err := f.d.Awards.Load(ctx, f.source(), cl.ID, year)
	if errors.Is(err, awards.ErrNoTable) {
		return nil, bot.Userf(msg.BinhxetNoTable, year)
	}
	return s, err
}

func (f *Feature) cmdBinhxet(ctx context.Context, r *bot.Request) error {
	if f.d.Awards == nil {
		return r.ReplyHTML(ctx, msg.BinhxetNoAwards)
	}
	cl, words, err := f.cluster(r, r.Command.Argv)
	if err != nil {
		return err
	}
	if !r.May(org.ActAwards, org.Target{Cluster: cl.ID}) {
		return bot.Userf(msg.BotOtherCluster)
	}
	if err := f.CloseDue(ctx); err != nil {
		f.d.Log.Warn("closing due votes failed", "err", err)
	}
	sub, words := subcommand(words)
	if sub == "bophieu" {
		if r.Member.Role != org.RoleChair && r.Member.Role != org.RoleAdmin {
			return bot.Userf(msg.BinhxetOnlyChair)
		}
		return f.openVotes(ctx, r, cl, words)
	}
	if sub == "lichsu" {
		if r.Member.Role != org.RoleChair && r.Member.Role != org.RoleAdmin {
			return bot.Userf(msg.BinhxetOnlyChair)
		}
		return f.history(ctx, r, cl, words)
	}
	only := ""
	if sub == "decu" {
		if r.Member.Role != org.RoleChair && r.Member.Role != org.RoleAdmin {
			return bot.Userf(msg.BinhxetOnlyChair)
		}
		if only, err = f.nominate(ctx, r, cl, words); err != nil {
			return err
		}
	}
	s, err := f.season(ctx, cl)
	if err != nil {
		return err
	}
	head := bot.HTML(msg.BinhxetHead, s.Year, cl.Name, len(s.Months), s.Year, len(s.Months))
	if only == "" {
		if err := r.Reply(ctx, bot.Message{Text: head}); err != nil {
			return err
		}
	}
	for i := range s.Awards {
		ar := &s.Awards[i]
		if only != "" && ar.Award.ID != only {
			continue
		}
		if err := r.Reply(ctx, bot.Message{Text: renderAward(ar)}); err != nil {
			return err
		}
	}
	return nil
}

// subcommand takes the subcommand ("decu", "bophieu", "lichsu") off words,
// as officials type it: "decu", "de cu", "đề cử", "Bỏ phiếu"…; "" when the
// words start with none.
func subcommand(words []string) (string, []string) {
	for n := 2; n >= 1; n-- {
		if len(words) < n {
			continue
		}
		switch w := strings.ReplaceAll(vi.Fold(strings.Join(words[:n], "")), "_", ""); w {
		case "decu", "bophieu", "lichsu":
			return w, words[n:]
		}
	}
	return "", words
}

// awardOf finds the award the first words name: its id, typed with spaces
// for underscores as well ("co thi dua" for co_thi_dua); the longest id
// wins ("co thi dua cp" is co_thi_dua_cp). It returns the remaining words.
func awardOf(list []*awards.Award, words []string) (*awards.Award, []string) {
	for n := len(words); n >= 1; n-- {
		id := vi.Fold(strings.Join(words[:n], "_"))
		for _, a := range list {
			if strings.EqualFold(a.ID, id) {
				return a, words[n:]
			}
		}
	}
	return nil, words
}

// renderAward is one award's candidates, nominees and warnings.
func renderAward(ar *awards.AwardResult) string {
	lines := []string{bot.HTML(msg.BinhxetAward, ar.Award.Name, ar.Award.Slots, ar.Award.VoteRule())}
	for _, c := range ar.Candidates {
		switch {
		case c.Rank == 0:
			// Not ranked on merit (no figures): no "–." where the rank goes.
			lines = append(lines, bot.HTML(msg.BinhxetUnranked, c.Name, vi.Fixed(c.Total, 2), strings.Join(c.Reasons, "; ")))
		case c.Eligible:
			lines = append(lines, bot.HTML(msg.BinhxetEligible, c.RankText(), c.Name, vi.Fixed(c.Total, 2)))
		default:
			lines = append(lines, bot.HTML(msg.BinhxetIneligible, c.RankText(), c.Name, vi.Fixed(c.Total, 2), strings.Join(c.Reasons, "; ")))
		}
	}
	if len(ar.Nominees) == 0 {
		lines = append(lines, msg.BinhxetNoNominees)
	} else {
		names := make([]string, len(ar.Nominees))
		for i, n := range ar.Nominees {
			names[i] = n
			if c, ok := ar.Candidate(n); ok {
				names[i] = c.Name
			}
		}
		lines = append(lines, bot.HTML(msg.BinhxetNominees, strings.Join(names, ", ")))
	}
	for _, w := range ar.Warnings {
		lines = append(lines, bot.HTML(msg.BinhxetWarning, w.Text))
	}
	lines = append(lines, bot.HTML(msg.BinhxetHowNominate, ar.Award.ID))
	return strings.Join(lines, "\n")
}

// nominate handles "decu AWARD unit[, unit…]" and returns the award's id.
func (f *Feature) nominate(ctx context.Context, r *bot.Request, cl *org.Cluster, words []string) (string, error) {
	list := f.d.Awards.For(cl.ID)
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	if len(words) < 2 {
		return "", bot.Userf(msg.BinhxetDecuUsage, ids[0], strings.Join(ids, ", "))
	}
	a, unitWords := awardOf(list, words)
	if a == nil {
		return "", bot.Userf(msg.BinhxetUnknownAwd, words[0], strings.Join(ids, ", "))
	}
	year := f.seasonYear()
	rest := strings.TrimSpace(strings.Join(unitWords, " "))
	if rest == "" {
		return "", bot.Userf(msg.BinhxetDecuUsage, ids[0], strings.Join(ids, ", "))
	}
	if rest == "-" {
		if err := awards.SetNominees(ctx, f.d.Store, cl.ID, year, a.ID, nil); err != nil {
			return "", err
		}
		return a.ID, r.ReplyHTML(ctx, msg.BinhxetCleared, a.Name)
	}
	var units, names []string
	for _, q := range strings.Split(rest, ",") {
		if q = strings.TrimSpace(q); q == "" {
			continue
		}
		u, err := findUnit(cl, q)
		if err != nil {
			return "", err
		}
		units = append(units, u.ID)
		names = append(names, u.Name)
	}
	if len(units) > a.Slots {
		return "", bot.Userf(msg.BinhxetTooMany, a.Name, a.Slots)
	}
	if err := awards.SetNominees(ctx, f.d.Store, cl.ID, year, a.ID, units); err != nil {
		return "", err
	}
	f.d.Log.Info("award nominees set", "cluster", cl.ID, "award", a.ID, "units", units, "by", r.User.ID)
	return a.ID, r.ReplyHTML(ctx, msg.BinhxetSaved, a.Name, strings.Join(names, ", "))
}

// findUnit finds the unit of cl that query names: its id, its full name or
// part of its name, with or without diacritics ("quang ninh").
func findUnit(cl *org.Cluster, query string) (*org.Unit, error) {
	fq := strings.Join(strings.Fields(vi.Fold(query)), " ")
	var partial []*org.Unit
	for i := range cl.Units {
		u := &cl.Units[i]
		name := strings.Join(strings.Fields(vi.Fold(u.Name)), " ")
		switch {
		case strings.EqualFold(u.ID, query), name == fq:
			return u, nil
		case fq != "" && strings.Contains(" "+name+" ", " "+fq+" "):
			partial = append(partial, u)
		}
	}
	switch len(partial) {
	case 1:
		return partial[0], nil
	case 0:
		return nil, bot.Userf(msg.BinhxetUnknownUnit, query)
	}
	names := make([]string, len(partial))
	for i, u := range partial {
		names[i] = u.Name
	}
	return nil, bot.Userf(msg.BinhxetAmbiguous, query, strings.Join(names, ", "))
}

// cmdReport sends a unit's achievement report draft as DOCX:
// "/baocaothanhtich [award id] [unit]". A focal point gets its own unit's;
// the chair, deputy and admins name the unit (default their own).
func (f *Feature) cmdReport(ctx context.Context, r *bot.Request) error {
	if f.d.Awards == nil {
		return r.ReplyHTML(ctx, msg.BinhxetNoAwards)
	}
	cl, words, err := f.cluster(r, r.Command.Argv)
	if err != nil {
		return err
	}
	list := f.d.Awards.For(cl.ID)
	if len(list) == 0 {
		return r.ReplyHTML(ctx, msg.BinhxetNoAwards)
	}
	var a *awards.Award
	if len(words) > 0 {
		for _, x := range list {
			if strings.EqualFold(x.ID, words[0]) {
				a, words = x, words[1:]
			}
		}
	}
	unit := r.Member.Unit
	if len(words) > 0 {
		u, err := findUnit(cl, strings.Join(words, " "))
		if err != nil {
			return err
		}
		unit = u.ID
	}
	if unit == "" || !inCluster(cl, unit) {
		return bot.Userf(msg.ReportNeedUnit)
	}
	if !r.May(org.ActAwardReport, org.Target{Cluster: cl.ID, Unit: unit}) {
		return bot.Userf(msg.ReportOnlyOwnUnit)
	}
	year := f.seasonYear()
	if a == nil {
		if a, err = f.d.Awards.AwardFor(ctx, f.d.Store, cl.ID, unit, year); err != nil {
			return err
		}
	}
	d, err := f.d.Awards.LoadReport(ctx, f.source(), unit, year, a.ID)
	if errors.Is(err, awards.ErrNoTable) {
		return bot.Userf(msg.BinhxetNoTable, year)
	}
	if err != nil {
		return err
	}
	data, err := d.Document().Bytes()
	if err != nil {
		return err
	}
	f.d.Log.Info("achievement report drafted", "unit", unit, "award", a.ID, "year", year, "by", r.User.ID)
	return r.Reply(ctx, bot.Message{
		Text:     bot.HTML(msg.ReportCaption, d.Unit.Name, a.Name, year),
		Document: &bot.Upload{Name: "bao-cao-thanh-tich-" + unit + "-" + a.ID + "-" + strconv.Itoa(year) + ".docx", Data: data},
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

// history handles "lichsu AWARD YEAR unit[, unit…]": past awards the chair
// enters, added to those of awards.yaml for eligibility, warnings and
// reports.
func (f *Feature) history(ctx context.Context, r *bot.Request, cl *org.Cluster, words []string) error {
	list := f.d.Awards.For(cl.ID)
	if len(list) == 0 {
		return r.ReplyHTML(ctx, msg.BinhxetNoAwards)
	}
	if len(words) < 3 {
		return bot.Userf(msg.HistoryUsage, list[0].ID)
	}
	var a *awards.Award
	ids := make([]string, len(list))
	for i, x := range list {
		ids[i] = x.ID
		if strings.EqualFold(x.ID, words[0]) {
			a = x
		}
	}
	if a == nil {
		return bot.Userf(msg.BinhxetUnknownAwd, words[0], strings.Join(ids, ", "))
	}
	season := f.seasonYear()
	year, err := strconv.Atoi(words[1])
	if err != nil || year < 2000 || year >= season {
		return bot.Userf(msg.HistoryBadYear, words[1], season)
	}
	rest := strings.TrimSpace(strings.Join(words[2:], " "))
	if rest == "-" {
		if err := awards.SetHistory(ctx, f.d.Store, cl.ID, a.ID, year, nil); err != nil {
			return err
		}
		return r.ReplyHTML(ctx, msg.HistoryCleared, a.Name, year)
	}
	var units, names []string
	for _, q := range strings.Split(rest, ",") {
		if q = strings.TrimSpace(q); q == "" {
			continue
		}
		u, err := findUnit(cl, q)
		if err != nil {
			return err
		}
		units = append(units, u.ID)
		names = append(names, u.Name)
	}
	if err := awards.SetHistory(ctx, f.d.Store, cl.ID, a.ID, year, units); err != nil {
		return err
	}
	f.d.Log.Info("award history entered", "cluster", cl.ID, "award", a.ID, "year", year, "units", units, "by", r.User.ID)
	return r.ReplyHTML(ctx, msg.HistorySaved, year, a.Name, strings.Join(names, ", "))
}
