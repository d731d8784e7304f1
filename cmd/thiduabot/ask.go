package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/thiduabot/thiduabot/bot/qa"
	"github.com/thiduabot/thiduabot/configfile"
	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/regulations"
)

// runAsk answers one regulation question from the built-in knowledge base,
// plus the documents of --corpus. Finding nothing confident is an answer
// (the honest "chưa tìm thấy"), not an error: exit 0.
func runAsk(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "ask", "ask [--json] [-k N] [--corpus THƯ_MỤC] CÂU_HỎI")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), msg.RegAskUsage)
		fs.PrintDefaults()
	}
	asJSON := fs.Bool("json", false, "in kết quả dạng JSON / print JSON")
	k := fs.Int("k", 3, "số đoạn trích tối đa / maximum passages")
	corpus := fs.String("corpus", "", "thư mục văn bản bổ sung (.txt, .md, .docx) / extra documents folder")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	question := strings.TrimSpace(strings.Join(fs.Args(), " "))
	switch {
	case *k < 1:
		fmt.Fprintln(e.stderr, msg.RegAskBadK)
		return 2
	case question == "":
		fmt.Fprintln(e.stderr, msg.RegAskNoQuestion)
		fs.Usage()
		return 2
	}
	lib, err := regulations.Builtin()
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot ask: %v\n", err)
		return 1
	}
	if *corpus != "" {
		if _, err := os.Stat(*corpus); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot ask: --corpus: %v\n", err)
			return 2
		}
		if _, err := lib.AddDir(*corpus); err != nil {
			var ps configfile.Problems
			if !errors.As(err, &ps) {
				fmt.Fprintf(e.stderr, "thiduabot ask: %v\n", err)
				return 1
			}
			// Unusable files are skipped; the others still answer.
			for _, p := range ps {
				fmt.Fprintln(e.stderr, msg.RegCorpusProblem(p.String()))
			}
		}
	}
	ix := regulations.NewIndex(lib)
	ans := ix.Ask(question, *k)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(ans); err != nil {
			fmt.Fprintf(e.stderr, "thiduabot ask: %v\n", err)
			return 1
		}
		return 0
	}
	if llm := regulations.LLMFromEnv(e.getenv, &http.Client{Timeout: 30 * time.Second}); llm != nil {
		var gerr error
		if ans, gerr = regulations.Ground(ctx, llm, ans); gerr != nil {
			fmt.Fprintf(e.stderr, "thiduabot ask: %s: %v\n", msg.RegLLMFallback, gerr)
		}
	}
	// The operator reads what an administrator reads in a chat.
	fmt.Fprintln(e.stdout, qa.Render(ix, ans, qa.Admin))
	return 0
}
