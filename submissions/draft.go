package submissions

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/vi"
)

// Draft is one user's /baocao conversation in progress: which period and
// unit, where it stands, the answers so far and an answer awaiting a choice.
// It is stored after every step, so a restart or a pause of days resumes
// exactly where the user stopped. A user has at most one draft.
type Draft struct {
	User    Actor  `json:"user"`
	Cluster string `json:"cluster"`
	Unit    string `json:"unit"`
	Period  Period `json:"period"`
	Asker   Asker  `json:"asker"`
	// BaseVersion is the version of the confirmed report the draft started
	// from (0 for none); it goes into the Confirmation.
	BaseVersion int `json:"base_version"`
	// Pos is the index of the question being asked; len(questions) means
	// the user is reviewing the summary. At is that question's criterion id,
	// so that a draft resumed after the scoring table changed finds its
	// place again (see Question).
	Pos int    `json:"pos"`
	At  string `json:"at,omitempty"`
	// Editing is set when the user picked one criterion from the summary:
	// after answering it the draft returns to the summary.
	Editing bool             `json:"editing,omitempty"`
	Answers map[string]Entry `json:"answers"`
	Pending *Pending         `json:"pending,omitempty"`

	// Shown is the message id of the latest summary or prompt (a choice of
	// readings, a plausibility warning) sent for the draft, so that the next
	// message can take its buttons away.
	Shown int `json:"shown,omitempty"`

	StartedAt    time.Time `json:"started_at"`
	LastActivity time.Time `json:"last_activity"`
	// Reminded is set once the idle reminder went out; any activity clears it.
	Reminded bool `json:"reminded,omitempty"`
}

// Pending is an answer that needs one more word from the user: a choice
// between readings (Candidates) or, for a value with warnings, fix or keep.
type Pending struct {
	Criterion  string    `json:"criterion"`
	Raw        string    `json:"raw"`
	Candidates []float64 `json:"candidates,omitempty"`
	Choices    []string  `json:"choices,omitempty"` // button texts, one per candidate
	Echoes     []string  `json:"echoes,omitempty"`  // what to echo once one is chosen
	Value      float64   `json:"value,omitempty"`
	Warnings   []Warning `json:"warnings,omitempty"`
}

// NewDraft starts a conversation for user on unit's period p. from is the
// confirmed report being edited, or nil: its answers are the starting point
// and its version the base the confirmation is checked against.
//
// A new draft starts at the first question; Question places At on it.
func NewDraft(user Actor, cluster, unit string, p Period, asker Asker, from *Report) *Draft {
	d := &Draft{User: user, Cluster: cluster, Unit: unit, Period: p, Asker: asker, Answers: map[string]Entry{}}
	if from != nil {
		d.BaseVersion = from.Version
		for id, e := range from.Values {
			d.Answers[id] = e
		}
	}
	return d
}

// Question returns the question being asked, and false when every question
// has been answered and the user is at the summary.
func (d *Draft) Question(qs []Question) (Question, bool) {
	d.locate(qs)
	if d.Pos >= len(qs) {
		return Question{}, false
	}
	return qs[d.Pos], true
}

// locate puts Pos back on criterion At when the questions changed under a
// stored draft (a criterion added or removed in the table); if At is gone,
// on the first question without an answer.
func (d *Draft) locate(qs []Question) {
	switch {
	case d.At == atSummary:
		d.Pos = len(qs)
		return
	case d.Pos >= 0 && d.Pos < len(qs) && (d.At == "" || qs[d.Pos].Criterion.ID == d.At):
		return
	}
	for i, q := range qs {
		if q.Criterion.ID == d.At {
			d.moveTo(qs, i)
			return
		}
	}
	for i, q := range qs {
		if _, ok := d.Answers[q.Criterion.ID]; !ok {
			d.moveTo(qs, i)
			return
		}
	}
	d.moveTo(qs, len(qs))
}

// atSummary is At when the draft is at the summary.
const atSummary = "#summary"

// moveTo sets Pos and At together.
func (d *Draft) moveTo(qs []Question, i int) {
	d.Pos, d.At = i, atSummary
	if i >= 0 && i < len(qs) {
		d.At = qs[i].Criterion.ID
	}
}

// Outcome is what became of a typed answer.
type Outcome struct {
	// Accepted: the answer is in the draft and the draft moved on; show
	// Echo, then the next question (or the summary).
	Accepted bool
	Echo     string
	// Choose: the input has several readings; ask msg.SubmitAmbiguous
	// with Pending.Choices as buttons and call Choose with the index.
	Choose bool
	// Warnings: the value looks wrong; show them and call Keep or Fix.
	Warnings []Warning
}

// Type handles text typed for the current question: it parses it, asks back
// when ambiguous, warns when implausible, and otherwise records it. An
// unreadable input returns an *InputError (see Message) and changes nothing.
func (d *Draft) Type(qs []Question, text string) (Outcome, error) {
	q, ok := d.Question(qs)
	if !ok {
		return Outcome{}, fmt.Errorf("draft of user %d: no question at position %d", d.User.UserID, d.Pos)
	}
	p, err := Parse(text, q.Criterion)
	if err != nil {
		return Outcome{}, err
	}
	if p.Ambiguous && q.Criterion.Limit != nil {
		// A reading the criterion refuses is no reading: ask only between
		// the possible ones.
		var keep Parsed
		for i, v := range p.Candidates {
			if q.Criterion.Limit.Contains(v) {
				keep.Candidates = append(keep.Candidates, v)
				keep.Choices = append(keep.Choices, p.Choices[i])
				keep.Echoes = append(keep.Echoes, p.Echoes[i])
			}
		}
		switch len(keep.Candidates) {
		case 0:
			return Outcome{}, q.Criterion.refuse(text, p.Candidates[0])
		case 1:
			p = Parsed{Value: keep.Candidates[0], Echo: keep.Echoes[0]}
		}
	}
	if p.Ambiguous {
		d.Pending = &Pending{Criterion: q.Criterion.ID, Raw: text, Candidates: p.Candidates, Choices: p.Choices, Echoes: p.Echoes}
		return Outcome{Choose: true}, nil
	}
	if err := q.Criterion.refuse(text, p.Value); err != nil {
		return Outcome{}, err
	}
	return d.settle(qs, q, text, p.Value, p.Echo), nil
}

// Choose takes reading i of the pending ambiguous input.
func (d *Draft) Choose(qs []Question, i int) (Outcome, error) {
	q, ok := d.Question(qs)
	if !ok || d.Pending == nil || d.Pending.Criterion != q.Criterion.ID || i < 0 || i >= len(d.Pending.Candidates) {
		return Outcome{}, fmt.Errorf("draft of user %d: no choice %d pending", d.User.UserID, i)
	}
	v := d.Pending.Candidates[i]
	echo := FormatValue(q.Criterion, v)
	if i < len(d.Pending.Echoes) {
		echo = d.Pending.Echoes[i]
	}
	return d.settle(qs, q, d.Pending.Raw, v, echo), nil
}

func (d *Draft) settle(qs []Question, q Question, raw string, v float64, echo string) Outcome {
	if ws := Check(q.Criterion, q.Period, v, q.Known); len(ws) > 0 {
		d.Pending = &Pending{Criterion: q.Criterion.ID, Raw: raw, Value: v, Warnings: ws}
		return Outcome{Warnings: ws, Echo: echo}
	}
	d.answer(qs, Entry{State: StateValue, Value: v, Raw: raw})
	return Outcome{Accepted: true, Echo: echo}
}

// Pick reads a typed choice between the readings of a pending ambiguous
// input, with or without diacritics: a button's text, its value ("7,7",
// "7,7 tỷ đồng") or the kind of reading ("số thập phân", "thập phân", "số
// nguyên", "nguyên"). It reports false when the text names no reading, or
// more than one.
func (p *Pending) Pick(text string) (int, bool) {
	if p == nil || len(p.Candidates) == 0 {
		return 0, false
	}
	want := strings.Join(strings.Fields(strings.Trim(vi.Fold(text), " .!?")), " ")
	if want == "" {
		return 0, false
	}
	whole := strings.Trim(vi.Fold(msg.SubmitChoiceWhole("")), " ()")
	decimal := strings.Trim(vi.Fold(msg.SubmitChoiceDecimal("")), " ()")
	pick := -1
	for i := range p.Candidates {
		var forms []string
		if i < len(p.Choices) {
			c := strings.Join(strings.Fields(vi.Fold(p.Choices[i])), " ")
			forms = append(forms, c)
			switch {
			case strings.HasSuffix(c, "("+whole+")"):
				forms = append(forms, whole, strings.TrimPrefix(whole, "so "))
			case strings.HasSuffix(c, "("+decimal+")"):
				forms = append(forms, decimal, strings.TrimPrefix(decimal, "so "))
			}
		}
		if i < len(p.Echoes) {
			e := strings.Join(strings.Fields(vi.Fold(p.Echoes[i])), " ")
			forms = append(forms, e)
			if f := strings.Fields(e); len(f) > 0 {
				forms = append(forms, f[0])
			}
		}
		if slices.Contains(forms, want) {
			if pick >= 0 {
				return 0, false
			}
			pick = i
		}
	}
	return pick, pick >= 0
}

// Keep accepts the pending value despite its warnings.
func (d *Draft) Keep(qs []Question) error {
	q, ok := d.Question(qs)
	if !ok || d.Pending == nil || d.Pending.Criterion != q.Criterion.ID || len(d.Pending.Warnings) == 0 {
		return fmt.Errorf("draft of user %d: no warned value pending", d.User.UserID)
	}
	d.answer(qs, Entry{State: StateValue, Value: d.Pending.Value, Raw: d.Pending.Raw})
	return nil
}

// Fix drops the pending value; the same question is asked again.
func (d *Draft) Fix() { d.Pending = nil }

// Skip leaves the current criterion empty: it stays missing for the month
// (a cumulative or snapshot value is then carried from an earlier month by
// the scoring, visibly).
func (d *Draft) Skip(qs []Question) error {
	if _, ok := d.Question(qs); !ok {
		return fmt.Errorf("draft of user %d: nothing to skip", d.User.UserID)
	}
	d.answer(qs, Entry{State: StateSkipped})
	return nil
}

// KeepLast answers "Giữ như tháng trước" with the earlier value, only when
// the question offers it (CanKeep).
func (d *Draft) KeepLast(qs []Question) error {
	q, ok := d.Question(qs)
	if !ok || !q.CanKeep {
		return fmt.Errorf("draft of user %d: no earlier value to keep", d.User.UserID)
	}
	d.answer(qs, Entry{State: StateKept, Value: q.Known.Last.Value, From: q.Known.Last.Period})
	return nil
}

// Back returns to the previous question (from the summary, to the last
// one). From a criterion picked on the summary (Edit) it returns to the
// summary, keeping the criterion's answer: that is where the user came from.
func (d *Draft) Back(qs []Question) {
	d.locate(qs)
	editing := d.Editing && d.Pos < len(qs)
	d.Pending, d.Editing = nil, false
	switch {
	case editing:
		d.moveTo(qs, len(qs))
	case d.Pos > 0:
		d.moveTo(qs, d.Pos-1)
	}
}

// Current is the answer the draft already holds for the question being
// asked (reached with Back or Edit), as the summary shows it, or "" when
// it holds none.
func (d *Draft) Current(qs []Question) string {
	q, ok := d.Question(qs)
	if !ok {
		return ""
	}
	e, ok := d.Answers[q.Criterion.ID]
	if !ok || !e.HasValue() {
		return ""
	}
	return FormatEntry(q.Criterion, &e)
}

// Edit jumps from the summary to one criterion; after it is answered the
// draft returns to the summary.
func (d *Draft) Edit(qs []Question, criterion string) error {
	for i, q := range qs {
		if q.Criterion.ID == criterion {
			d.moveTo(qs, i)
			d.Editing, d.Pending = true, nil
			return nil
		}
	}
	return fmt.Errorf("draft of user %d: criterion %q is not asked", d.User.UserID, criterion)
}

func (d *Draft) answer(qs []Question, e Entry) {
	q := qs[d.Pos]
	d.Answers[q.Criterion.ID] = e
	d.Pending = nil
	if d.Editing {
		d.moveTo(qs, len(qs))
		d.Editing = false
		return
	}
	d.moveTo(qs, d.Pos+1)
}

// Confirmation turns the draft into what Reports.Confirm stores: the answers
// to the questions asked (answers to criteria no longer asked are dropped;
// questions never reached are not sent, so they keep what is stored).
func (d *Draft) Confirmation(qs []Question) Confirmation {
	c := Confirmation{Cluster: d.Cluster, Unit: d.Unit, Period: d.Period, BaseVersion: d.BaseVersion,
		Values: map[string]Entry{}, By: d.User, Manual: d.Asker == ForChair}
	for _, q := range qs {
		c.Criteria = append(c.Criteria, q.Criterion)
		if e, ok := d.Answers[q.Criterion.ID]; ok {
			c.Values[q.Criterion.ID] = e
		}
	}
	return c
}

// Summary is the review text: one line per question with its answer, and
// the count of criteria left empty.
func (d *Draft) Summary(qs []Question) string {
	lines := make([]string, 0, len(qs))
	missing := 0
	for _, q := range qs {
		e, ok := d.Answers[q.Criterion.ID]
		var ep *Entry
		if ok {
			ep = &e
		}
		if !ok || !e.HasValue() {
			missing++
		}
		lines = append(lines, msg.SubmitSummaryLine(q.Number, q.Criterion.Name, FormatEntry(q.Criterion, ep)))
	}
	return msg.SubmitSummary(d.Period.Label(), lines, missing)
}

// Drafts is the repository of drafts, one per user, in Bucket.
type Drafts struct {
	drafts    store.JSON[Draft]     // "draft/<user>"
	receipts  store.JSON[Receipt]   // "receipt/<user>"
	cancelled store.JSON[Cancelled] // "cancelled/<user>"
	clk       clock.Clock
}

// NewDrafts returns the repository over kv.
func NewDrafts(kv store.KV, clk clock.Clock) *Drafts {
	return &Drafts{drafts: store.NewJSON[Draft](kv, Bucket), receipts: store.NewJSON[Receipt](kv, Bucket),
		cancelled: store.NewJSON[Cancelled](kv, Bucket), clk: clk}
}

func draftKey(user int64) string { return "draft/" + strconv.FormatInt(user, 10) }

// Get returns the user's draft, or ErrNotFound.
func (ds *Drafts) Get(ctx context.Context, user int64) (*Draft, error) {
	d, err := ds.drafts.Get(ctx, draftKey(user))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get draft of %d: %w", user, err)
	}
	return d.normal(), nil
}

// normal gives a draft read from the store an answer map to write to.
func (d *Draft) normal() *Draft {
	if d.Answers == nil {
		d.Answers = map[string]Entry{}
	}
	return d
}

// Save stores d after a step of the conversation: it is now active, so the
// idle reminder may go out again after the next pause.
func (ds *Drafts) Save(ctx context.Context, d *Draft) error {
	now := ds.clk.Now()
	if d.StartedAt.IsZero() {
		d.StartedAt = now
	}
	d.LastActivity, d.Reminded = now, false
	if err := ds.drafts.Put(ctx, draftKey(d.User.UserID), *d); err != nil {
		return fmt.Errorf("save draft of %d: %w", d.User.UserID, err)
	}
	return nil
}

// Delete removes the user's draft (after a confirmation, or on Hủy).
func (ds *Drafts) Delete(ctx context.Context, user int64) error {
	if err := ds.drafts.Delete(ctx, draftKey(user)); err != nil {
		return fmt.Errorf("delete draft of %d: %w", user, err)
	}
	return nil
}

// List returns every draft, by user id.
func (ds *Drafts) List(ctx context.Context) ([]Draft, error) {
	return listDrafts(ctx, ds.drafts)
}

func listDrafts(ctx context.Context, drafts store.JSON[Draft]) ([]Draft, error) {
	items, err := drafts.List(ctx, "draft/")
	if err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	out := make([]Draft, 0, len(items))
	for _, it := range items {
		out = append(out, *it.Value.normal())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].User.UserID < out[j].User.UserID })
	return out, nil
}

// Idle returns the drafts untouched for at least idle and not yet reminded.
func (ds *Drafts) Idle(ctx context.Context, idle time.Duration) ([]Draft, error) {
	all, err := ds.List(ctx)
	if err != nil {
		return nil, err
	}
	now := ds.clk.Now()
	var out []Draft
	for _, d := range all {
		if !d.Reminded && now.Sub(d.LastActivity) >= idle {
			out = append(out, d)
		}
	}
	return out, nil
}

// MarkReminded claims the idle reminder of d: it reports true to exactly one
// caller, and false when the draft was reminded already, touched since d was
// read, or deleted. Send the reminder only after a true.
func (ds *Drafts) MarkReminded(ctx context.Context, d Draft) (bool, error) {
	_, err := ds.drafts.Update(ctx, draftKey(d.User.UserID), func(cur *Draft, exists bool) error {
		if !exists || cur.Reminded || !cur.LastActivity.Equal(d.LastActivity) {
			return errNotClaimed // nothing written
		}
		cur.Reminded = true
		return nil
	})
	if errors.Is(err, errNotClaimed) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("mark draft of %d reminded: %w", d.User.UserID, err)
	}
	return true, nil
}

var errNotClaimed = errors.New("submissions: idle reminder not claimed")

// Token names the step the draft stands at, for the buttons of the message
// that shows it: a button whose token differs belongs to an earlier step.
// At a question it is a digest of the criterion's id and of a pending answer
// (so that a choice between the readings of one input never picks a reading
// of another); at the summary it is SummaryToken and a digest of every
// answer shown and of the report version reviewed, so that "Xác nhận"
// confirms exactly the summary it is under. Either is short, so that
// callback data stays within Telegram's 64 bytes whatever the ids.
func (d *Draft) Token(qs []Question) string {
	h := sha256.New()
	q, asking := d.Question(qs)
	if asking {
		fmt.Fprintf(h, "%s", q.Criterion.ID)
		if d.Pending != nil {
			fmt.Fprintf(h, "\x00%s\x00%v\x00%v", d.Pending.Raw, d.Pending.Candidates, d.Pending.Value)
		}
		return hex.EncodeToString(h.Sum(nil))[:8]
	}
	fmt.Fprintf(h, "%s/%s/%s/%d/%d", d.Cluster, d.Unit, d.Period, d.Asker, d.BaseVersion)
	for _, q := range qs {
		e, ok := d.Answers[q.Criterion.ID]
		fmt.Fprintf(h, "\x00%s:%v:%s:%v:%s", q.Criterion.ID, ok, e.State, e.Value, e.From)
	}
	return SummaryToken + hex.EncodeToString(h.Sum(nil))[:8]
}

// SummaryToken starts the Token of a summary (a question's is hexadecimal).
const SummaryToken = "#"

// Receipt is what a user was told by their latest confirmation, kept so that
// the same confirmation repeated (the update replayed after a crash between
// the store write and the reply, or "Xác nhận" typed again) gets the same
// answer instead of finding no draft.
type Receipt struct {
	Cluster string    `json:"cluster"`
	Unit    string    `json:"unit"`
	Period  Period    `json:"period"`
	Asker   Asker     `json:"asker"`
	Version int       `json:"version"` // the report's version the confirmation stored
	Token   string    `json:"token"`   // the summary confirmed
	At      time.Time `json:"at"`
}

// Cancelled is a draft thrown away with Hủy, kept for RestoreWithin so that
// a slip of the finger costs nothing.
type Cancelled struct {
	Draft       Draft     `json:"draft"`
	CancelledAt time.Time `json:"cancelled_at"`
}

// RestoreWithin is how long a cancelled draft can be restored (once).
const RestoreWithin = 24 * time.Hour

func receiptKey(user int64) string   { return "receipt/" + strconv.FormatInt(user, 10) }
func cancelledKey(user int64) string { return "cancelled/" + strconv.FormatInt(user, 10) }

// Finish records the receipt of d's confirmation and then removes d. Between
// the two writes both exist, and a repeated confirmation of d is answered
// from the stored report either way.
func (ds *Drafts) Finish(ctx context.Context, d *Draft, rc Receipt) error {
	if err := ds.receipts.Put(ctx, receiptKey(d.User.UserID), rc); err != nil {
		return fmt.Errorf("save receipt of %d: %w", d.User.UserID, err)
	}
	return ds.Delete(ctx, d.User.UserID)
}

// Receipt returns the user's latest receipt, or ErrNotFound.
func (ds *Drafts) Receipt(ctx context.Context, user int64) (*Receipt, error) {
	rc, err := ds.receipts.Get(ctx, receiptKey(user))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get receipt of %d: %w", user, err)
	}
	return &rc, nil
}

// Cancel keeps d as the user's cancelled draft (replacing an older one) and
// removes it.
func (ds *Drafts) Cancel(ctx context.Context, d *Draft) error {
	if err := ds.cancelled.Put(ctx, cancelledKey(d.User.UserID), Cancelled{Draft: *d, CancelledAt: ds.clk.Now()}); err != nil {
		return fmt.Errorf("keep cancelled draft of %d: %w", d.User.UserID, err)
	}
	return ds.Delete(ctx, d.User.UserID)
}

// Cancelled returns the user's cancelled draft while it can be restored
// (RestoreWithin), or ErrNotFound.
func (ds *Drafts) Cancelled(ctx context.Context, user int64) (*Cancelled, error) {
	c, err := ds.cancelled.Get(ctx, cancelledKey(user))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("get cancelled draft of %d: %w", user, err)
	}
	if ds.clk.Now().Sub(c.CancelledAt) >= RestoreWithin {
		return nil, ErrNotFound
	}
	if c.Draft.Answers == nil {
		c.Draft.Answers = map[string]Entry{}
	}
	return &c, nil
}

// Restore makes the user's cancelled draft their draft again, once: it
// reports ErrNotFound when there is none to restore (already restored,
// dropped, or older than RestoreWithin). The draft is saved before the
// cancelled copy is dropped, so a crash in between loses nothing.
func (ds *Drafts) Restore(ctx context.Context, user int64) (*Draft, error) {
	c, err := ds.Cancelled(ctx, user)
	if err != nil {
		return nil, err
	}
	d := c.Draft
	d.Shown = 0
	if err := ds.Save(ctx, &d); err != nil {
		return nil, err
	}
	if err := ds.DropCancelled(ctx, user); err != nil {
		return nil, err
	}
	return &d, nil
}

// DropCancelled forgets the user's cancelled draft (they chose to start afresh).
func (ds *Drafts) DropCancelled(ctx context.Context, user int64) error {
	if err := ds.cancelled.Delete(ctx, cancelledKey(user)); err != nil {
		return fmt.Errorf("drop cancelled draft of %d: %w", user, err)
	}
	return nil
}
