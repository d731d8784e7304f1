package bot

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	tg "github.com/go-telegram/bot"
)

// tokenGuard is the one place where the bot token is kept out of errors and
// logs. Every request to the Bot API (the library's calls, getUpdates, file
// downloads) goes through it, and the token sits in every request URL, so
// anything that comes back may carry it: a transport error names the URL,
// and a proxy or a faulty server may echo the URL in a response body, which
// then turns up in an error's description. The guard removes the token from
// both before anything else sees them. A file's own content is passed on
// untouched.
type tokenGuard struct {
	inner tg.HttpClient
	token string
}

// maxAPIBody bounds the size of a Bot API answer the guard reads (a batch of
// 100 updates is far smaller).
const maxAPIBody = 64 << 20

func (g tokenGuard) Do(req *http.Request) (*http.Response, error) {
	resp, err := g.inner.Do(req)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		// An immutable error with the token already removed: go-telegram/bot
		// rewrites the URL inside a *url.Error while its form-writing
		// goroutine may be formatting the same error (a data race).
		return nil, transportErr(err, g.token)
	}
	if resp.StatusCode/100 == 2 && strings.Contains(req.URL.Path, "/file/bot") {
		return resp, nil
	}
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxAPIBody))
	resp.Body.Close()
	var rest io.Reader = bytes.NewReader([]byte(g.redact(string(body))))
	if readErr != nil {
		rest = io.MultiReader(rest, errReader{transportErr(readErr, g.token)})
	}
	resp.Body = io.NopCloser(rest)
	resp.ContentLength = -1
	resp.Header.Del("Content-Length")
	return resp, nil
}

func (g tokenGuard) redact(s string) string { return redact(s, g.token) }

// redact removes token from s, as written and as escaped in a URL.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	for _, t := range []string{token, url.PathEscape(token), url.QueryEscape(token)} {
		s = strings.ReplaceAll(s, t, "***")
	}
	return s
}

// transportError is a failed request's error with the token removed. It
// keeps only whether a context ended it, for errors.Is: unwrapping to the
// original would hand out the URL again.
type transportError struct {
	text string
	ctx  error // context.Canceled, context.DeadlineExceeded or nil
}

func transportErr(err error, token string) transportError {
	e := transportError{text: redact(err.Error(), token)}
	for _, c := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, c) {
			e.ctx = c
		}
	}
	return e
}

func (e transportError) Error() string { return e.text }
func (e transportError) Unwrap() error { return e.ctx }

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
