package main

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/configdir"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/webapp"
)

// appURL is the Mini App's address: PUBLIC_URL, or in webhook mode the
// webhook's origin, followed by /app/; "" turns the Mini App off. Telegram
// opens only HTTPS pages (plain HTTP is accepted for a loopback host, to try
// it locally).
func (r *runSettings) appURL() (string, error) {
	base := strings.TrimSpace(r.publicURL)
	if base == "" && r.webhookURL != "" {
		u, err := url.Parse(r.webhookURL)
		if err != nil {
			return "", fmt.Errorf("WEBHOOK_URL %q: %w", r.webhookURL, err)
		}
		base = u.Scheme + "://" + u.Host
	}
	if base == "" {
		return "", nil
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		return "", fmt.Errorf("PUBLIC_URL %q phải là địa chỉ https://… / must be an https:// URL", base)
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/") + "/app/", nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// wireWebApp serves the Mini App under /app/ on mux, with the figures the
// bot shows in chat.
func wireWebApp(mux *http.ServeMux, b *bot.Bot, r *runSettings, cfg *configdir.Config, kv store.KV, e *env, admins []int64, w *wiring) error {
	loc := rankLocation(cfg, e)
	s, err := webapp.New(webapp.Deps{Token: r.token, Org: cfg.Org, Members: b.Members(), Admins: admins,
		Ranker: newRanker(cfg, kv, e.clock, loc), Sector: newSectorSource(cfg, kv, loc),
		Clock: e.clock, Location: loc, Log: w.log})
	if err != nil {
		return err
	}
	mux.Handle("/app/", s)
	return nil
}
