package regulations

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// Composer writes a short answer from retrieved passages. Ground is its
// only consumer; LLM is the implementation over an OpenAI-compatible API.
type Composer interface {
	Compose(ctx context.Context, question string, ps []Passage) (string, error)
}

// LLM calls an OpenAI-compatible chat completions endpoint. It is optional:
// nothing uses it unless LLM_API_URL, LLM_MODEL and LLM_API_KEY are set.
type LLM struct {
	URL    string // the endpoint, ".../chat/completions"
	Model  string
	APIKey string
	HTTP   *http.Client
}

// NewLLM returns a client for baseURL (either the API root such as
// "https://api.example.com/v1" or the full chat completions URL). hc must
// carry a timeout; nil means http.DefaultClient.
func NewLLM(baseURL, model, apiKey string, hc *http.Client) *LLM {
	u := strings.TrimRight(baseURL, "/")
	if !strings.HasSuffix(u, "/chat/completions") {
		u += "/chat/completions"
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	return &LLM{URL: u, Model: model, APIKey: apiKey, HTTP: hc}
}

// LLMFromEnv returns the configured client, or nil when any of
// LLM_API_URL, LLM_MODEL, LLM_API_KEY is unset (generation is off).
func LLMFromEnv(getenv func(string) string, hc *http.Client) *LLM {
	u, m, k := getenv("LLM_API_URL"), getenv("LLM_MODEL"), getenv("LLM_API_KEY")
	if u == "" || m == "" || k == "" {
		return nil
	}
	return NewLLM(u, m, k, hc)
}

// noBasis is what the model is told to answer when the passages do not
// answer the question; such a reply is never shown.
const noBasis = "KHÔNG ĐỦ CĂN CỨ"

const systemPrompt = `Bạn là trợ lý trả lời câu hỏi về quy định thi đua, khen thưởng.
Chỉ dùng các đoạn trích được cung cấp, không dùng kiến thức khác, không suy đoán.
Trả lời bằng tiếng Việt, tối đa 5 câu, mỗi ý ghi nguồn dạng [1], [2] theo số thứ tự đoạn trích.
Không nêu số văn bản hay số điều nào không có trong các đoạn trích.
Nếu các đoạn trích không trả lời được câu hỏi, chỉ trả lời đúng: ` + noBasis

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model       string        `json:"model"`
	Messages    []chatMessage `json:"messages"`
	Temperature float64       `json:"temperature"`
}

type chatResponse struct {
	Choices []struct {
		Message chatMessage `json:"message"`
	} `json:"choices"`
}

// Compose asks the model for a short answer grounded in ps.
func (l *LLM) Compose(ctx context.Context, question string, ps []Passage) (string, error) {
	var b strings.Builder
	for i, p := range ps {
		fmt.Fprintf(&b, "[%d] %s (%s)\n%s\n\n", i+1, p.Citation, p.Status, p.Text)
	}
	b.WriteString("Câu hỏi: " + question)
	body, err := json.Marshal(chatRequest{
		Model:       l.Model,
		Temperature: 0,
		Messages:    []chatMessage{{"system", systemPrompt}, {"user", b.String()}},
	})
	if err != nil {
		return "", fmt.Errorf("encode chat request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.URL, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("chat request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+l.APIKey)
	resp, err := l.HTTP.Do(req)
	if err != nil {
		return "", fmt.Errorf("chat completions: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("read chat completions reply: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("chat completions: HTTP %d: %.200s", resp.StatusCode, data)
	}
	var cr chatResponse
	if err := json.Unmarshal(data, &cr); err != nil {
		return "", fmt.Errorf("decode chat completions reply: %w", err)
	}
	if len(cr.Choices) == 0 {
		return "", errors.New("chat completions: no choices")
	}
	return strings.TrimSpace(cr.Choices[0].Message.Content), nil
}

// ErrUngrounded is returned by Ground when the model's reply cites nothing
// that was retrieved, cites something that was not, or declines.
var ErrUngrounded = errors.New("reply is not grounded in the retrieved passages")

var (
	reRefMark = regexp.MustCompile(`\[(\d+)\]`)
	reArticle = regexp.MustCompile(`(?i)điều\s+(\d+)`)
)

// Ground asks c for a short answer composed from a's passages and keeps it
// only when it is grounded: it cites at least one retrieved passage by
// its [n] mark, cites no passage that does not exist, and names no article
// or document number that was not retrieved. Otherwise a is returned
// unchanged with the reason, and the caller shows the extractive answer.
func Ground(ctx context.Context, c Composer, a Answer) (Answer, error) {
	if c == nil || len(a.Passages) == 0 {
		return a, nil
	}
	reply, err := c.Compose(ctx, a.Question, a.Passages)
	if err != nil {
		return a, err
	}
	if reply == "" || strings.Contains(reply, noBasis) {
		return a, ErrUngrounded
	}
	marks := reRefMark.FindAllStringSubmatch(reply, -1)
	if len(marks) == 0 {
		return a, ErrUngrounded
	}
	for _, m := range marks {
		n, err := strconv.Atoi(m[1])
		if err != nil || n < 1 || n > len(a.Passages) {
			return a, ErrUngrounded
		}
	}
	articles, docs := map[string]bool{}, map[string]bool{}
	for _, p := range a.Passages {
		articles[p.ArticleNo] = true
		docs[DocKey(p.Doc)] = true
		for _, m := range reArticle.FindAllStringSubmatch(p.Text, -1) {
			articles[m[1]] = true
		}
		for _, k := range docKeys(Fold(p.Text)) {
			docs[k] = true
		}
	}
	for _, m := range reArticle.FindAllStringSubmatch(reply, -1) {
		if !articles[m[1]] {
			return a, ErrUngrounded
		}
	}
	for _, k := range docKeys(Fold(reply)) {
		if !docs[k] {
			return a, ErrUngrounded
		}
	}
	a.Generated = reply
	return a, nil
}
