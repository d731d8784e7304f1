package reminders

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/store"
)

// RSVP answers to a meeting notice.
const (
	RSVPAttend   = "attend"   // Tham dự
	RSVPDelegate = "delegate" // Cử người thay
	RSVPAbsent   = "absent"   // Vắng
)

// Meeting is a cluster meeting a chair scheduled with /hop.
type Meeting struct {
	ID        string    `json:"id"`
	Cluster   string    `json:"cluster"`
	Title     string    `json:"title"`
	Start     time.Time `json:"start"`
	Place     string    `json:"place,omitempty"`
	Link      string    `json:"link,omitempty"`
	Agenda    string    `json:"agenda,omitempty"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	// Version counts the schedule changes (1 when created, +1 per move);
	// each version is announced once.
	Version     int                 `json:"version"`
	ChangedAt   time.Time           `json:"changed_at"`
	PrevStart   time.Time           `json:"prev_start,omitzero"`
	Cancelled   bool                `json:"cancelled,omitempty"`
	CancelledAt time.Time           `json:"cancelled_at,omitzero"`
	RSVP        map[string]Response `json:"rsvp,omitempty"` // by chat id in decimal
}

// Response is one person's answer to a meeting notice.
type Response struct {
	Unit       string    `json:"unit"`
	Name       string    `json:"name,omitempty"`
	Answer     string    `json:"answer"`
	Substitute string    `json:"substitute,omitempty"` // who goes instead, for RSVPDelegate
	At         time.Time `json:"at"`
}

// Tally counts the answers to a meeting, by unit.
type Tally struct {
	Attend, Delegate, Absent int
	// Units maps each unit of the cluster to its answers; units absent from
	// the map have not answered.
	Units map[string][]Response
}

// Tally sums the answers; unitIDs are the cluster's units, so that units
// without an answer are listed by NoAnswer.
func (m Meeting) Tally() Tally {
	t := Tally{Units: map[string][]Response{}}
	keys := make([]string, 0, len(m.RSVP))
	for k := range m.RSVP {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		r := m.RSVP[k]
		switch r.Answer {
		case RSVPAttend:
			t.Attend++
		case RSVPDelegate:
			t.Delegate++
		case RSVPAbsent:
			t.Absent++
		}
		t.Units[r.Unit] = append(t.Units[r.Unit], r)
	}
	return t
}

// NoAnswer returns the units among unitIDs nobody of which has answered.
func (t Tally) NoAnswer(unitIDs []string) []string {
	var out []string
	for _, u := range unitIDs {
		if len(t.Units[u]) == 0 {
			out = append(out, u)
		}
	}
	return out
}

// Errors of meeting changes, safe to map to a user message.
var (
	ErrMeetingNotFound  = errors.New("reminders: meeting not found")
	ErrMeetingCancelled = errors.New("reminders: meeting is cancelled")
	ErrMeetingPast      = errors.New("reminders: meeting start is in the past")
	ErrBadRSVP          = errors.New("reminders: unknown RSVP answer")
)

// Bucket names used over store.KV.
const (
	bucketMeetings = "meetings"
	bucketMeetSeq  = "meetings_seq"
)

// CreateMeeting stores a new meeting. m.Cluster, Title and Start are
// required; the ID, version and times are set here. Its notice is planned
// at now and so sent once by the runner. also, when given, runs in the
// transaction that stores the meeting, with the meeting as stored, so that
// the caller's own records of it are written with it or not at all.
func (s *KVStore) CreateMeeting(ctx context.Context, m Meeting, now time.Time, also ...func(tx store.Tx, m Meeting) error) (Meeting, error) {
	if m.Cluster == "" || strings.TrimSpace(m.Title) == "" || m.Start.IsZero() {
		return Meeting{}, fmt.Errorf("create meeting: cluster, title and start are required")
	}
	if !m.Start.After(now) {
		return Meeting{}, ErrMeetingPast
	}
	seq, err := s.kv.Append(ctx, bucketMeetSeq, []byte(m.Cluster))
	if err != nil {
		return Meeting{}, fmt.Errorf("create meeting: %w", err)
	}
	n, err := strconv.ParseUint(strings.TrimLeft(seq, "0"), 10, 64)
	if err != nil {
		n = uint64(now.UnixNano()) // a non-numeric sequence key is still unique
	}
	m.ID = "h" + strconv.FormatUint(n, 10)
	m.CreatedAt, m.ChangedAt, m.Version = now, now, 1
	m.Cancelled, m.CancelledAt, m.PrevStart, m.RSVP = false, time.Time{}, time.Time{}, nil
	err = s.write(ctx, func(tx store.Tx) error {
		ok, err := s.meetings.In(tx).Create(m.ID, m, 0)
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("id already used")
		}
		for _, fn := range also {
			if err := fn(tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("create meeting %s: %w", m.ID, err)
	}
	return m, nil
}

// Meeting returns one meeting.
func (s *KVStore) Meeting(ctx context.Context, id string) (Meeting, error) {
	m, err := s.meetings.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Meeting{}, ErrMeetingNotFound
	}
	return m, err
}

// Meetings returns every stored meeting, of every cluster when cluster is "".
func (s *KVStore) Meetings(ctx context.Context, cluster string) ([]Meeting, error) {
	recs, err := s.meetings.List(ctx, "")
	if err != nil {
		return nil, err
	}
	out := make([]Meeting, 0, len(recs))
	for _, r := range recs {
		if cluster == "" || r.Value.Cluster == cluster {
			out = append(out, r.Value)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out, nil
}

func (s *KVStore) updateMeeting(ctx context.Context, id string, fn func(m *Meeting) error) (Meeting, error) {
	var out Meeting
	err := s.write(ctx, func(tx store.Tx) error {
		var err error
		out, err = s.meetings.In(tx).Update(id, func(m *Meeting, exists bool) error {
			if !exists {
				return ErrMeetingNotFound
			}
			return fn(m)
		})
		return err
	})
	if err != nil {
		return Meeting{}, err
	}
	return out, nil
}

// MoveMeeting changes the start (and, when non-empty, the place) of a
// meeting; everyone is told once, and the RSVPs are asked again.
func (s *KVStore) MoveMeeting(ctx context.Context, id string, start time.Time, place string, now time.Time) (Meeting, error) {
	if !start.After(now) {
		return Meeting{}, ErrMeetingPast
	}
	return s.updateMeeting(ctx, id, func(m *Meeting) error {
		if m.Cancelled {
			return ErrMeetingCancelled
		}
		m.PrevStart, m.Start = m.Start, start
		if place != "" {
			m.Place = place
		}
		m.Version++
		m.ChangedAt = now
		m.RSVP = nil
		return nil
	})
}

// CancelMeeting cancels a meeting; everyone is told once. Cancelling twice
// is not an error and does not notify again.
func (s *KVStore) CancelMeeting(ctx context.Context, id string, now time.Time) (Meeting, error) {
	return s.updateMeeting(ctx, id, func(m *Meeting) error {
		if !m.Cancelled {
			m.Cancelled, m.CancelledAt = true, now
		}
		return nil
	})
}

// Respond records one person's answer, replacing their earlier one.
func (s *KVStore) Respond(ctx context.Context, id string, chatID int64, r Response) (Meeting, error) {
	switch r.Answer {
	case RSVPAttend, RSVPDelegate, RSVPAbsent:
	default:
		return Meeting{}, ErrBadRSVP
	}
	return s.updateMeeting(ctx, id, func(m *Meeting) error {
		if m.Cancelled {
			return ErrMeetingCancelled
		}
		if m.RSVP == nil {
			m.RSVP = map[string]Response{}
		}
		m.RSVP[strconv.FormatInt(chatID, 10)] = r
		return nil
	})
}
