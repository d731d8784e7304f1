package bot

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in     string
		ok     bool
		name   string
		args   string
		bot    string
		forBot bool
	}{
		{"/help", true, "help", "", "", true},
		{"/Help@Thidua_Test_Bot", true, "help", "", "Thidua_Test_Bot", true},
		{"/xephang@other_bot 6/2026", true, "xephang", "6/2026", "other_bot", false},
		{"/hoi   Điều kiện tặng Cờ thi đua là gì?", true, "hoi", "Điều kiện tặng Cờ thi đua là gì?", "", true},
		{"/diem hanoi\n11/2026", true, "diem", "hanoi\n11/2026", "", true},
		{"  /start abc123", true, "start", "abc123", "", true},
		{"Chào /help", false, "", "", "", false},
		{"/", false, "", "", "", false},
		{"/đăngký", false, "", "", "", false},
		{"/ help", false, "", "", "", false},
		{"báo cáo", false, "", "", "", false},
	}
	for _, tt := range tests {
		c, ok := ParseCommand(tt.in)
		if ok != tt.ok {
			t.Errorf("ParseCommand(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if c.Name != tt.name || c.Args != tt.args || c.Bot != tt.bot {
			t.Errorf("ParseCommand(%q) = %q %q @%q, want %q %q @%q", tt.in, c.Name, c.Args, c.Bot, tt.name, tt.args, tt.bot)
		}
		if got := c.For("thidua_test_bot"); got != tt.forBot {
			t.Errorf("ParseCommand(%q).For = %v, want %v", tt.in, got, tt.forBot)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/help", "/xephang@bot 6/2026", "/hoi Có được khen không?", "", "/", "/a@", "/\u00a0x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := ParseCommand(s)
		if !ok {
			return
		}
		if c.Name == "" || strings.ToLower(c.Name) != c.Name || !utf8.ValidString(c.Name) {
			t.Fatalf("bad name %q from %q", c.Name, s)
		}
		if strings.TrimSpace(c.Args) != c.Args {
			t.Fatalf("args not trimmed: %q", c.Args)
		}
		if !reflect.DeepEqual(c.Argv, strings.Fields(c.Args)) {
			t.Fatalf("argv %q != fields of %q", c.Argv, c.Args)
		}
	})
}

func TestCallbackData(t *testing.T) {
	d := Data("tv", "rv", "a:b%c", "")
	got, ok := ParseData(d)
	if !ok || got.Prefix != "tv" || !reflect.DeepEqual(got.Args, []string{"rv", "a:b%c", ""}) {
		t.Fatalf("ParseData(%q) = %+v, %v", d, got, ok)
	}
	for _, stale := range []string{"", "moi", "v0:moi:u:hanoi", "v2:moi", "v1:", "v1:x:%zz", "v1:%41"} {
		if _, ok := ParseData(stale); ok {
			t.Errorf("ParseData(%q) accepted", stale)
		}
	}
}

func FuzzCallbackData(f *testing.F) {
	f.Add("moi", "u", "hanoi")
	f.Add("tv", "a:b", "%3A")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, prefix, a, b string) {
		if prefix == "" || !utf8.ValidString(prefix) || !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		d := Data(prefix, a, b)
		got, ok := ParseData(d)
		if !ok || got.Prefix != prefix || got.Arg(0) != a || got.Arg(1) != b {
			t.Fatalf("round trip of %q %q %q via %q = %+v, %v", prefix, a, b, d, got, ok)
		}
	})
}

// FuzzButtonWord: IsButtonWord never panics, and what it accepts is short:
// a question of several words is never taken for a button.
func FuzzButtonWord(f *testing.F) {
	for _, s := range []string{"Xác nhận", "huy", "sua muc 3", "sửa 10", "Bỏ qua.", "Xác nhận thành tích gì?", "", "sua", "sua muc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if IsButtonWord(s) && len(strings.Fields(s)) > 5 {
			t.Fatalf("%q taken for a button word", s)
		}
	})
}
