package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/thiduabot/thiduabot/msg"
	"github.com/thiduabot/thiduabot/org"
	"github.com/thiduabot/thiduabot/vi"
)

func (b *Bot) registerBuiltins() {
	b.addCommand(&command{name: "start", public: true, h: b.cmdStart,
		help: []helpLine{{form: "start", guest: true}}})
	b.addCommand(&command{name: "help", public: true, group: true, h: b.cmdHelp})
	b.addCommand(&command{name: "id", public: true, group: true, h: b.cmdID})
	b.addCommand(&command{name: "huy", roles: org.Registered, h: b.cmdCancel})
	b.Command("moi", org.ActionRoles(org.ActInvite), b.cmdInvite)
	b.Callback("moi", org.ActionRoles(org.ActInvite), b.cbInvite)
	b.Command("thanhvien", org.ActionRoles(org.ActMembers), b.cmdMembers)
	b.Callback("tv", org.ActionRoles(org.ActMembers), b.cbMembers)
}

// menu is the command list for setMyCommands in a language ("" = Vietnamese).
func (b *Bot) menu(lang string) []models.BotCommand {
	var out []models.BotCommand
	for _, name := range b.helpOrder() {
		if name == "start" {
			continue
		}
		v, e, ok := msg.CommandInfo(name)
		if !ok {
			v, e = name, name
		}
		d := v
		if lang == "en" {
			d = e
		}
		out = append(out, models.BotCommand{Command: name, Description: d})
	}
	return out
}

// helpOrder lists registered commands: features in product order, then the
// rest in registration order, with /huy and /help last.
func (b *Bot) helpOrder() []string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	var out []string
	for _, a := range org.Actions() {
		if _, ok := b.commands[string(a)]; ok {
			out = append(out, string(a))
		}
	}
	for _, n := range b.order {
		if !slices.Contains(out, n) && n != "huy" && n != "help" {
			out = append(out, n)
		}
	}
	return append(out, "huy", "help")
}

func (b *Bot) scopeText(m org.Member) string {
	switch {
	case m.Role == org.RoleAdmin:
		return ""
	case m.Unit != "":
		u, cl, ok := b.cfg.Org.Unit(m.Unit)
		if ok {
			return HTML(" – %s, %s", u.Name, cl.Name)
		}
	case m.Cluster != "":
		if cl, ok := b.cfg.Org.Cluster(m.Cluster); ok {
			return HTML(" – %s", cl.Name)
		}
	}
	return ""
}

func (b *Bot) unitName(id string) string {
	if u, _, ok := b.cfg.Org.Unit(id); ok {
		return u.Name
	}
	return id
}

// helpText lists what the person may do, one line per command or command
// form, worded for their role; people not yet registered see how to join.
func (b *Bot) helpText(m org.Member, registered bool) string {
	var lines []string
	role := ""
	if registered {
		role = string(m.Role)
		lines = append(lines, fmt.Sprintf(msg.BotHelpHeader, Escape(msg.RoleName(role)), b.scopeText(m)))
	} else {
		lines = append(lines, msg.BotHelpGuest)
	}
	b.mu.RLock()
	cmds := b.commands
	b.mu.RUnlock()
	for _, name := range b.helpOrder() {
		c := cmds[name]
		if c == nil {
			continue
		}
		for _, l := range c.helpLines() {
			if (registered && l.roles.Has(m.Role)) || (!registered && l.guest) {
				lines = append(lines, "/"+Escape(l.form)+" – "+Escape(msg.CommandHelp(l.form, role)))
			}
		}
	}
	if registered {
		lines = append(lines, "", msg.BotHelpFooter)
	}
	return strings.Join(lines, "\n")
}

// helpLines are the command's lines in /help.
func (c *command) helpLines() []helpLine {
	if len(c.help) > 0 {
		return c.help
	}
	if c.public {
		return []helpLine{{form: c.name, roles: org.Registered, guest: true}}
	}
	return []helpLine{{form: c.name, roles: c.roles}}
}

// cmdID tells anyone their Telegram user id (what ADMIN_IDS takes; an
// administrator is told they are one already) and, in a group, the group's
// chat id (what org.yaml's group_chat_id takes).
func (b *Bot) cmdID(ctx context.Context, r *Request) error {
	switch {
	case r.Private && r.Registered && r.Member.Role == org.RoleAdmin:
		return r.ReplyHTML(ctx, msg.BotIDAdmin, r.User.ID)
	case r.Private:
		return r.ReplyHTML(ctx, msg.BotIDPrivate, r.User.ID, r.User.ID)
	}
	return r.ReplyHTML(ctx, msg.BotIDGroup, displayName(r.User), r.User.ID, r.Chat)
}

func (b *Bot) cmdHelp(ctx context.Context, r *Request) error {
	if !r.Private { // briefly, in a group: the work happens in private chats
		return r.Reply(ctx, Message{Text: HTML(msg.BotGroupPrivateOnly, "https://t.me/"+b.Username())})
	}
	return r.Reply(ctx, Message{Text: b.helpText(r.Member, r.Registered)})
}

func (b *Bot) cmdCancel(ctx context.Context, r *Request) error {
	c, err := r.Conversation(ctx)
	if err != nil {
		return err
	}
	if c.Flow == "" {
		return r.Reply(ctx, Message{Text: msg.BotNothingToCancel})
	}
	b.mu.RLock()
	cleanup := b.onCancel[c.Flow]
	b.mu.RUnlock()
	if cleanup != nil {
		if err := cleanup(ctx, r); errors.Is(err, ErrCancelAsked) {
			return nil
		} else if err != nil {
			return err
		}
	}
	if err := r.EndConversation(ctx); err != nil {
		return err
	}
	return r.Reply(ctx, Message{Text: msg.BotCancelled})
}

func (b *Bot) cmdStart(ctx context.Context, r *Request) error {
	code := ""
	if len(r.Command.Argv) > 0 {
		code = r.Command.Argv[0]
	}
	if code == "" {
		if r.Registered {
			return r.Reply(ctx, Message{Text: HTML(msg.BotWelcomeBack, r.Member.Name, msg.RoleName(string(r.Member.Role))) +
				"\n\n" + b.helpText(r.Member, true)})
		}
		return r.Reply(ctx, Message{Text: msg.BotStartNeedCode})
	}
	_, m, prev, err := b.invites.RedeemAndBind(ctx, code, r.User.ID, displayName(r.User), r.User.Username)
	switch {
	case errors.Is(err, org.ErrInviteUnknown):
		return &UserError{Text: msg.BotInviteUnknown}
	case errors.Is(err, org.ErrInviteUsed):
		return &UserError{Text: msg.BotInviteUsed}
	case errors.Is(err, org.ErrInviteExpired):
		return &UserError{Text: msg.BotInviteExpired}
	case errors.Is(err, org.ErrInviteThrottled):
		return &UserError{Text: msg.BotInviteThrottled}
	case err != nil:
		return err
	}
	if prev != nil {
		b.tell(ctx, prev.UserID, HTML(msg.BotFocalReplaced, b.unitName(prev.Unit)))
	}
	if b.admins[m.UserID] {
		m.Role = org.RoleAdmin
	}
	return r.Reply(ctx, Message{Text: fmt.Sprintf(msg.BotWelcome, Escape(m.Name), Escape(msg.RoleName(string(m.Role))), b.scopeText(m)) +
		"\n\n" + b.helpText(m, true)})
}

// tell sends a notice to someone other than the requester; a failure is logged only.
func (b *Bot) tell(ctx context.Context, user int64, html string) {
	if _, err := b.Send(ctx, user, Message{Text: html}); err != nil {
		b.log.Warn("bot: could not notify user", "user", user, "err", err)
	}
}

// blocked handles a 403: the member is marked unreachable and, the first
// time only, their cluster's chair and deputy are told.
func (b *Bot) blocked(ctx context.Context, chat int64) {
	if chat <= 0 {
		return
	}
	changed, err := b.members.SetReachable(ctx, chat, false)
	if err != nil || !changed {
		return
	}
	m, err := b.members.Get(ctx, chat)
	if err != nil || m.Cluster == "" {
		return
	}
	chairs, err := b.members.Chairs(ctx, m.Cluster)
	if err != nil {
		b.log.Warn("bot: could not find chairs to report an unreachable member", "user", chat, "err", err)
		return
	}
	for _, c := range chairs {
		if c.UserID == m.UserID || c.Unreachable {
			continue
		}
		b.tell(ctx, c.UserID, HTML(msg.BotUnreachable, m.Name, b.unitName(m.Unit)))
	}
}

// ---- /moi ----

// invitable is the roles a member may invite.
func invitable(m org.Member) []org.Role {
	if m.Role == org.RoleAdmin {
		return []org.Role{org.RoleFocal, org.RoleMember, org.RoleDeputy, org.RoleChair, org.RoleAdmin}
	}
	return []org.Role{org.RoleFocal, org.RoleMember, org.RoleDeputy}
}

func (b *Bot) cmdInvite(ctx context.Context, r *Request) error {
	if argv := r.Command.Argv; len(argv) > 0 {
		role, err := org.ParseRole(strings.ToLower(argv[0]))
		if err != nil || (role != org.RoleAdmin && len(argv) < 2) {
			return &UserError{Text: msg.BotInviteUsage}
		}
		unit := ""
		if len(argv) > 1 {
			unit = strings.ToLower(argv[1])
		}
		return b.createInvite(ctx, r, role, unit)
	}
	if r.Member.Role == org.RoleAdmin {
		return r.Reply(ctx, Message{Text: msg.BotInvitePickCluster, Buttons: b.clusterButtons("moi")})
	}
	return r.Reply(ctx, Message{Text: msg.BotInvitePickUnit, Buttons: b.unitButtons(r.Member.Cluster)})
}

func (b *Bot) clusterButtons(prefix string) [][]Button {
	var rows [][]Button
	for _, cl := range b.cfg.Org.Clusters {
		rows = append(rows, []Button{{Label: cl.Name, Data: Data(prefix, "c", cl.ID)}})
	}
	return rows
}

func (b *Bot) unitButtons(cluster string) [][]Button {
	cl, ok := b.cfg.Org.Cluster(cluster)
	if !ok {
		return nil
	}
	var rows [][]Button
	for _, u := range cl.Units {
		rows = append(rows, []Button{{Label: u.Name, Data: Data("moi", "u", u.ID)}})
	}
	return rows
}

func (b *Bot) cbInvite(ctx context.Context, r *Request) error {
	d := r.Data
	switch d.Arg(0) {
	case "c":
		if r.Member.Role != org.RoleAdmin {
			return &UserError{Text: msg.BotOtherCluster}
		}
		if _, ok := b.cfg.Org.Cluster(d.Arg(1)); !ok {
			return ErrExpired
		}
		return r.Edit(ctx, Message{Text: msg.BotInvitePickUnit, Buttons: b.unitButtons(d.Arg(1))})
	case "u":
		_, cl, ok := b.cfg.Org.Unit(d.Arg(1))
		if !ok {
			return ErrExpired
		}
		if !r.May(org.ActInvite, org.Target{Cluster: cl.ID, Unit: d.Arg(1)}) {
			return &UserError{Text: msg.BotOtherCluster}
		}
		var row []Button
		var rows [][]Button
		for _, role := range invitable(r.Member) {
			if role == org.RoleAdmin {
				continue // admin invites name no unit: /moi admin
			}
			row = append(row, Button{Label: capitalize(msg.RoleName(string(role))), Data: Data("moi", "r", d.Arg(1), string(role))})
			if len(row) == 2 {
				rows, row = append(rows, row), nil
			}
		}
		if len(row) > 0 {
			rows = append(rows, row)
		}
		return r.Edit(ctx, Message{Text: HTML(msg.BotInvitePickRole, b.unitName(d.Arg(1))), Buttons: rows})
	case "r":
		role, err := org.ParseRole(d.Arg(2))
		if err != nil {
			return ErrExpired
		}
		return b.createInvite(ctx, r, role, d.Arg(1))
	}
	return ErrExpired
}

func capitalize(s string) string {
	for i, c := range s {
		return strings.ToUpper(string(c)) + s[i+len(string(c)):]
	}
	return s
}

func (b *Bot) createInvite(ctx context.Context, r *Request, role org.Role, unit string) error {
	if !slices.Contains(invitable(r.Member), role) {
		return &UserError{Text: msg.BotNotAllowed}
	}
	t := org.Target{}
	if role != org.RoleAdmin {
		_, cl, ok := b.cfg.Org.Unit(unit)
		if !ok {
			return &UserError{Text: msg.BotInviteUsage}
		}
		t = org.Target{Cluster: cl.ID, Unit: unit}
	}
	if !r.May(org.ActInvite, t) {
		return &UserError{Text: msg.BotOtherCluster}
	}
	inv, err := b.invites.Create(ctx, org.InviteRequest{Role: role, Unit: unit, CreatedBy: r.User.ID})
	if err != nil {
		return err
	}
	scope := ""
	if inv.Unit != "" {
		scope = HTML(" – %s", b.unitName(inv.Unit))
	}
	link := ""
	if l := inv.Link(b.Username()); l != "" {
		link = HTML(msg.BotInviteLinkLine, l)
	}
	text := fmt.Sprintf(msg.BotInviteCreated, Escape(msg.RoleName(string(role))), scope, Escape(inv.Code), link, vi.DateTime(inv.Expires.In(b.cfg.Location)))
	return r.Edit(ctx, Message{Text: text})
}

// ---- /thanhvien ----

func (b *Bot) cmdMembers(ctx context.Context, r *Request) error {
	cluster := r.Member.Cluster
	if len(r.Command.Argv) > 0 {
		cluster = strings.ToLower(r.Command.Argv[0])
	} else if r.Member.Role == org.RoleAdmin {
		return r.Reply(ctx, Message{Text: msg.BotMembersPickCluster, Buttons: b.clusterButtons("tv")})
	}
	if _, ok := b.cfg.Org.Cluster(cluster); !ok {
		return &UserError{Text: msg.BotUnknownCluster}
	}
	return b.listMembers(ctx, r, cluster)
}

func (b *Bot) listMembers(ctx context.Context, r *Request, cluster string) error {
	cl, ok := b.cfg.Org.Cluster(cluster)
	if !ok {
		return ErrExpired
	}
	if !r.May(org.ActMembers, org.Target{Cluster: cluster}) {
		return &UserError{Text: msg.BotOtherCluster}
	}
	ms, err := b.members.List(ctx, cluster)
	if err != nil {
		return err
	}
	lines := []string{HTML(msg.BotMembersHeader, cl.Name)}
	var rows [][]Button
	for _, m := range ms {
		note := ""
		if m.Unreachable {
			note = msg.BotMembersUnreachableNote
		}
		lines = append(lines, HTML(msg.BotMembersLine, m.Name, msg.RoleName(string(m.Role)), b.unitName(m.Unit), note))
		if m.UserID == r.User.ID || m.Role == org.RoleAdmin {
			continue
		}
		row := []Button{{Label: fmt.Sprintf(msg.BotRevokeButton, m.Name), Data: Data("tv", "rv", strconv.FormatInt(m.UserID, 10))}}
		if m.Role == org.RoleMember && m.Unit != "" {
			row = append(row, Button{Label: fmt.Sprintf(msg.BotFocalButton, m.Name), Data: Data("tv", "fo", strconv.FormatInt(m.UserID, 10))})
		}
		rows = append(rows, row)
	}
	if len(ms) == 0 {
		lines = append(lines, msg.BotMembersNone)
	}
	return r.Edit(ctx, Message{Text: strings.Join(lines, "\n"), Buttons: rows})
}

// target loads the member a /thanhvien button is about and checks the
// requester may manage them.
func (b *Bot) target(ctx context.Context, r *Request) (org.Member, error) {
	id, err := strconv.ParseInt(r.Data.Arg(1), 10, 64)
	if err != nil {
		return org.Member{}, ErrExpired
	}
	m, err := b.members.Get(ctx, id)
	if errors.Is(err, org.ErrNoMember) {
		return org.Member{}, &UserError{Text: msg.BotMemberGone}
	}
	if err != nil {
		return org.Member{}, err
	}
	if m.UserID == r.User.ID {
		return org.Member{}, &UserError{Text: msg.BotRevokeSelf}
	}
	if (m.Role == org.RoleAdmin && r.Member.Role != org.RoleAdmin) || !r.May(org.ActMembers, org.Target{Cluster: m.Cluster}) {
		return org.Member{}, &UserError{Text: msg.BotOtherCluster}
	}
	return m, nil
}

func (b *Bot) cbMembers(ctx context.Context, r *Request) error {
	switch r.Data.Arg(0) {
	case "c":
		if r.Member.Role != org.RoleAdmin {
			return &UserError{Text: msg.BotOtherCluster}
		}
		return b.listMembers(ctx, r, r.Data.Arg(1))
	case "x":
		return r.Edit(ctx, Message{Text: msg.BotCancelled})
	case "rv":
		m, err := b.target(ctx, r)
		if err != nil {
			return err
		}
		return r.Edit(ctx, Message{Text: HTML(msg.BotRevokeConfirm, m.Name, b.unitName(m.Unit)), Buttons: [][]Button{{
			{Label: msg.BotYesButton, Data: Data("tv", "rvok", r.Data.Arg(1))},
			{Label: msg.BotCancelButton, Data: Data("tv", "x")},
		}}})
	case "rvok":
		m, err := b.target(ctx, r)
		if err != nil {
			return err
		}
		if _, err := b.members.Revoke(ctx, m.UserID, r.User.ID); err != nil {
			return err
		}
		b.tell(ctx, m.UserID, msg.BotRevoked)
		return r.Edit(ctx, Message{Text: HTML(msg.BotRevokeDone, m.Name)})
	case "fo":
		m, err := b.target(ctx, r)
		if err != nil {
			return err
		}
		if m.Unit == "" || m.Role != org.RoleMember {
			return ErrExpired
		}
		m.Role = org.RoleFocal
		prev, err := b.members.Bind(ctx, m, r.User.ID)
		if err != nil {
			return err
		}
		if prev != nil {
			b.tell(ctx, prev.UserID, HTML(msg.BotFocalReplaced, b.unitName(prev.Unit)))
		}
		b.tell(ctx, m.UserID, HTML(msg.BotFocalGiven, b.unitName(m.Unit)))
		return r.Edit(ctx, Message{Text: HTML(msg.BotFocalDone, b.unitName(m.Unit), m.Name)})
	}
	return ErrExpired
}
