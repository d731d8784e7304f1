package awards

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/vi"
)

// The secret ballot. A voter's choice lives only in the ballot message's
// buttons (Telegram's side) until the ballot is cast; casting adds the unit
// to the vote's set of voters and the choice to the tallies in one atomic
// write, and edits the ballot message so that it no longer shows the choice.
// The update journal keeps the raw update only until it is handled (then a
// done mark), and the remembered keyboard is dropped with the buttons.

// cbVote is the ballot buttons' prefix: bv:<act>:<poll>[:<mask>[:<i>]].
const cbVote = "bv"

// openVotes handles "/binhxet bophieu AWARD… [N giờ|N ngày]" for the chair.
func (f *Feature) openVotes(ctx context.Context, r *bot.Request, cl *org.Cluster, words []string) error {
	list := f.d.Awards.For(cl.ID)
	if len(list) == 0 {
		return r.ReplyHTML(ctx, msg.BinhxetNoAwards)
	}
	words, dur, err := voteDuration(words)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return bot.Userf(msg.VoteUsage, list[0].ID, list[0].ID)
	}
	s, err := f.season(ctx, cl)
	if err != nil {
		return err
	}
	now := f.d.Clock.Now()
	var names []string
	for _, w := range words {
		if w = strings.Trim(w, ","); w != "" {
			names = append(names, w)
		}
	}
	for len(names) > 0 {
		w := names[0]
		a, rest := awardOf(list, names)
		names = rest
		var ar *awards.AwardResult
		for i := range s.Awards {
			if a != nil && s.Awards[i].Award.ID == a.ID {
				ar = &s.Awards[i]
			}
		}
		if ar == nil {
			ids := make([]string, len(list))
			for i, a := range list {
				ids[i] = a.ID
			}
			return bot.Userf(msg.BinhxetUnknownAwd, w, strings.Join(ids, ", "))
		}
		var cands []string
		for _, c := range ar.Candidates {
			if c.Eligible {
				cands = append(cands, c.Unit)
			}
		}
		if len(cands) == 0 {
			if err := r.ReplyHTML(ctx, msg.VoteNoCandidates, ar.Award.Name); err != nil {
				return err
			}
			continue
		}
		voters, missing, err := f.voters(ctx, cl)
		if err != nil {
			return err
		}
		if len(missing) > 0 {
			if err := r.ReplyHTML(ctx, msg.VoteNoVoter, strings.Join(missing, ", ")); err != nil {
				return err
			}
		}
		members := make([]string, len(cl.Units))
		for i, u := range cl.Units {
			members[i] = u.ID
		}
		p := &awards.Poll{Cluster: cl.ID, Year: s.Year, Award: ar.Award.ID, Slots: min(ar.Award.Slots, len(cands)),
			Candidates: cands, Members: members, Opened: now, Deadline: now.Add(dur)}
		switch err := awards.OpenVote(ctx, f.d.Store, p); {
		case errors.Is(err, awards.ErrVoteExists):
			if err := r.ReplyHTML(ctx, msg.VoteExists, ar.Award.Name, s.Year); err != nil {
				return err
			}
			continue
		case err != nil:
			return err
		}
		f.d.Log.Info("secret vote opened", "poll", p.ID, "cluster", cl.ID, "award", p.Award, "candidates", len(cands))
		if err := r.ReplyHTML(ctx, msg.VoteOpened, ar.Award.Name, len(cands), len(voters), vi.DateTime(p.Deadline.In(f.d.Location))); err != nil {
			return err
		}
		id, err := f.b.Send(ctx, r.Chat, f.turnout(p, ar.Award))
		if err != nil {
			return err
		}
		if err := awards.SetChairMessage(ctx, f.d.Store, p.ID, r.Chat, id); err != nil {
			return err
		}
		for _, v := range voters {
			if _, err := f.b.Send(ctx, v.user, f.ballot(p, ar.Award, cl, v.unit, 0, "")); err != nil {
				f.d.Log.Warn("ballot not delivered", "poll", p.ID, "unit", v.unit, "err", err)
			}
		}
	}
	return nil
}

// voteDuration takes the vote's duration ("48 giờ", "2 ngày") out of the
// words: a word starting with a digit, with the next word when it is the
// unit alone. Without one, the vote lasts awards.DefaultVoteDuration.
func voteDuration(words []string) (rest []string, d time.Duration, err error) {
	d = awards.DefaultVoteDuration
	found := false
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "" || w[0] < '0' || w[0] > '9' {
			rest = append(rest, w)
			continue
		}
		if i+1 < len(words) && strings.Trim(w, "0123456789") == "" {
			w += " " + words[i+1]
			i++
		}
		if found {
			return nil, 0, bot.Userf(msg.VoteBadDuration, w)
		}
		if d, err = awards.ParseVoteDuration(w); err != nil {
			return nil, 0, bot.Userf(msg.VoteBadDuration, w)
		}
		found = true
	}
	return rest, d, nil
}

type voter struct {
	unit string
	user int64
}

// voters finds each unit's voter: the user awards.yaml names, else the
// focal point, else the unit's chair or deputy person. missing names the
// units without one.
func (f *Feature) voters(ctx context.Context, cl *org.Cluster) (out []voter, missing []string, err error) {
	ms, err := f.b.Members().List(ctx, cl.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, u := range cl.Units {
		if id, ok := f.d.Awards.Voters[u.ID]; ok {
			out = append(out, voter{u.ID, id})
			continue
		}
		var pick int64
		for _, m := range ms {
			if m.Unit != u.ID {
				continue
			}
			if m.Role == org.RoleFocal {
				pick = m.UserID
				break
			}
			if (m.Role == org.RoleChair || m.Role == org.RoleDeputy) && pick == 0 {
				pick = m.UserID
			}
		}
		if pick == 0 {
			missing = append(missing, u.Name)
			continue
		}
		out = append(out, voter{u.ID, pick})
	}
	return out, missing, nil
}

// voterUnit is the unit r's sender votes for in p ("" for none).
func (f *Feature) voterUnit(ctx context.Context, r *bot.Request, p *awards.Poll) (string, error) {
	cl, ok := f.d.Org.Cluster(p.Cluster)
	if !ok {
		return "", nil
	}
	vs, _, err := f.voters(ctx, cl)
	if err != nil {
		return "", err
	}
	for _, v := range vs {
		if v.user == r.User.ID {
			return v.unit, nil
		}
	}
	return "", nil
}

func (f *Feature) unitName(cluster, unit string) string {
	if u, _, ok := f.d.Org.Unit(unit); ok {
		return u.Name
	}
	return unit
}

// ballot is the ballot message with mask's candidates ticked; note, when
// set, is shown above it (e.g. "at most N").
func (f *Feature) ballot(p *awards.Poll, a *awards.Award, cl *org.Cluster, unit string, mask uint64, note string) bot.Message {
	text := bot.HTML(msg.VoteBallot, a.Name, p.Year, f.unitName(p.Cluster, unit), p.Slots, vi.DateTime(p.Deadline.In(f.d.Location)))
	if note != "" {
		text = note + "\n" + text
	}
	var rows [][]bot.Button
	m := strconv.FormatUint(mask, 10)
	for i, c := range p.Candidates {
		box := "☐ "
		if mask&(1<<i) != 0 {
			box = "☑ "
		}
		rows = append(rows, []bot.Button{{Label: box + f.unitName(p.Cluster, c), Data: bot.Data(cbVote, "t", p.ID, m, strconv.Itoa(i))}})
	}
	rows = append(rows, []bot.Button{{Label: msg.VoteCastButton, Data: bot.Data(cbVote, "c", p.ID, m)}})
	return bot.Message{Text: text, Buttons: rows}
}

// turnout is the chair's live view.
func (f *Feature) turnout(p *awards.Poll, a *awards.Award) bot.Message {
	text := bot.HTML(msg.VoteTurnout, a.Name, len(p.Voted), len(p.Members), vi.DateTime(p.Deadline.In(f.d.Location)))
	if !p.Closed.IsZero() {
		return bot.Message{Text: text + "\n" + msg.VoteClosedNote}
	}
	return bot.Message{Text: text, Buttons: [][]bot.Button{{{Label: msg.VoteCloseButton, Data: bot.Data(cbVote, "x", p.ID)}}}}
}

func chosen(p *awards.Poll, mask uint64) []int {
	var out []int
	for i := range p.Candidates {
		if mask&(1<<i) != 0 {
			out = append(out, i)
		}
	}
	return out
}

// onVoteButton handles the ballot's and the chair's buttons.
func (f *Feature) onVoteButton(ctx context.Context, r *bot.Request) error {
	p, err := awards.GetVote(ctx, f.d.Store, r.Data.Arg(1))
	if errors.Is(err, awards.ErrVoteUnknown) {
		return bot.ErrExpired
	}
	if err != nil {
		return err
	}
	a, ok := f.d.Awards.Award(p.Award)
	cl, ok2 := f.d.Org.Cluster(p.Cluster)
	if !ok || !ok2 {
		return bot.ErrExpired
	}
	now := f.d.Clock.Now()
	if r.Data.Arg(0) == "x" { // the chair ends the vote
		if !r.May(org.ActAwards, org.Target{Cluster: p.Cluster}) || (r.Member.Role != org.RoleChair && r.Member.Role != org.RoleAdmin) {
			return bot.Userf(msg.BinhxetOnlyChair)
		}
		return f.close(ctx, p.ID, now)
	}
	unit, err := f.voterUnit(ctx, r, p)
	if err != nil {
		return err
	}
	if unit == "" {
		return bot.Userf(msg.VoteNotVoter)
	}
	if p.HasVoted(unit) {
		return r.Edit(ctx, bot.Message{Text: bot.HTML(msg.VoteAlready, a.Name)})
	}
	if !p.Open(now) {
		if err := r.Edit(ctx, bot.Message{Text: bot.HTML(msg.VoteIsClosed, a.Name)}); err != nil {
			return err
		}
		return f.closeDue(ctx, p, now)
	}
	mask, err := strconv.ParseUint(r.Data.Arg(2), 10, 64)
	if err != nil || mask>>len(p.Candidates) != 0 {
		return bot.ErrExpired
	}
	switch r.Data.Arg(0) {
	case "t": // tick or untick a candidate
		i, err := strconv.Atoi(r.Data.Arg(3))
		if err != nil || i < 0 || i >= len(p.Candidates) {
			return bot.ErrExpired
		}
		next := mask ^ (1 << i)
		if len(chosen(p, next)) > p.Slots {
			return r.Edit(ctx, f.ballot(p, a, cl, unit, mask, bot.HTML(msg.VoteTooMany, p.Slots)))
		}
		return r.Edit(ctx, f.ballot(p, a, cl, unit, next, ""))
	case "r": // choose again
		return r.Edit(ctx, f.ballot(p, a, cl, unit, mask, ""))
	case "c": // confirm
		var names []string
		for _, i := range chosen(p, mask) {
			names = append(names, f.unitName(p.Cluster, p.Candidates[i]))
		}
		text := msg.VoteConfirmBlank
		if len(names) > 0 {
			text = bot.HTML(msg.VoteConfirm, strings.Join(names, ", "))
		}
		m := strconv.FormatUint(mask, 10)
		return r.Edit(ctx, bot.Message{Text: text, Buttons: [][]bot.Button{{
			{Label: msg.VoteCastButton, Data: bot.Data(cbVote, "f", p.ID, m)},
			{Label: msg.VoteRechoose, Data: bot.Data(cbVote, "r", p.ID, m)},
		}}})
	case "f": // cast: final, like a paper ballot
		p, err = awards.Cast(ctx, f.d.Store, p.ID, unit, chosen(p, mask), now)
		switch {
		case errors.Is(err, awards.ErrVoted):
			return r.Edit(ctx, bot.Message{Text: bot.HTML(msg.VoteAlready, a.Name)})
		case errors.Is(err, awards.ErrVoteClosed):
			return r.Edit(ctx, bot.Message{Text: bot.HTML(msg.VoteIsClosed, a.Name)})
		case errors.Is(err, awards.ErrBadBallot):
			return bot.ErrExpired
		case err != nil:
			return err
		}
		// The ballot message no longer shows the choice, and has no buttons.
		if err := r.Edit(ctx, bot.Message{Text: bot.HTML(msg.VoteCast, a.Name)}); err != nil {
			return err
		}
		f.d.Log.Info("ballot counted", "poll", p.ID, "turnout", len(p.Voted)) // never the unit nor the choice
		f.showTurnout(ctx, p, a)
		if !p.Closed.IsZero() {
			return f.announce(ctx, p)
		}
		return nil
	}
	return bot.ErrExpired
}

func (f *Feature) showTurnout(ctx context.Context, p *awards.Poll, a *awards.Award) {
	if p.ChairChat == 0 {
		return
	}
	if err := f.b.Edit(ctx, p.ChairChat, p.ChairMsg, f.turnout(p, a)); err != nil {
		f.d.Log.Warn("turnout not updated", "poll", p.ID, "err", err)
	}
}

// close ends a vote now and announces it once.
func (f *Feature) close(ctx context.Context, id string, now time.Time) error {
	p, closed, err := awards.Close(ctx, f.d.Store, id, now)
	if err != nil || !closed {
		return err
	}
	if a, ok := f.d.Awards.Award(p.Award); ok {
		f.showTurnout(ctx, p, a)
	}
	return f.announce(ctx, p)
}

func (f *Feature) closeDue(ctx context.Context, p *awards.Poll, now time.Time) error {
	if p.Closed.IsZero() && !now.Before(p.Deadline) {
		return f.close(ctx, p.ID, now)
	}
	return nil
}

// CloseDue closes every vote whose deadline has passed and announces it.
func (f *Feature) CloseDue(ctx context.Context) error {
	ps, err := awards.OpenVotes(ctx, f.d.Store)
	if err != nil {
		return err
	}
	now := f.d.Clock.Now()
	for _, p := range ps {
		if err := f.closeDue(ctx, p, now); err != nil {
			return err
		}
	}
	return nil
}

// Run closes votes at their deadline, checking every minute, until ctx ends.
func (f *Feature) Run(ctx context.Context) error {
	for {
		if err := f.CloseDue(ctx); err != nil {
			f.d.Log.Warn("closing due votes failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-f.d.Clock.After(time.Minute):
		}
	}
}

// announce sends the result to the cluster's group and the chair, with the
// draft minutes to the chair.
func (f *Feature) announce(ctx context.Context, p *awards.Poll) error {
	a, ok := f.d.Awards.Award(p.Award)
	cl, ok2 := f.d.Org.Cluster(p.Cluster)
	if !ok || !ok2 {
		return fmt.Errorf("announce %s: award or cluster gone", p.ID)
	}
	res := p.Result(a)
	noQuorum := ""
	if !res.Quorum {
		noQuorum = fmt.Sprintf(msg.VoteNoQuorum, vi.Number(a.Vote.Quorum, 2))
	}
	lines := []string{bot.HTML(msg.VoteResultHead, a.Name, p.Year, cl.Name, res.Voted, res.Members, vi.Number(res.Turnout, 1), noQuorum)}
	var elected []string
	for _, l := range res.Lines {
		mark := ""
		switch {
		case l.Elected:
			mark = msg.VoteElectedMark
			elected = append(elected, f.unitName(p.Cluster, l.Unit))
		case l.Tied:
			mark = msg.VoteTiedMark
		}
		lines = append(lines, bot.HTML(msg.VoteResultLine, f.unitName(p.Cluster, l.Unit), l.Votes, vi.Number(l.Percent, 1), mark))
	}
	lines = append(lines, bot.HTML(msg.VoteRule, a.VoteRule()))
	if len(elected) > 0 {
		lines = append(lines, bot.HTML(msg.VoteElected, strings.Join(elected, ", ")))
	}
	if len(res.Tied) > 0 {
		tied := make([]string, len(res.Tied))
		for i, u := range res.Tied {
			tied[i] = f.unitName(p.Cluster, u)
		}
		lines = append(lines, bot.HTML(msg.VoteTie, strings.Join(tied, ", "), res.TieVotes, res.TieSlots, a.ID))
	}
	if len(elected) == 0 && len(res.Tied) == 0 {
		lines = append(lines, msg.VoteNoneElected)
	}
	text := strings.Join(lines, "\n")
	// The units the vote elected are the award's nominees: their dossiers
	// are now owed (calendar.yaml) and /binhxet shows them.
	if len(res.Elected) > 0 {
		if err := awards.SetNominees(ctx, f.d.Store, p.Cluster, p.Year, p.Award, res.Elected); err != nil {
			return err
		}
	}
	if cl.GroupChatID != 0 {
		if _, err := f.b.Send(ctx, cl.GroupChatID, bot.Message{Text: text}); err != nil {
			f.d.Log.Warn("vote result not sent to the group", "poll", p.ID, "err", err)
		}
	}
	if p.ChairChat == 0 {
		return nil
	}
	if _, err := f.b.Send(ctx, p.ChairChat, bot.Message{Text: text}); err != nil {
		return err
	}
	data, err := f.d.Awards.Minutes(cl, a, p, f.d.Location).Bytes()
	if err != nil {
		return err
	}
	_, err = f.b.Send(ctx, p.ChairChat, bot.Message{Text: msg.VoteMinutesSent,
		Document: &bot.Upload{Name: "bien-ban-" + p.Award + "-" + strconv.Itoa(p.Year) + ".docx", Data: data}})
	return err
}
