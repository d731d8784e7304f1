package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/vi"
)

// Where the running bot records the username it learnt from getMe, so the
// CLI can print deep links without TELEGRAM_BOT_USERNAME.
const (
	metaBucket      = "meta"
	metaBotUsername = "bot_username"
)

// runInvite creates a single-use invite code for a unit and role.
func runInvite(ctx context.Context, e *env, args []string) int {
	var s settings
	fs := newFlags(e, "invite", msg.InviteCLISynopsis)
	s.addConfigFlag(e, fs)
	s.addStoreFlags(e, fs)
	s.addTZFlag(e, fs)
	unit := fs.String("unit", "", msg.InviteCLIFlagUnit)
	role := fs.String("role", "", msg.InviteCLIFlagRole)
	asJSON := fs.Bool("json", false, msg.InviteCLIFlagJSON)
	ttl := fs.Duration("ttl", org.DefaultInviteTTL, msg.InviteCLIFlagTTL)
	botName := fs.String("bot-username", e.getenv("TELEGRAM_BOT_USERNAME"), msg.InviteCLIFlagBotName)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	r, err := org.ParseRole(*role)
	if err != nil || fs.NArg() > 0 || (*unit == "" && r != org.RoleAdmin) {
		fs.Usage()
		return 2
	}
	cfg, ok := s.configOrReport(e, "invite")
	if !ok {
		return 1
	}
	if r != org.RoleAdmin {
		if _, _, ok := cfg.Org.Unit(*unit); !ok {
			fmt.Fprintln(e.stderr, fmt.Sprintf(msg.InviteCLIUnknownUnit, *unit))
			return 1
		}
	}
	loc, err := s.location()
	if err != nil {
		fmt.Fprintf(e.stderr, "thiduabot invite: %v\n", err)
		return 1
	}
	remote := func() ([]string, io.Reader, io.Writer) { return append([]string{"invite"}, args...), nil, e.stdout }
	return withStore(ctx, e, &s, remote, func(kv store.KV) int {
		inv, err := org.NewInvites(kv, cfg.Org, e.clock).Create(ctx, org.InviteRequest{Role: r, Unit: *unit, TTL: *ttl})
		if err != nil {
			fmt.Fprintf(e.stderr, "thiduabot invite: %v\n", err)
			return 1
		}
		name := *botName
		if name == "" {
			if b, err := kv.Get(ctx, metaBucket, metaBotUsername); err == nil {
				name = string(b)
			} else if !errors.Is(err, store.ErrNotFound) {
				fmt.Fprintf(e.stderr, "thiduabot invite: %v\n", err)
				return 1
			}
		}
		var link *string
		if l := inv.Link(name); l != "" {
			link = &l
		}
		if *asJSON {
			out, _ := json.Marshal(struct {
				Code    string    `json:"code"`
				Link    *string   `json:"link"`
				Unit    string    `json:"unit"`
				Role    org.Role  `json:"role"`
				Expires time.Time `json:"expires"`
			}{inv.Code, link, inv.Unit, inv.Role, inv.Expires.In(loc)})
			fmt.Fprintln(e.stdout, string(out))
			return 0
		}
		who := msg.RoleName(string(inv.Role))
		if u, _, ok := cfg.Org.Unit(inv.Unit); ok {
			who += fmt.Sprintf(msg.InviteCLIUnit, u.Name)
		}
		fmt.Fprintln(e.stdout, fmt.Sprintf(msg.InviteCLICode, inv.Code, who, vi.DateTime(inv.Expires.In(loc))))
		if link != nil {
			fmt.Fprintln(e.stdout, fmt.Sprintf(msg.InviteCLILink, *link))
		} else {
			fmt.Fprintln(e.stdout, fmt.Sprintf(msg.InviteCLIStart, inv.Code))
		}
		return 0
	})
}
