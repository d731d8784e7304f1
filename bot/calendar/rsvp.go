package calendar

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/reminders"
	"github.com/thiduabot/thiduabot/vi"
)

// rsvpPhrases are the ways people answer a meeting notice in words, by
// answer; a typed message reads as one when vi.Matches it (with or without
// diacritics, but "vâng", yes, is not "vắng", absent).
var rsvpPhrases = map[string][]string{
	reminders.RSVPAttend: {"tham dự", "có mặt", "sẽ tham dự", "sẽ có mặt", "có tham dự", "dự họp", "đi họp", "sẽ dự",
		"tham dự họp", "xác nhận tham dự", "đồng ý tham dự", msg.BtnRSVPAttend},
	reminders.RSVPAbsent: {"vắng", "vắng mặt", "xin vắng", "xin vắng mặt", "xin phép vắng", "xin phép vắng mặt", "báo vắng",
		"không tham dự", "không tham dự được", "không dự", "không dự được", "không dự họp", "không đi", "không đi họp",
		"không đi được", "không có mặt", msg.BtnRSVPAbsent},
	reminders.RSVPDelegate: {"cử người thay", "cử người đi thay", "cử người dự thay", "cử người tham dự thay", "đi thay",
		"người đi thay", "có người đi thay", msg.BtnRSVPDelgate},
}

// rsvpLead and rsvpTail are polite words around an answer: "dạ, em xin vắng ạ".
var (
	rsvpLead = []string{"dạ", "em", "tôi", "mình", "bên em", "đơn vị em"}
	rsvpTail = []string{"ạ", "nhé", "nha"}
)

// rsvpWord reads text as an answer to a meeting notice.
func rsvpWord(text string) (answer string, ok bool) {
	words := strings.FieldsFunc(vi.NFC(text), func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(".!,;:", r) })
	for changed := true; changed && len(words) > 1; {
		changed = false
		for _, p := range rsvpLead {
			if n := len(strings.Fields(p)); n < len(words) && vi.Matches(strings.Join(words[:n], " "), p) {
				words, changed = words[n:], true
				break
			}
		}
		for _, p := range rsvpTail {
			if vi.Matches(words[len(words)-1], p) {
				words, changed = words[:len(words)-1], true
				break
			}
		}
	}
	s := strings.Join(words, " ")
	if vi.Matches(s, "vang") {
		return "", false // "vâng" (yes) or "vắng" (absent): no telling
	}
	for _, a := range []string{reminders.RSVPAttend, reminders.RSVPAbsent, reminders.RSVPDelegate} {
		if slices.ContainsFunc(rsvpPhrases[a], func(p string) bool { return vi.Matches(s, p) }) {
			return a, true
		}
	}
	return "", false
}

func isRSVPWord(text string) bool { _, ok := rsvpWord(text); return ok }

// onRSVPWord answers a meeting notice typed in words as its buttons do:
// the meeting is the one upcoming meeting of the person's cluster not yet
// answered (or, when all are answered, the only one coming); among several,
// buttons ask which; with none, /lich is where to look.
func (f *Feature) onRSVPWord(ctx context.Context, r *bot.Request) error {
	answer, _ := rsvpWord(r.Text)
	var coming, open []reminders.Meeting
	if r.Member.Cluster != "" {
		ms, err := f.rs.Meetings(ctx, r.Member.Cluster)
		if err != nil {
			return err
		}
		now := f.d.Clock.Now()
		for _, m := range ms {
			if m.Cancelled || !now.Before(m.Start) || m.CreatedBy == r.User.ID {
				continue // the chair who called it has the tally, not a notice
			}
			coming = append(coming, m)
			if _, done := m.RSVP[strconv.FormatInt(r.User.ID, 10)]; !done {
				open = append(open, m)
			}
		}
	}
	choose := open
	if len(choose) == 0 {
		choose = coming
	}
	label := rsvpLabel(answer)
	switch len(choose) {
	case 0:
		return r.Reply(ctx, bot.Message{Text: msg.RSVPTypedNone})
	case 1:
		return f.rsvp(ctx, r, choose[0].ID, answer, true)
	}
	m := bot.Message{Text: bot.HTML(msg.RSVPTypedWhich, label)}
	for _, c := range choose {
		m.Buttons = append(m.Buttons, []bot.Button{{Label: f.when(c.Start) + " – " + shorten(c.Title, 40),
			Data: bot.Data(cbRSVP, c.ID, answer)}})
	}
	return r.Reply(ctx, m)
}

// rsvpLabel is the button of an answer.
func rsvpLabel(answer string) string {
	return map[string]string{reminders.RSVPAttend: msg.BtnRSVPAttend,
		reminders.RSVPDelegate: msg.BtnRSVPDelgate, reminders.RSVPAbsent: msg.BtnRSVPAbsent}[answer]
}
