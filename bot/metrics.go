package bot

import (
	"fmt"
	"io"
	"sync/atomic"
)

// metrics are the transport's counters, for /metrics.
type metrics struct {
	updates    atomic.Int64 // new updates accepted
	duplicates atomic.Int64 // redeliveries recognised and skipped
	handled    atomic.Int64
	panics     atomic.Int64
	sent       atomic.Int64 // Bot API calls that succeeded
	failed     atomic.Int64 // calls given up (after retries where allowed)
	retries    atomic.Int64
	tooMany    atomic.Int64 // 429 answers
	unknown    atomic.Int64 // sends of unknown outcome
	blocked    atomic.Int64 // 403 answers
}

// WriteMetrics writes the transport's counters in the Prometheus text format.
func (b *Bot) WriteMetrics(w io.Writer) error {
	m := &b.metrics
	for _, c := range []struct {
		name, help string
		v          int64
	}{
		{"thiduabot_updates_total", "New Telegram updates accepted.", m.updates.Load()},
		{"thiduabot_updates_duplicate_total", "Redelivered updates recognised and skipped.", m.duplicates.Load()},
		{"thiduabot_updates_handled_total", "Updates handled to the end.", m.handled.Load()},
		{"thiduabot_handler_panics_total", "Handlers that panicked (recovered).", m.panics.Load()},
		{"thiduabot_telegram_calls_total", "Bot API calls that succeeded.", m.sent.Load()},
		{"thiduabot_telegram_failures_total", "Bot API calls given up.", m.failed.Load()},
		{"thiduabot_telegram_retries_total", "Bot API calls retried (5xx, network, 429).", m.retries.Load()},
		{"thiduabot_telegram_429_total", "Too Many Requests answers.", m.tooMany.Load()},
		{"thiduabot_telegram_unknown_outcome_total", "Sends whose outcome is unknown (not repeated).", m.unknown.Load()},
		{"thiduabot_telegram_blocked_total", "Sends refused because the user blocked the bot.", m.blocked.Load()},
		{"thiduabot_audit_failures_total", "Audit log entries that could not be written (the change was made).", b.members.AuditFailures()},
	} {
		if _, err := fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", c.name, c.help, c.name, c.name, c.v); err != nil {
			return err
		}
	}
	return nil
}
