package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Command is a parsed bot command.
type Command struct {
	Name string   // lower-case, without '/' and without @botname
	Args string   // everything after the command, trimmed
	Bot  string   // the @botname suffix, if any (without '@')
	Argv []string // Args split on white space
}

// ParseCommand parses "/cmd", "/cmd@bot args…". It reports false when text
// is not a command. Names are ASCII letters, digits and '_' (Telegram's rule);
// arguments are any text, Vietnamese included.
func ParseCommand(text string) (Command, bool) {
	text = strings.TrimLeftFunc(text, unicode.IsSpace)
	if !strings.HasPrefix(text, "/") {
		return Command{}, false
	}
	rest := text[1:]
	end := strings.IndexFunc(rest, unicode.IsSpace)
	head, args := rest, ""
	if end >= 0 {
		head, args = rest[:end], rest[end:]
	}
	name, botName, _ := strings.Cut(head, "@")
	if name == "" || len(name) > 32 {
		return Command{}, false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return Command{}, false
		}
	}
	args = strings.TrimSpace(args)
	return Command{Name: strings.ToLower(name), Args: args, Bot: botName, Argv: strings.Fields(args)}, true
}

// For reports whether the command is meant for the bot named username: it
// names no bot, or names this one (case-insensitively).
func (c Command) For(username string) bool {
	return c.Bot == "" || strings.EqualFold(c.Bot, strings.TrimPrefix(username, "@"))
}

// Callback data is "v1:prefix:arg:arg…", at most 64 bytes. The version lets
// a later release change a prefix's arguments and still recognise (and
// politely expire) buttons sent by an older one.
const callbackVersion = "v1"

// Data builds the callback data of a button. Arguments are escaped so that
// they may hold ':' or '%'. The result must fit Telegram's 64 bytes; Send
// refuses buttons that do not.
func Data(prefix string, args ...string) string {
	var b strings.Builder
	b.WriteString(callbackVersion)
	b.WriteByte(':')
	b.WriteString(escapeArg(prefix))
	for _, a := range args {
		b.WriteByte(':')
		b.WriteString(escapeArg(a))
	}
	return b.String()
}

// CallbackData is parsed button data.
type CallbackData struct {
	Prefix string
	Args   []string
}

// Arg returns argument i, or "" when absent.
func (c CallbackData) Arg(i int) string {
	if i < len(c.Args) {
		return c.Args[i]
	}
	return ""
}

// ParseData parses callback data; ok is false for data of another version
// or malformed data, which the bot answers as an expired button.
func ParseData(s string) (CallbackData, bool) {
	if !utf8.ValidString(s) {
		return CallbackData{}, false
	}
	fields := strings.Split(s, ":")
	if len(fields) < 2 || fields[0] != callbackVersion || fields[1] == "" {
		return CallbackData{}, false
	}
	d := CallbackData{}
	var ok bool
	if d.Prefix, ok = unescapeArg(fields[1]); !ok {
		return CallbackData{}, false
	}
	for _, f := range fields[2:] {
		a, ok := unescapeArg(f)
		if !ok {
			return CallbackData{}, false
		}
		d.Args = append(d.Args, a)
	}
	return d, true
}

func escapeArg(s string) string {
	if !strings.ContainsAny(s, ":%") {
		return s
	}
	return strings.NewReplacer("%", "%25", ":", "%3A").Replace(s)
}

func unescapeArg(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		switch {
		case strings.HasPrefix(s[i:], "%25"):
			b.WriteByte('%')
		case strings.HasPrefix(s[i:], "%3A"):
			b.WriteByte(':')
		default:
			return "", false
		}
		i += 2
	}
	return b.String(), true
}
