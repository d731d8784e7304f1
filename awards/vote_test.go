package awards_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/awards"
	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store/storetest"
)

func TestPollCastAndResult(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	kv := storetest.NewMem(clock.NewFake(now))
	units := []string{"a", "b", "c", "d", "e", "f"}
	p := &awards.Poll{Cluster: "cum5", Year: 2026, Award: "x", Slots: 2, Candidates: []string{"a", "b", "c"},
		Members: units, Opened: now, Deadline: now.Add(time.Hour)}
	if err := awards.OpenVote(ctx, kv, p); err != nil {
		t.Fatal(err)
	}
	if err := awards.OpenVote(ctx, kv, &awards.Poll{Cluster: "cum5", Year: 2026, Award: "x"}); !errors.Is(err, awards.ErrVoteExists) {
		t.Errorf("second vote on one award: %v", err)
	}
	// Five units vote at once: every ballot is counted exactly once.
	choices := map[string][]int{"a": {0}, "b": {0, 1}, "c": {0}, "d": {2}, "e": nil}
	var wg sync.WaitGroup
	for u, c := range choices {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := awards.Cast(ctx, kv, p.ID, u, c, now.Add(time.Minute)); err != nil {
				t.Errorf("cast %s: %v", u, err)
			}
		}()
	}
	wg.Wait()
	for _, tc := range []struct {
		unit   string
		choice []int
		want   error
	}{
		{"a", []int{1}, awards.ErrVoted},
		{"z", []int{1}, awards.ErrNotMember},
		{"f", []int{0, 1, 2}, awards.ErrBadBallot},
		{"f", []int{1, 1}, awards.ErrBadBallot},
		{"f", []int{7}, awards.ErrBadBallot},
	} {
		if _, err := awards.Cast(ctx, kv, p.ID, tc.unit, tc.choice, now.Add(2*time.Minute)); !errors.Is(err, tc.want) {
			t.Errorf("cast %s %v: %v, want %v", tc.unit, tc.choice, err, tc.want)
		}
	}
	if _, err := awards.Cast(ctx, kv, p.ID, "f", []int{1}, now.Add(2*time.Hour)); !errors.Is(err, awards.ErrVoteClosed) {
		t.Errorf("after the deadline: %v", err)
	}
	got, err := awards.GetVote(ctx, kv, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Ballots != 5 || len(got.Voted) != 5 || got.Tally[0] != 3 || got.Tally[1] != 1 || got.Tally[2] != 1 {
		t.Errorf("poll = %+v", got)
	}
	if got.Voted[0] != "a" || got.Voted[4] != "e" {
		t.Errorf("voted units not sorted: %v", got.Voted)
	}
	// 3 of 6 members (50%) and 3 of 5 voters (60%).
	for _, tc := range []struct {
		rule          awards.Vote
		elected, tied []string
	}{
		{awards.Vote{Threshold: 50, Of: awards.OfMembers}, []string{"a"}, nil},
		{awards.Vote{Threshold: 60, Of: awards.OfMembers}, nil, nil},
		{awards.Vote{Threshold: 60, Of: awards.OfVoting}, []string{"a"}, nil},
		// 2 slots, 3 pass: b and c have 1 vote each across the cut line,
		// so neither is elected and the result names both.
		{awards.Vote{Threshold: 20, Of: awards.OfVoting}, []string{"a"}, []string{"b", "c"}},
		{awards.Vote{Threshold: 50, Of: awards.OfMembers, Quorum: 90}, nil, nil},
	} {
		r := got.Result(&awards.Award{Vote: tc.rule})
		if !slices.Equal(r.Elected, tc.elected) || !slices.Equal(r.Tied, tc.tied) {
			t.Errorf("%+v: elected %v tied %v, want %v %v", tc.rule, r.Elected, r.Tied, tc.elected, tc.tied)
		}
		if len(tc.tied) > 0 && (r.TieVotes != 1 || r.TieSlots != 1) {
			t.Errorf("%+v: tie at %d votes for %d slots, want 1 for 1", tc.rule, r.TieVotes, r.TieSlots)
		}
	}
	p2, closed, err := awards.Close(ctx, kv, p.ID, now.Add(3*time.Hour))
	if err != nil || !closed || !p2.Closed.Equal(now.Add(time.Hour)) {
		t.Errorf("close: %v %v %v", p2.Closed, closed, err)
	}
	if _, closed, _ := awards.Close(ctx, kv, p.ID, now.Add(4*time.Hour)); closed {
		t.Error("closed twice")
	}
}
