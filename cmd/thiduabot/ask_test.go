package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/bot/bottest"
	"github.com/thiduabot/thiduabot/bot/qa"
	"github.com/thiduabot/thiduabot/telegramtest"
)

type askJSON struct {
	Question string `json:"question"`
	Answers  []struct {
		Doc     string  `json:"doc"`
		Title   string  `json:"title"`
		Article string  `json:"article"`
		Clause  string  `json:"clause"`
		Part    string  `json:"part"`
		Score   float64 `json:"score"`
		Status  string  `json:"status"`
		Text    string  `json:"text"`
	} `json:"answers"`
}

func ask(t *testing.T, args ...string) (askJSON, result) {
	t.Helper()
	r := runMain(t, nil, "", append([]string{"ask", "--json"}, args...)...)
	var got askJSON
	if r.code == 0 {
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatalf("ask output is not JSON: %v\n%s", err, r.stdout)
		}
	}
	return got, r
}

func TestAskJSON(t *testing.T) {
	got, r := ask(t, "-k", "2", "ho so de nghi khen thuong gom nhung gi")
	if r.code != 0 || len(got.Answers) == 0 || len(got.Answers) > 2 {
		t.Fatalf("ask: %+v\n%s", got, r.stderr)
	}
	if a := got.Answers[0]; a.Doc != "06/2022/QH15" || a.Article != "Điều 84" || a.Status == "" {
		t.Errorf("best answer = %+v; want Điều 84 of 06/2022/QH15", a)
	}
	got, r = ask(t, "giá vé máy bay đi Đà Nẵng")
	if r.code != 0 || got.Answers == nil || len(got.Answers) != 0 {
		t.Errorf("off-topic question: code %d, %+v; want exit 0 and an empty answers list", r.code, got)
	}
	if r := runMain(t, nil, "", "ask"); r.code != 2 {
		t.Errorf("ask without a question: code %d", r.code)
	}
}

func TestAskCorpusCitesRealText(t *testing.T) {
	corpus := filepath.Join(repoRoot(t), "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("../shared/corpus is required in CI: %v", err)
		}
		t.Skipf("no ../shared/corpus beside the repository: %v", err)
	}
	got, r := ask(t, "--corpus", corpus, "Cờ thi đua của Ủy ban nhân dân tỉnh Bắc Ninh tặng cho tập thể nào")
	if r.code != 0 || len(got.Answers) == 0 {
		t.Fatalf("ask --corpus: %+v\n%s", got, r.stderr)
	}
	var cited bool
	for _, a := range got.Answers {
		if strings.Contains(a.Doc, "86/2025") {
			cited = true
		}
	}
	if !cited {
		t.Errorf("answers do not cite QĐ 86/2025 of Bắc Ninh: %+v", got.Answers)
	}
}

// `ask` without --json prints the answer an administrator gets in a chat
// for the same question (the operator can add texts, as an administrator can).
func TestAskPrintsTheChatAnswer(t *testing.T) {
	for _, q := range []string{"tieu chuan tap the lao dong xuat sac", "giá vé máy bay đi Đà Nẵng", "người lao động hợp đồng có được xét không"} {
		r := runMain(t, nil, "", "ask", q)
		if r.code != 0 {
			t.Fatalf("ask %q: code %d\n%s", q, r.code, r.stderr)
		}
		h := bottest.New(t, bottest.Options{
			Org: bottest.SmallOrg(t), Admins: []int64{77},
			Setup: func(h *bottest.H, b *bot.Bot) {
				f, err := qa.New(context.Background(), qa.Deps{Store: h.KV, Log: h.Log, Clock: h.Clock})
				if err != nil {
					t.Fatal(err)
				}
				f.Register(b)
			},
		})
		chat := bottest.Plain(h.Say(telegramtest.User{ID: 77, FirstName: "Khách"}, q))
		if strings.TrimSpace(r.stdout) != strings.TrimSpace(chat) {
			t.Errorf("ask %q prints\n%s\nbut the chat answers\n%s", q, r.stdout, chat)
		}
	}
}
