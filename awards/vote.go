package awards

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/thiduabot/thiduabot/store"
)

// BucketVotes holds the secret ballots: one record per vote ("v/<id>"),
// an index by award ("by/<cluster>/<year>/<award>" → id) and a sequence.
//
// Secret by construction: a vote's record holds who has voted (the set of
// units, kept sorted so that it does not even tell the order) and the
// tallies, updated together in one atomic write per ballot; no record ever
// holds what a unit chose.
const BucketVotes = "award_votes"

// Errors of voting, each with its own answer.
var (
	ErrVoteExists  = errors.New("awards: a vote for this award exists")
	ErrVoteClosed  = errors.New("awards: the vote is closed")
	ErrNotMember   = errors.New("awards: the unit has no vote")
	ErrVoted       = errors.New("awards: the unit has voted")
	ErrBadBallot   = errors.New("awards: the ballot names a unit that is not a candidate or too many")
	ErrVoteUnknown = errors.New("awards: no such vote")
)

// Poll is one secret ballot on one award (a "vote" in the bot's words).
type Poll struct {
	ID         string    `json:"id"`
	Cluster    string    `json:"cluster"`
	Year       int       `json:"year"`
	Award      string    `json:"award"`
	Slots      int       `json:"slots"`      // how many candidates a ballot may name
	Candidates []string  `json:"candidates"` // unit ids, in rank order
	Members    []string  `json:"members"`    // the units that have a vote
	Voted      []string  `json:"voted"`      // the units that cast their ballot, sorted
	Tally      []int     `json:"tally"`      // votes per candidate, by index
	Ballots    int       `json:"ballots"`
	Opened     time.Time `json:"opened"`
	Deadline   time.Time `json:"deadline"`
	Closed     time.Time `json:"closed,omitzero"`
	// ChairChat and ChairMsg are the chair's live turnout message.
	ChairChat int64 `json:"chair_chat,omitempty"`
	ChairMsg  int   `json:"chair_msg,omitempty"`
}

// Open reports whether ballots are still accepted at now.
func (v *Poll) Open(now time.Time) bool { return v.Closed.IsZero() && now.Before(v.Deadline) }

// HasVoted reports whether unit cast its ballot.
func (v *Poll) HasVoted(unit string) bool {
	_, ok := slices.BinarySearch(v.Voted, unit)
	return ok
}

func voteKey(id string) string { return "v/" + id }

func voteIndexKey(cluster string, year int, award string) string {
	return "by/" + cluster + "/" + strconv.Itoa(year) + "/" + award
}

// OpenVote stores v as a new vote with a fresh id; one vote per award and
// season.
func OpenVote(ctx context.Context, kv store.KV, v *Poll) error {
	var seq int
	err := kv.Update(ctx, BucketVotes, "seq", func(old []byte, _ bool) ([]byte, error) {
		seq, _ = strconv.Atoi(string(old))
		seq++
		return []byte(strconv.Itoa(seq)), nil
	})
	if err != nil {
		return fmt.Errorf("open vote: %w", err)
	}
	v.ID = "v" + strconv.Itoa(seq)
	v.Tally = make([]int, len(v.Candidates))
	v.Voted = []string{}
	ok, err := kv.Create(ctx, BucketVotes, voteIndexKey(v.Cluster, v.Year, v.Award), []byte(v.ID), 0)
	if err != nil {
		return fmt.Errorf("open vote: %w", err)
	}
	if !ok {
		return ErrVoteExists
	}
	if err := polls(kv).Put(ctx, voteKey(v.ID), *v); err != nil {
		return fmt.Errorf("open vote: %w", err)
	}
	return nil
}

// polls are the votes' records ("v/<id>") of BucketVotes.
func polls(kv store.KV) store.JSON[Poll] { return store.NewJSON[Poll](kv, BucketVotes) }

// GetVote returns the vote with id.
func GetVote(ctx context.Context, kv store.KV, id string) (*Poll, error) {
	v, err := polls(kv).Get(ctx, voteKey(id))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrVoteUnknown
	}
	if err != nil {
		return nil, fmt.Errorf("get vote %s: %w", id, err)
	}
	return &v, nil
}

// VoteFor returns the vote on award of the cluster's season, or ErrVoteUnknown.
func VoteFor(ctx context.Context, kv store.KV, cluster string, year int, award string) (*Poll, error) {
	id, err := kv.Get(ctx, BucketVotes, voteIndexKey(cluster, year, award))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrVoteUnknown
	}
	if err != nil {
		return nil, err
	}
	return GetVote(ctx, kv, string(id))
}

// update changes the vote's one record atomically.
func update(ctx context.Context, kv store.KV, id string, fn func(v *Poll) error) (*Poll, error) {
	out, err := polls(kv).Update(ctx, voteKey(id), func(v *Poll, exists bool) error {
		if !exists {
			return ErrVoteUnknown
		}
		return fn(v)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Cast counts unit's ballot naming choice (candidate indexes; none is a
// blank ballot): in one atomic write, the unit joins the set of units that
// voted and each chosen candidate's tally rises by one. Nothing else is
// written, so the choice cannot be read back from the store.
func Cast(ctx context.Context, kv store.KV, id, unit string, choice []int, now time.Time) (*Poll, error) {
	return update(ctx, kv, id, func(v *Poll) error {
		switch {
		case !v.Open(now):
			return ErrVoteClosed
		case !slices.Contains(v.Members, unit):
			return ErrNotMember
		case v.HasVoted(unit):
			return ErrVoted
		case len(choice) > v.Slots:
			return ErrBadBallot
		}
		seen := map[int]bool{}
		for _, c := range choice {
			if c < 0 || c >= len(v.Candidates) || seen[c] {
				return ErrBadBallot
			}
			seen[c] = true
		}
		for _, c := range choice {
			v.Tally[c]++
		}
		i, _ := slices.BinarySearch(v.Voted, unit)
		v.Voted = slices.Insert(v.Voted, i, unit)
		v.Ballots++
		if len(v.Voted) == len(v.Members) {
			v.Closed = now // every unit voted
		}
		return nil
	})
}

// Close ends the vote at now; closed reports whether this call ended it
// (so that the result is announced once).
func Close(ctx context.Context, kv store.KV, id string, now time.Time) (v *Poll, closed bool, err error) {
	v, err = update(ctx, kv, id, func(v *Poll) error {
		if !v.Closed.IsZero() {
			return ErrVoteClosed
		}
		v.Closed = now
		if v.Deadline.Before(now) {
			v.Closed = v.Deadline
		}
		return nil
	})
	if errors.Is(err, ErrVoteClosed) {
		v, err = GetVote(ctx, kv, id)
		return v, false, err
	}
	return v, err == nil, err
}

// SetChairMessage records the chair's live turnout message.
func SetChairMessage(ctx context.Context, kv store.KV, id string, chat int64, msg int) error {
	_, err := update(ctx, kv, id, func(v *Poll) error {
		v.ChairChat, v.ChairMsg = chat, msg
		return nil
	})
	return err
}

// OpenVotes lists the votes not yet closed (the deadline may have passed).
func OpenVotes(ctx context.Context, kv store.KV) ([]*Poll, error) {
	items, err := polls(kv).List(ctx, "v/")
	if err != nil {
		return nil, err
	}
	var out []*Poll
	for _, it := range items {
		if it.Value.Closed.IsZero() {
			out = append(out, &it.Value)
		}
	}
	return out, nil
}

// Result is a closed vote's outcome with the award's threshold and quorum.
type Result struct {
	Members, Voted int
	Turnout        float64 // percent of member units that voted
	Quorum         bool
	Base           int // the threshold's denominator: members or voters
	Lines          []ResultLine
	Elected        []string
	// Tied names the units that passed with equal votes across the cut
	// line of the award's slots: TieSlots slots are left for them, fewer
	// than they are, so none of them is elected and the chair decides.
	Tied               []string
	TieVotes, TieSlots int
}

// ResultLine is one candidate's votes.
type ResultLine struct {
	Unit    string
	Votes   int
	Percent float64 // of Base
	Passed  bool    // reached the threshold
	Elected bool    // passed and within the award's slots
	Tied    bool    // passed, level with others across the slots' cut line
}

// Result applies a's vote rule to v's tallies.
func (v *Poll) Result(a *Award) Result {
	r := Result{Members: len(v.Members), Voted: len(v.Voted)}
	if r.Members > 0 {
		r.Turnout = 100 * float64(r.Voted) / float64(r.Members)
	}
	r.Quorum = r.Turnout+1e-9 >= a.Vote.Quorum
	r.Base = r.Members
	if a.Vote.Of == OfVoting {
		r.Base = r.Voted
	}
	for i, c := range v.Candidates {
		l := ResultLine{Unit: c, Votes: v.Tally[i]}
		if r.Base > 0 {
			l.Percent = math.Round(1000*float64(l.Votes)/float64(r.Base)) / 10
			l.Passed = r.Quorum && 100*float64(l.Votes)/float64(r.Base)+1e-9 >= a.Vote.Threshold
		}
		r.Lines = append(r.Lines, l)
	}
	order := make([]int, len(r.Lines))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return r.Lines[order[i]].Votes > r.Lines[order[j]].Votes })
	var passed []int
	for _, i := range order {
		if r.Lines[i].Passed {
			passed = append(passed, i)
		}
	}
	// A tie across the cut line: the last slot's votes are also those of
	// the first unit below it. Nobody level with the cut is elected; the
	// result names them, never picks one.
	cut := -1
	if len(passed) > v.Slots && v.Slots > 0 && r.Lines[passed[v.Slots-1]].Votes == r.Lines[passed[v.Slots]].Votes {
		cut = r.Lines[passed[v.Slots-1]].Votes
	}
	for _, i := range passed {
		l := &r.Lines[i]
		switch {
		case l.Votes == cut:
			l.Tied = true
			r.Tied = append(r.Tied, l.Unit)
		case len(r.Elected) < v.Slots:
			l.Elected = true
			r.Elected = append(r.Elected, l.Unit)
		}
	}
	if len(r.Tied) > 0 {
		r.TieVotes, r.TieSlots = cut, v.Slots-len(r.Elected)
	}
	return r
}
