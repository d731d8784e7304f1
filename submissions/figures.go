package submissions

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// decodeReportFigures reads what the scoring input needs of a stored report
// (see figures) straight from its JSON: a ranking's first request decodes a
// whole year of a cluster, and encoding/json's reflection and intermediate
// maps were most of that time. Anything outside the shape the repository
// writes (escapes in strings, nulls, keys differing only in case, numbers
// out of range) goes to encoding/json, so the result is always what it
// would give; invalid JSON is an error either way.
func decodeReportFigures(data []byte) (Report, error) {
	if !json.Valid(data) {
		var f figures
		return Report{}, json.Unmarshal(data, &f) // the syntax error
	}
	if r, ok := fastFigures(data); ok {
		return r, nil
	}
	var f figures
	if err := json.Unmarshal(data, &f); err != nil {
		return Report{}, err
	}
	r := Report{Unit: f.Unit, Period: f.Period, Version: f.Version, FirstConfirmedAt: f.FirstConfirmedAt,
		Late: f.Late, Values: make(map[string]Entry, len(f.Values))}
	for id, e := range f.Values {
		r.Values[id] = Entry{State: e.State, Value: e.Value}
	}
	return r, nil
}

// scanner walks valid JSON (json.Valid said so).
type scanner struct {
	b []byte
	i int
}

func (s *scanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// peek returns the next byte after white space.
func (s *scanner) peek() byte {
	s.ws()
	if s.i >= len(s.b) {
		return 0
	}
	return s.b[s.i]
}

// str reads a string without escapes, in valid UTF-8; ok is false otherwise.
func (s *scanner) str() (string, bool) {
	if s.peek() != '"' {
		return "", false
	}
	j := bytes.IndexByte(s.b[s.i+1:], '"')
	if j < 0 {
		return "", false
	}
	raw := s.b[s.i+1 : s.i+1+j]
	if bytes.IndexByte(raw, '\\') >= 0 || !utf8.Valid(raw) {
		return "", false
	}
	s.i += j + 2
	return string(raw), true
}

// literal reads a number, true or false as its text; ok is false for
// anything else (null, strings, objects, arrays).
func (s *scanner) literal() (string, bool) {
	s.ws()
	j := s.i
	for j < len(s.b) && (s.b[j] == '-' || s.b[j] == '+' || s.b[j] == '.' || s.b[j] >= '0' && s.b[j] <= '9' || s.b[j] >= 'a' && s.b[j] <= 'z' || s.b[j] == 'E') {
		j++
	}
	t := string(s.b[s.i:j])
	if t == "" || t == "null" {
		return "", false
	}
	s.i = j
	return t, true
}

// skip passes over one value.
func (s *scanner) skip() bool {
	switch s.peek() {
	case '"':
		s.i++
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case '\\':
				s.i += 2
				continue
			case '"':
				s.i++
				return true
			}
			s.i++
		}
		return false
	case '{', '[':
		depth := 0
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case '"':
				if !s.skip() {
					return false
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					s.i++
					return true
				}
			}
			s.i++
		}
		return false
	}
	_, ok := s.literal()
	if !ok && s.peek() == 'n' { // null
		s.i += 4
		return true
	}
	return ok
}

// object calls field for each key of an object, positioned at its value.
func (s *scanner) object(field func(key string) bool) bool {
	if s.peek() != '{' {
		return false
	}
	s.i++
	if s.peek() == '}' {
		s.i++
		return true
	}
	for {
		k, ok := s.str()
		if !ok || s.peek() != ':' {
			return false
		}
		s.i++
		if !field(k) {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

// foldsTo reports whether k would be matched to one of names by
// encoding/json without being one of them (it matches case-insensitively).
func foldsTo(k string, names ...string) bool {
	for _, n := range names {
		if strings.EqualFold(k, n) {
			return true
		}
	}
	return false
}

var reportFields = []string{"unit", "period", "version", "values", "first_confirmed_at", "late"}

func fastFigures(data []byte) (Report, bool) {
	s := &scanner{b: data}
	var r Report
	ok := s.object(func(k string) bool {
		switch k {
		case "unit":
			v, ok := s.str()
			r.Unit = v
			return ok
		case "period":
			v, ok := s.str()
			if !ok {
				return false
			}
			return r.Period.UnmarshalText([]byte(v)) == nil
		case "version":
			v, ok := s.literal()
			if !ok {
				return false
			}
			n, err := strconv.ParseInt(v, 10, 0)
			r.Version = int(n)
			return err == nil
		case "late":
			v, ok := s.literal()
			r.Late = v == "true"
			return ok && (v == "true" || v == "false")
		case "first_confirmed_at":
			v, ok := s.str()
			if !ok {
				return false
			}
			t, err := time.Parse(time.RFC3339, v)
			r.FirstConfirmedAt = t
			return err == nil
		case "values":
			if r.Values == nil {
				r.Values = make(map[string]Entry, 64)
			}
			return s.object(func(id string) bool {
				var e Entry
				if !s.object(func(k string) bool {
					switch k {
					case "state":
						v, ok := s.str()
						e.State = State(v)
						return ok
					case "value":
						v, ok := s.literal()
						if !ok {
							return false
						}
						x, err := strconv.ParseFloat(v, 64)
						e.Value = x
						return err == nil
					}
					return !foldsTo(k, "state", "value") && s.skip()
				}) {
					return false
				}
				r.Values[id] = e
				return true
			})
		}
		return !foldsTo(k, reportFields...) && s.skip()
	})
	if !ok || s.peek() != 0 {
		return Report{}, false
	}
	if r.Values == nil {
		r.Values = map[string]Entry{}
	}
	return r, true
}
