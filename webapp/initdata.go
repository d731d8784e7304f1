package webapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// MaxAge is how long a Mini App session's initData is accepted after
// Telegram signed it (auth_date).
const MaxAge = 24 * time.Hour

// Errors of Verify; each one is a 401 for the Mini App.
var (
	ErrNoInitData = errors.New("webapp: no initData")
	ErrForged     = errors.New("webapp: initData signature does not match")
	ErrExpired    = errors.New("webapp: initData too old")
)

// User is the Telegram user who opened the Mini App, as initData carries it.
type User struct {
	ID           int64  `json:"id"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name,omitempty"`
	Username     string `json:"username,omitempty"`
	LanguageCode string `json:"language_code,omitempty"`
}

// InitData is verified launch data.
type InitData struct {
	User     User
	AuthDate time.Time
}

// secretKey is HMAC_SHA256(key "WebAppData", message bot token), as the Bot
// API documents in "Validating data received via the Mini App".
func secretKey(token string) []byte {
	m := hmac.New(sha256.New, []byte("WebAppData"))
	m.Write([]byte(token))
	return m.Sum(nil)
}

// checkString is every field but hash, sorted by key, "key=value" joined
// by line feeds (values decoded).
func checkString(v url.Values) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		if k != "hash" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = k + "=" + v.Get(k)
	}
	return strings.Join(lines, "\n")
}

func signature(v url.Values, token string) []byte {
	m := hmac.New(sha256.New, secretKey(token))
	m.Write([]byte(checkString(v)))
	return m.Sum(nil)
}

// Sign returns fields as initData signed with token, the way Telegram signs
// it: what tests and the chat console hand to the Mini App.
func Sign(fields url.Values, token string) string {
	v := url.Values{}
	for k, vs := range fields {
		if k != "hash" {
			v[k] = vs
		}
	}
	v.Set("hash", hex.EncodeToString(signature(v, token)))
	return v.Encode()
}

// Verify checks raw initData against the bot token and its age at now, and
// returns who it names. A field given twice is refused: the check string
// would not say which one was signed.
func Verify(raw, token string, now time.Time, maxAge time.Duration) (InitData, error) {
	if raw == "" {
		return InitData{}, ErrNoInitData
	}
	v, err := url.ParseQuery(raw)
	if err != nil {
		return InitData{}, ErrForged
	}
	for _, vs := range v {
		if len(vs) != 1 {
			return InitData{}, ErrForged
		}
	}
	got, err := hex.DecodeString(v.Get("hash"))
	if err != nil || len(got) != sha256.Size || !hmac.Equal(got, signature(v, token)) {
		return InitData{}, ErrForged
	}
	secs, err := strconv.ParseInt(v.Get("auth_date"), 10, 64)
	if err != nil {
		return InitData{}, ErrForged
	}
	auth := time.Unix(secs, 0)
	// A signature from the future means a wrong clock somewhere: refuse
	// rather than let it live longer than MaxAge.
	if now.Sub(auth) > maxAge || auth.Sub(now) > 5*time.Minute {
		return InitData{}, ErrExpired
	}
	var u User
	if err := json.Unmarshal([]byte(v.Get("user")), &u); err != nil || u.ID == 0 {
		return InitData{}, ErrForged
	}
	return InitData{User: u, AuthDate: auth}, nil
}
