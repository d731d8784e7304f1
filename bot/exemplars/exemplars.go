// Package exemplars puts model examples (điển hình tiên tiến) on Telegram:
// /dienhinh lets a unit's focal point send a photo with a short story; the
// cluster's chairs and deputies get it with "Duyệt" and "Trả lại, góp ý"
// buttons (and again when they type /dienhinh), and the sender hears the
// outcome.
// Each month the stories approved in the month before go to the cluster's
// group as one digest; an admin's /dienhinh lists approved stories and
// "Lan tỏa" sends one to every cluster's group.
package exemplars

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/exemplars"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/vi"
)

const (
	flowStory   = "dienhinh"
	flowComment = "dienhinh_gy"
	cbPrefix    = "dh"
	// DigestHour is the local hour on the first of the month when the
	// previous month's approved stories go to each cluster's group.
	DigestHour = 8
	// DigestCatchUp is how late a digest still goes out after a downtime.
	DigestCatchUp = 72 * time.Hour
	adminListSize = 8
)

// Deps are what the feature needs.
type Deps struct {
	Org      *org.Config
	Store    store.KV
	Clock    clock.Clock
	Location *time.Location
	Log      *slog.Logger
}

// Feature answers /dienhinh, its buttons and flows, and sends the digest.
type Feature struct {
	d       Deps
	b       *bot.Bot
	stories *exemplars.Store
}

// Register adds /dienhinh to b.
func Register(b *bot.Bot, d Deps) *Feature {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	f := &Feature{d: d, b: b, stories: exemplars.NewStore(d.Store)}
	users := org.Roles(org.RoleFocal, org.RoleChair, org.RoleDeputy, org.RoleAdmin)
	b.Command("dienhinh", users, f.cmdStory)
	b.Flow(flowStory, org.Roles(org.RoleFocal), f.flowStory)
	b.Flow(flowComment, org.Roles(org.RoleChair, org.RoleDeputy), f.flowComment)
	b.Callback(cbPrefix, users, f.callback)
	return f
}

// Stories is the feature's repository (tests read it).
func (f *Feature) Stories() *exemplars.Store { return f.stories }

func (f *Feature) cmdStory(ctx context.Context, r *bot.Request) error {
	if r.Member.Role == org.RoleAdmin {
		return f.adminList(ctx, r)
	}
	if r.Member.Role == org.RoleChair || r.Member.Role == org.RoleDeputy {
		// Chairs review; their unit's focal point sends its stories.
		return f.resendPending(ctx, r)
	}
	if err := r.SetConversation(ctx, bot.Conversation{Flow: flowStory}); err != nil {
		return err
	}
	return r.ReplyHTML(ctx, msg.ExemplarPrompt, vi.Number(exemplars.MaxText, 0))
}

func (f *Feature) flowStory(ctx context.Context, r *bot.Request) error {
	text := strings.TrimSpace(r.Text)
	if len(r.Photos) == 0 || text == "" {
		return r.ReplyHTML(ctx, msg.ExemplarNeedPhoto, vi.Number(exemplars.MaxText, 0))
	}
	if n := utf8.RuneCountInString(text); n > exemplars.MaxText {
		return r.ReplyHTML(ctx, msg.ExemplarTooLong, vi.Number(float64(n), 0), vi.Number(exemplars.MaxText, 0))
	}
	// The largest size Telegram made of the photo that fits the cap.
	id, ok := r.PhotoUpTo(exemplars.MaxPhoto)
	if !ok {
		return r.ReplyHTML(ctx, msg.ExemplarPhotoTooLarge, vi.Number(exemplars.MaxPhoto>>20, 0), vi.Number(exemplars.MaxText, 0))
	}
	photo, err := r.Download(ctx, id)
	if err != nil {
		return fmt.Errorf("exemplar photo: %w", err)
	}
	st, err := f.stories.Submit(ctx, exemplars.Story{Cluster: r.Member.Cluster, Unit: r.Member.Unit, Text: text,
		By: r.User.ID, ByName: r.Member.Name}, photo, f.d.Clock.Now())
	if errors.Is(err, exemplars.ErrPhotoTooLarge) {
		return r.ReplyHTML(ctx, msg.ExemplarPhotoTooLarge, vi.Number(exemplars.MaxPhoto>>20, 0), vi.Number(exemplars.MaxText, 0))
	}
	if err != nil {
		return err
	}
	if err := r.EndConversation(ctx); err != nil {
		return err
	}
	if err := r.ReplyHTML(ctx, msg.ExemplarSubmitted); err != nil {
		return err
	}
	n, err := f.toChairs(ctx, st, photo)
	if err != nil {
		f.d.Log.Warn("exemplar not sent to the chairs", "story", st.ID, "err", err)
	}
	if n == 0 {
		return r.ReplyHTML(ctx, msg.ExemplarNoChair)
	}
	return nil
}

// toChairs sends st to the chairs and deputies of its cluster: the photo,
// then the story with the buttons.
func (f *Feature) toChairs(ctx context.Context, st exemplars.Story, photo []byte) (int, error) {
	chairs, err := f.b.Members().Chairs(ctx, st.Cluster)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range chairs {
		if err := f.sendForReview(ctx, c.UserID, st, photo); err != nil {
			f.d.Log.Warn("exemplar not sent to a chair", "story", st.ID, "chair", c.UserID, "err", err)
			continue
		}
		n++
	}
	return n, nil
}

func (f *Feature) sendForReview(ctx context.Context, chat int64, st exemplars.Story, photo []byte) error {
	if _, err := f.b.Send(ctx, chat, bot.Message{Photo: &bot.Upload{Name: "dienhinh-" + st.ID + ".jpg", Data: photo},
		Text: bot.Escape(f.unitName(st.Unit))}); err != nil {
		return err
	}
	_, err := f.b.Send(ctx, chat, bot.Message{
		Text: bot.HTML(msg.ExemplarForChair, f.unitName(st.Unit), st.ByName, st.Text),
		Buttons: [][]bot.Button{{
			{Label: msg.ExemplarApprove, Data: bot.Data(cbPrefix, "ok", st.ID)},
			{Label: msg.ExemplarReturn, Data: bot.Data(cbPrefix, "tl", st.ID)},
		}},
	})
	return err
}

func (f *Feature) resendPending(ctx context.Context, r *bot.Request) error {
	all, err := f.stories.List(ctx, r.Member.Cluster)
	if err != nil {
		return err
	}
	var pending []exemplars.Story
	for _, st := range all {
		if st.Status == exemplars.Pending {
			pending = append(pending, st)
		}
	}
	if len(pending) == 0 {
		return r.ReplyHTML(ctx, msg.ExemplarNonePending)
	}
	if err := r.ReplyHTML(ctx, msg.ExemplarPending, len(pending)); err != nil {
		return err
	}
	for _, st := range pending {
		photo, err := f.stories.Photo(ctx, st.ID)
		if err != nil {
			return err
		}
		if err := f.sendForReview(ctx, r.Chat, st, photo); err != nil {
			return err
		}
	}
	return nil
}

// callback: ok|tl <id> for chairs, lt <id> for admins.
func (f *Feature) callback(ctx context.Context, r *bot.Request) error {
	action, id := r.Data.Arg(0), r.Data.Arg(1)
	st, err := f.stories.Get(ctx, id)
	if errors.Is(err, exemplars.ErrNotFound) {
		return bot.ErrExpired
	}
	if err != nil {
		return err
	}
	switch action {
	case "lt":
		if r.Member.Role != org.RoleAdmin {
			return bot.Userf(msg.BotNotAllowed)
		}
		return f.promote(ctx, r, st)
	case "ok", "tl":
		if (r.Member.Role != org.RoleChair && r.Member.Role != org.RoleDeputy) || r.Member.Cluster != st.Cluster {
			return bot.Userf(msg.ExemplarNotYours)
		}
		if st.Status != exemplars.Pending {
			return r.Edit(ctx, bot.Message{Text: msg.ExemplarDecided})
		}
		if action == "tl" {
			c := bot.Conversation{Flow: flowComment}
			if err := c.Encode(id); err != nil {
				return err
			}
			if err := r.SetConversation(ctx, c); err != nil {
				return err
			}
			return r.Edit(ctx, bot.Message{Text: msg.ExemplarAskComment})
		}
		st, err = f.stories.Review(ctx, id, true, "", r.User.ID, f.d.Clock.Now())
		if errors.Is(err, exemplars.ErrDecided) {
			return r.Edit(ctx, bot.Message{Text: msg.ExemplarDecided})
		}
		if err != nil {
			return err
		}
		if err := r.Edit(ctx, bot.Message{Text: bot.HTML(msg.ExemplarApprovedChair, f.unitName(st.Unit))}); err != nil {
			return err
		}
		f.tell(ctx, st.By, bot.HTML(msg.ExemplarApprovedUnit, r.Member.Name))
		return nil
	}
	return bot.ErrExpired
}

func (f *Feature) flowComment(ctx context.Context, r *bot.Request) error {
	c, err := r.Conversation(ctx)
	if err != nil {
		return err
	}
	var id string
	if err := c.Decode(&id); err != nil {
		return err
	}
	comment := strings.TrimSpace(r.Text)
	if comment == "" {
		return r.ReplyHTML(ctx, msg.ExemplarAskComment)
	}
	st, err := f.stories.Review(ctx, id, false, comment, r.User.ID, f.d.Clock.Now())
	if err := r.EndConversation(ctx); err != nil {
		return err
	}
	if errors.Is(err, exemplars.ErrDecided) {
		return r.ReplyHTML(ctx, msg.ExemplarDecided)
	}
	if err != nil {
		return err
	}
	if err := r.ReplyHTML(ctx, msg.ExemplarReturnedChair, f.unitName(st.Unit)); err != nil {
		return err
	}
	f.tell(ctx, st.By, bot.HTML(msg.ExemplarReturnedUnit, r.Member.Name, comment))
	return nil
}

func (f *Feature) tell(ctx context.Context, user int64, text string) {
	if _, err := f.b.Send(ctx, user, bot.Message{Text: text}); err != nil && !errors.Is(err, bot.ErrBlocked) {
		f.d.Log.Warn("exemplar outcome not delivered", "user", user, "err", err)
	}
}

func (f *Feature) adminList(ctx context.Context, r *bot.Request) error {
	all, err := f.stories.List(ctx, "")
	if err != nil {
		return err
	}
	text := msg.ExemplarAdminList
	var row []bot.Button
	var rows [][]bot.Button
	n := 0
	for _, st := range all {
		if st.Status != exemplars.Approved || n == adminListSize {
			continue
		}
		n++
		text += bot.HTML(msg.ExemplarAdminItem, f.clusterName(st.Cluster), f.unitName(st.Unit), shorten(st.Text, 200))
		if !st.PromotedAt.IsZero() {
			continue
		}
		row = append(row, bot.Button{Label: fmt.Sprintf(msg.ExemplarPromote, n), Data: bot.Data(cbPrefix, "lt", st.ID)})
		if len(row) == 3 {
			rows, row = append(rows, row), nil
		}
	}
	if n == 0 {
		return r.ReplyHTML(ctx, msg.ExemplarAdminNone)
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return r.Reply(ctx, bot.Message{Text: text, Buttons: rows})
}

func (f *Feature) promote(ctx context.Context, r *bot.Request, st exemplars.Story) error {
	st, fresh, err := f.stories.Promote(ctx, st.ID, f.d.Clock.Now())
	if err != nil {
		return err
	}
	if !fresh {
		return r.ReplyHTML(ctx, msg.ExemplarAlreadyPromoted)
	}
	photo, err := f.stories.Photo(ctx, st.ID)
	if err != nil {
		return err
	}
	n := 0
	for _, cl := range f.d.Org.Clusters {
		if cl.GroupChatID == 0 {
			continue
		}
		m := bot.Message{Photo: &bot.Upload{Name: "dienhinh-" + st.ID + ".jpg", Data: photo},
			Text: bot.HTML(msg.ExemplarPromotedPost, f.unitName(st.Unit), f.clusterName(st.Cluster), st.Text)}
		if _, err := f.b.Send(ctx, cl.GroupChatID, m); err != nil {
			f.d.Log.Warn("exemplar not spread to a cluster", "story", st.ID, "cluster", cl.ID, "err", err)
			continue
		}
		n++
	}
	return r.ReplyHTML(ctx, msg.ExemplarPromoted, n)
}

// Digest sends, from DigestHour on the first of a month, each cluster's
// stories approved in the month before to its group, once per cluster and
// month (claimed before sending). It returns how many digests went out.
func (f *Feature) Digest(ctx context.Context) (int, error) {
	now := f.d.Clock.Now().In(f.d.Location)
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, f.d.Location)
	at := start.Add(DigestHour * time.Hour)
	if now.Before(at) || !now.Before(at.Add(DigestCatchUp)) {
		return 0, nil
	}
	prev := start.AddDate(0, -1, 0)
	all, err := f.stories.List(ctx, "")
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, cl := range f.d.Org.Clusters {
		if cl.GroupChatID == 0 {
			continue
		}
		var mine []exemplars.Story
		for _, st := range all {
			if st.Cluster == cl.ID {
				mine = append(mine, st)
			}
		}
		items := exemplars.ApprovedIn(mine, prev, start)
		if len(items) == 0 {
			continue
		}
		ok, err := f.stories.ClaimDigest(ctx, cl.ID, prev.Format("2006-01"), now)
		if err != nil {
			return sent, err
		}
		if !ok {
			continue
		}
		text := bot.HTML(msg.ExemplarDigestTitle, prev.Format("1/2006"))
		for _, st := range items {
			text += bot.HTML(msg.ExemplarDigestItem, f.unitName(st.Unit), st.Text)
		}
		if _, err := f.b.Send(ctx, cl.GroupChatID, bot.Message{Text: text}); err != nil {
			f.d.Log.Warn("exemplar digest not delivered", "cluster", cl.ID, "err", err)
			continue
		}
		sent++
	}
	return sent, nil
}

func (f *Feature) unitName(id string) string {
	if u, _, ok := f.d.Org.Unit(id); ok {
		return u.Name
	}
	return id
}

func (f *Feature) clusterName(id string) string {
	if cl, ok := f.d.Org.Cluster(id); ok {
		return cl.Name
	}
	return id
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
