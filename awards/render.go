package awards

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/vi"
)

// VoteRule is the award's vote rule in words.
func (a *Award) VoteRule() string {
	rule := fmt.Sprintf(msg.AwardVoteMembers, vi.Number(a.Vote.Threshold, 2))
	if a.Vote.Of == OfVoting {
		rule = fmt.Sprintf(msg.AwardVoteVoting, vi.Number(a.Vote.Threshold, 2))
	}
	if a.Vote.Quorum > 0 {
		rule += fmt.Sprintf(msg.AwardVoteQuorum, vi.Number(a.Vote.Quorum, 2))
	}
	return rule
}

// Status is the candidate's eligibility in words.
func (c *Candidate) Status() string {
	if c.Eligible {
		return msg.AwardEligible
	}
	return fmt.Sprintf(msg.AwardNotEligible, strings.Join(c.Reasons, "; "))
}

// RankText is the rank, or "–" without data.
func (c *Candidate) RankText() string {
	if c.Rank == 0 {
		return msg.AwardNoRank
	}
	return fmt.Sprint(c.Rank)
}

// WriteText writes the season as the CLI prints it.
func WriteText(w io.Writer, s *Season) {
	fmt.Fprintf(w, msg.AwardSeasonHead+"\n", s.Year, s.Cluster.Name)
	fmt.Fprintf(w, msg.AwardSeasonMonths+"\n", len(s.Months), s.Year, len(s.Months))
	for _, ar := range s.Awards {
		fmt.Fprintln(w)
		fmt.Fprintf(w, msg.AwardHead+"\n", ar.Award.Name, ar.Award.Slots, ar.Award.VoteRule())
		fmt.Fprintln(w, msg.AwardColumns)
		for _, c := range ar.Candidates {
			fmt.Fprintf(w, "%4s  %s  %9s  %s\n", c.RankText(), pad(c.Name, 30), vi.Fixed(c.Total, 2), c.Status())
		}
		if len(ar.Nominees) == 0 {
			fmt.Fprintln(w, msg.AwardNoNominees)
		} else {
			names := make([]string, len(ar.Nominees))
			for i, n := range ar.Nominees {
				names[i] = unitName(&ar, n)
			}
			fmt.Fprintf(w, msg.AwardNominees+"\n", strings.Join(names, ", "))
		}
		if len(ar.Warnings) > 0 {
			fmt.Fprintln(w, msg.AwardWarningsHead)
			for _, wn := range ar.Warnings {
				fmt.Fprintf(w, "- %s\n", wn.Text)
			}
		}
	}
}

func pad(s string, n int) string {
	if k := utf8.RuneCountInString(s); k < n {
		return s + strings.Repeat(" ", n-k)
	}
	return s
}
