package redisstore

import (
	"testing"

	"github.com/redis/go-redis/v9"
)

func TestNewClientKind(t *testing.T) {
	tests := []struct {
		url     string
		cluster bool
		addrs   int
	}{
		{"redis://127.0.0.1:6379/0", false, 1},
		{"rediss://user:pw@redis.example:6380/2", false, 1},
		{"redis://10.0.0.1:6379?addr=10.0.0.2:6379&addr=10.0.0.3:6379", true, 3},
		{"redis://10.0.0.1:6379?cluster=true", true, 1},
		{"redis://sentinel1:26379/0?master_name=thidua&addr=sentinel2:26379", false, 0},
	}
	for _, tt := range tests {
		c, err := newClient(tt.url)
		if err != nil {
			t.Errorf("newClient(%q): %v", tt.url, err)
			continue
		}
		switch cc := c.(type) {
		case *redis.ClusterClient:
			if !tt.cluster {
				t.Errorf("newClient(%q) is a cluster client; want a single or Sentinel client", tt.url)
			} else if got := len(cc.Options().Addrs); got != tt.addrs {
				t.Errorf("newClient(%q) seeds %d addresses; want %d", tt.url, got, tt.addrs)
			}
		case *redis.Client:
			if tt.cluster {
				t.Errorf("newClient(%q) is not a cluster client", tt.url)
			}
		default:
			t.Errorf("newClient(%q) = %T", tt.url, c)
		}
		c.Close()
	}
}

func TestNoAutomaticRetries(t *testing.T) {
	tests := []struct {
		url  string
		want int
	}{
		{"redis://127.0.0.1:6379/0", 0}, // -1 asked, 0 after go-redis normalises it
		{"redis://127.0.0.1:6379/0?max_retries=2", 2},
	}
	for _, tt := range tests {
		c, err := newClient(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.(*redis.Client).Options().MaxRetries; got != tt.want {
			t.Errorf("newClient(%q) MaxRetries = %d; want %d", tt.url, got, tt.want)
		}
		c.Close()
	}
	c, err := newClient("redis://10.0.0.1:6379?cluster=true")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := c.(*redis.ClusterClient).Options().MaxRetries; got > 0 {
		t.Errorf("cluster MaxRetries = %d; want none", got)
	}
}

func TestPrefixRange(t *testing.T) {
	tests := []struct{ prefix, min, max string }{
		{"", "-", "+"},
		{"a", "[a", "(b"},
		{"a:2026:", "[a:2026:", "(a:2026;"},
		{"a\xff", "[a\xff", "(b"},
		{"\xff\xff", "[\xff\xff", "+"},
		{"Đ", "[Đ", "(\xc4\x91"},
	}
	for _, tt := range tests {
		min, max := prefixRange(tt.prefix)
		if min != tt.min || max != tt.max {
			t.Errorf("prefixRange(%q) = %q, %q; want %q, %q", tt.prefix, min, max, tt.min, tt.max)
		}
	}
}

func TestKeyLayout(t *testing.T) {
	d := New(nil, WithPrefix("p:"))
	tests := []struct{ got, want string }{
		{d.dataKey("a:b", "c:d"), "p:{kv}:d:a%3Ab:c:d"},
		{d.dataKey("50%", "k"), "p:{kv}:d:50%25:k"},
		{d.indexKey("a:b"), "p:{kv}:i:a%3Ab"},
		{d.seqKey("log"), "p:{kv}:s:log"},
		{d.bucketsKey(), "p:{kv}:buckets"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("key %q; want %q", tt.got, tt.want)
		}
	}
}
