package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/thiduabot/thiduabot/store"
)

// Conversation is the state of a multi-step flow in a private chat. It is
// stored, so a flow resumes where it was after a restart.
type Conversation struct {
	Flow    string          `json:"flow"` // "" when no flow is active
	Step    string          `json:"step"`
	Data    json.RawMessage `json:"data,omitempty"`
	Updated time.Time       `json:"updated"`
}

// Decode unmarshals Data into v (leaving v alone when Data is empty).
func (c Conversation) Decode(v any) error {
	if len(c.Data) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.Data, v); err != nil {
		return fmt.Errorf("decode %s conversation data: %w", c.Flow, err)
	}
	return nil
}

// Encode sets Data from v.
func (c *Conversation) Encode(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s conversation data: %w", c.Flow, err)
	}
	c.Data = b
	return nil
}

func (b *Bot) conversation(ctx context.Context, chat int64) (Conversation, error) {
	raw, err := b.kv.Get(ctx, bucketConv, strconv.FormatInt(chat, 10))
	if errors.Is(err, store.ErrNotFound) {
		return Conversation{}, nil
	}
	if err != nil {
		return Conversation{}, fmt.Errorf("load conversation %d: %w", chat, err)
	}
	var c Conversation
	if err := json.Unmarshal(raw, &c); err != nil {
		return Conversation{}, fmt.Errorf("decode conversation %d: %w", chat, err)
	}
	return c, nil
}

func (b *Bot) endConversation(ctx context.Context, chat int64) error {
	if err := b.kv.Delete(ctx, bucketConv, strconv.FormatInt(chat, 10)); err != nil {
		return fmt.Errorf("end conversation %d: %w", chat, err)
	}
	return nil
}

// Conversation returns the chat's active flow (Flow is "" when none).
func (r *Request) Conversation(ctx context.Context) (Conversation, error) {
	return r.bot.conversation(ctx, r.Chat)
}

// SetConversation stores the chat's flow state (durably, before returning).
func (r *Request) SetConversation(ctx context.Context, c Conversation) error {
	c.Updated = r.bot.clock.Now()
	raw, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode conversation: %w", err)
	}
	if err := r.bot.kv.Put(ctx, bucketConv, strconv.FormatInt(r.Chat, 10), raw); err != nil {
		return fmt.Errorf("save conversation %d: %w", r.Chat, err)
	}
	return nil
}

// EndConversation ends the chat's flow.
func (r *Request) EndConversation(ctx context.Context) error {
	return r.bot.endConversation(ctx, r.Chat)
}

// EndConversationIn ends the chat's flow inside tx, so that it ends with
// the records the flow's last step writes in the same transaction.
func (r *Request) EndConversationIn(tx store.Tx) error {
	if err := tx.Delete(bucketConv, strconv.FormatInt(r.Chat, 10)); err != nil {
		return fmt.Errorf("end conversation %d: %w", r.Chat, err)
	}
	return nil
}
