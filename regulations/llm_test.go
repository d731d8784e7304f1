package regulations

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fakeChat is an OpenAI-compatible chat completions server that records
// the request and answers with reply (or status when not 200).
func fakeChat(t *testing.T, status int, reply string) (*httptest.Server, *chatRequest) {
	t.Helper()
	var got chatRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer secret" {
			http.Error(w, "bad path or key", http.StatusUnauthorized)
			return
		}
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if status != http.StatusOK {
			http.Error(w, "overloaded", status)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]string{"role": "assistant", "content": reply}}}})
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func TestGround(t *testing.T) {
	ix := builtinIndex(t)
	a := ix.Ask("hồ sơ đề nghị khen thưởng gồm gì", 2)
	if len(a.Passages) == 0 {
		t.Fatal("no passages")
	}
	tests := []struct {
		name      string
		status    int
		reply     string
		generated bool
		err       error
	}{
		{"grounded", 200, "Hồ sơ gồm tờ trình, báo cáo thành tích và biên bản bình xét [1] theo Điều 84 Luật Thi đua, khen thưởng 06/2022/QH15.", true, nil},
		{"cites nothing", 200, "Hồ sơ gồm tờ trình và báo cáo thành tích.", false, ErrUngrounded},
		{"cites a passage that does not exist", 200, "Xem [7].", false, ErrUngrounded},
		{"names an article not retrieved", 200, "Theo Điều 99 [1], hồ sơ gồm tờ trình.", false, ErrUngrounded},
		{"names a document not retrieved", 200, "Theo Thông tư 12/2019/TT-BNV [1], hồ sơ gồm tờ trình.", false, ErrUngrounded},
		{"declines", 200, noBasis, false, ErrUngrounded},
		{"server error", 503, "", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, req := fakeChat(t, tt.status, tt.reply)
			llm := LLMFromEnv(func(k string) string {
				return map[string]string{"LLM_API_URL": srv.URL + "/v1", "LLM_MODEL": "m1", "LLM_API_KEY": "secret"}[k]
			}, srv.Client())
			got, err := Ground(context.Background(), llm, a)
			if (got.Generated != "") != tt.generated {
				t.Errorf("Generated = %q, want generated %v", got.Generated, tt.generated)
			}
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("err = %v, want %v", err, tt.err)
			}
			if tt.status != 200 && err == nil {
				t.Error("server error not reported")
			}
			if len(got.Passages) != len(a.Passages) {
				t.Error("extractive passages lost on fallback")
			}
			if req.Model != "m1" || len(req.Messages) != 2 || !strings.Contains(req.Messages[1].Content, a.Passages[0].Citation) {
				t.Errorf("request = %+v", req)
			}
		})
	}
}

func TestLLMFromEnvOffByDefault(t *testing.T) {
	if l := LLMFromEnv(func(string) string { return "" }, nil); l != nil {
		t.Errorf("LLMFromEnv without settings = %+v, want nil", l)
	}
	if l := NewLLM("https://x/v1/chat/completions", "m", "k", nil); l.URL != "https://x/v1/chat/completions" {
		t.Errorf("URL = %q", l.URL)
	}
}
