package bot

import (
	"context"
	"math"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the transport's instruments, registered on Deps.Metrics.
type metrics struct {
	updates    prometheus.Counter // new updates accepted
	duplicates prometheus.Counter // redeliveries recognised and skipped
	handled    prometheus.Counter
	panics     prometheus.Counter
	sent       prometheus.Counter // Bot API calls that succeeded
	failed     prometheus.Counter // calls given up (after retries where allowed)
	retries    prometheus.Counter
	tooMany    prometheus.Counter // 429 answers
	unknown    prometheus.Counter // sends of unknown outcome
	blocked    prometheus.Counter // 403 answers
	notices    prometheus.Counter // outage notices sent
	refused    prometheus.Counter // updates the store could not queue (fetched again later)
	telegramUp prometheus.Gauge
	handler    *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer, b *Bot) metrics {
	counter := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	}
	m := metrics{
		updates:    counter("thiduabot_updates_total", "New Telegram updates accepted."),
		duplicates: counter("thiduabot_updates_duplicate_total", "Redelivered updates recognised and skipped."),
		handled:    counter("thiduabot_updates_handled_total", "Updates handled to the end."),
		panics:     counter("thiduabot_handler_panics_total", "Handlers that panicked (recovered)."),
		sent:       counter("thiduabot_telegram_calls_total", "Bot API calls that succeeded."),
		failed:     counter("thiduabot_telegram_failures_total", "Bot API calls given up."),
		retries:    counter("thiduabot_telegram_retries_total", "Bot API calls retried (5xx, network, 429)."),
		tooMany:    counter("thiduabot_telegram_429_total", "Too Many Requests answers."),
		unknown:    counter("thiduabot_telegram_unknown_outcome_total", "Sends whose outcome is unknown (not repeated)."),
		blocked:    counter("thiduabot_telegram_blocked_total", "Sends refused because the user blocked the bot."),
		notices:    counter("thiduabot_outage_notices_total", "Messages telling a person that the store is unreachable and nothing was recorded."),
		refused:    counter("thiduabot_updates_unqueued_total", "Updates the store could not queue (left at Telegram, fetched or redelivered later)."),
		telegramUp: prometheus.NewGauge(prometheus.GaugeOpts{Name: "thiduabot_telegram_up",
			Help: "1 when the last Bot API exchange got an answer, 0 when Telegram could not be reached."}),
		handler: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "thiduabot_handler_seconds",
			Help:    "Time to handle one update, replies included, by command (/name), button (button:prefix) or text.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"command"}),
	}
	m.telegramUp.Set(1)
	open := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "thiduabot_conversations_open",
		Help: "Private chats in the middle of a conversation (a report being entered, a meeting being scheduled, …)."},
		func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			items, err := b.kv.List(ctx, bucketConv, "")
			if err != nil {
				return math.NaN()
			}
			return float64(len(items))
		})
	audit := prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "thiduabot_audit_failures_total",
		Help: "Audit log entries that could not be written (the change they describe was made)."},
		func() float64 { return float64(b.members.AuditFailures()) })
	if reg != nil {
		reg.MustRegister(m.updates, m.duplicates, m.handled, m.panics, m.sent, m.failed, m.retries, m.tooMany,
			m.unknown, m.blocked, m.notices, m.refused, m.telegramUp, m.handler, open, audit)
	}
	return m
}

// timed wraps the handling of an update to observe its latency under the
// label of what it is: a registered command, a registered button prefix, or
// text (labels stay bounded whatever people type).
func (b *Bot) timed(handle func(context.Context, item)) func(context.Context, item) {
	return func(ctx context.Context, it item) {
		start := b.clock.Now()
		handle(ctx, it)
		b.metrics.handler.WithLabelValues(b.label(it)).Observe(b.clock.Now().Sub(start).Seconds())
	}
}

func (b *Bot) label(it item) string {
	u := it.upd
	b.mu.RLock()
	defer b.mu.RUnlock()
	switch {
	case u.Message != nil:
		if cmd, ok := ParseCommand(u.Message.Text); ok {
			if _, known := b.commands[cmd.Name]; known {
				return "/" + cmd.Name
			}
			return "/other"
		}
		return "text"
	case u.CallbackQuery != nil:
		if d, ok := ParseData(u.CallbackQuery.Data); ok {
			if _, known := b.callbacks[d.Prefix]; known {
				return "button:" + d.Prefix
			}
		}
		return "button:other"
	}
	return "other"
}
