package main

import (
	"context"
	"net/http"
	"time"

	"github.com/thiduabot/thiduabot/bot/qa"
	"github.com/thiduabot/thiduabot/regulations"
)

// wireQA registers regulation Q&A: /hoi, plain private text (open to anyone
// unless org.yaml says "qa: members"), document uploads.
func wireQA(ctx context.Context, w *wiring) error {
	d := qa.Deps{Store: w.kv, Log: w.log, Dir: w.cfg.RegulationsDir, Clock: w.clock,
		MembersOnly: w.cfg.Org.QAMembersOnly(), Abstained: w.ops.abstain}
	if llm := regulations.LLMFromEnv(w.env.getenv, &http.Client{Timeout: 30 * time.Second}); llm != nil {
		d.Composer = llm
	}
	f, err := qa.New(ctx, d)
	if err != nil {
		return err
	}
	f.Register(w.bot)
	return nil
}
