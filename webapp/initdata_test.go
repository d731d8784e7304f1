package webapp

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The vector was computed once, independently of this package, with
// Python's hmac module:
//
//	python3 -c "import hmac,hashlib;t='123456:ABC-thiduabot-test';f={'auth_date':'1796091600','query_id':'AAHdF6IQAAAAAN0XohDhrOrc','user':'{\"id\":20,\"first_name\":\"Lan\",\"last_name\":\"Nguyễn\",\"username\":\"lan_bn\",\"language_code\":\"vi\"}'};d='\n'.join(k+'='+f[k] for k in sorted(f));s=hmac.new(b'WebAppData',t.encode(),hashlib.sha256).digest();print(hmac.new(s,d.encode(),hashlib.sha256).hexdigest())"
const (
	vectorToken = "123456:ABC-thiduabot-test"
	vectorHash  = "e214550a28a4a146972317f1e80fef4e9eaf3fdb77eeafa19707eeacdec9ad3a"
	vectorRaw   = "auth_date=1796091600&query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A20%2C%22first_name%22%3A%22Lan%22%2C%22last_name%22%3A%22Nguy%E1%BB%85n%22%2C%22username%22%3A%22lan_bn%22%2C%22language_code%22%3A%22vi%22%7D&hash=" + vectorHash
)

var vectorTime = time.Unix(1796091600, 0) // 01/12/2026 02:20 UTC

func TestVerifyPythonVector(t *testing.T) {
	d, err := Verify(vectorRaw, vectorToken, vectorTime.Add(time.Hour), MaxAge)
	if err != nil {
		t.Fatalf("Verify(python vector) = %v", err)
	}
	if d.User.ID != 20 || d.User.LastName != "Nguyễn" || !d.AuthDate.Equal(vectorTime) {
		t.Errorf("got %+v", d)
	}
	// Sign computes the same hash as Python.
	v, _ := url.ParseQuery(vectorRaw)
	signed, _ := url.ParseQuery(Sign(v, vectorToken))
	if signed.Get("hash") != vectorHash {
		t.Errorf("Sign hash = %s; want %s", signed.Get("hash"), vectorHash)
	}
}

func TestVerifyRefuses(t *testing.T) {
	now := vectorTime.Add(time.Hour)
	replace := func(old, new string) string { return strings.Replace(vectorRaw, old, new, 1) }
	fresh := url.Values{"auth_date": {"1796091600"}, "user": {`{"id":20,"first_name":"Lan"}`}}
	for _, tc := range []struct {
		name string
		raw  string
		at   time.Time
		want error
	}{
		{"empty", "", now, ErrNoInitData},
		{"another token", Sign(fresh, "999:other"), now, ErrForged},
		{"user changed", replace("%22id%22%3A20", "%22id%22%3A21"), now, ErrForged},
		{"hash changed", replace("hash=e2", "hash=e3"), now, ErrForged},
		{"no hash", strings.Split(vectorRaw, "&hash=")[0], now, ErrForged},
		{"field twice", vectorRaw + "&user=x", now, ErrForged},
		{"not a query", "%zz", now, ErrForged},
		{"older than 24 h", vectorRaw, vectorTime.Add(24*time.Hour + time.Second), ErrExpired},
		{"from the future", vectorRaw, vectorTime.Add(-time.Hour), ErrExpired},
		{"no user", Sign(url.Values{"auth_date": {"1796091600"}}, vectorToken), now, ErrForged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Verify(tc.raw, vectorToken, tc.at, MaxAge); !errors.Is(err, tc.want) {
				t.Errorf("Verify = %v; want %v", err, tc.want)
			}
		})
	}
	if _, err := Verify(vectorRaw, vectorToken, vectorTime.Add(24*time.Hour), MaxAge); err != nil {
		t.Errorf("exactly 24 h old: %v; want accepted", err)
	}
}

func FuzzVerify(f *testing.F) {
	f.Add(vectorRaw)
	f.Add("auth_date=1&hash=00&user=%7B%7D")
	f.Add("")
	f.Fuzz(func(t *testing.T, raw string) {
		d, err := Verify(raw, vectorToken, vectorTime, MaxAge)
		if err == nil && d.User.ID == 0 {
			t.Errorf("accepted %q without a user", raw)
		}
	})
}
