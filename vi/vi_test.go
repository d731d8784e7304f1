package vi

import (
	"testing"
	"time"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		f    float64
		dec  int
		want string
	}{
		{1234.5, 2, "1.234,5"},
		{2480.5, 1, "2.480,5"},
		{1000000, 2, "1.000.000"},
		{-1234.567, 2, "-1.234,57"},
		{0.5, 2, "0,5"},
		{95.4, 1, "95,4"},
		{100, 0, "100"},
		{-0.001, 2, "0"},
		{999, 2, "999"},
	}
	for _, tt := range tests {
		if got := Number(tt.f, tt.dec); got != tt.want {
			t.Errorf("Number(%v, %d) = %q; want %q", tt.f, tt.dec, got, tt.want)
		}
	}
	if got := Fixed(8.1, 2); got != "8,10" {
		t.Errorf("Fixed(8.1, 2) = %q", got)
	}
}

func TestDates(t *testing.T) {
	tm := time.Date(2026, 11, 27, 10, 32, 0, 0, time.UTC)
	if got := Date(tm); got != "27/11/2026" {
		t.Errorf("Date = %q", got)
	}
	if got := DateTime(tm); got != "10:32 27/11/2026" {
		t.Errorf("DateTime = %q", got)
	}
	if got := Month(2026, 6); got != "tháng 6/2026" {
		t.Errorf("Month = %q", got)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Có":                      "co",
		"KHÔNG":                   "khong",
		"Đánh giá của cụm trưởng": "danh gia cua cum truong",
		"Quý 2":                   "quy 2",
		"co thi dua":              "co thi dua",
		"Ngưỡng":                  "nguong",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestMatches(t *testing.T) {
	for _, tt := range []struct {
		typed, want string
		ok          bool
	}{
		{"vắng", "Vắng", true},
		{"VẮNG", "Vắng", true},
		{"vang", "Vắng", true},
		{"vâng", "Vắng", false}, // yes is not absent
		{"vắng", "vâng", false},
		{"tham dư", "tham dự", true},
		{"tham  du", "Tham dự", true},
		{"tham dụ", "tham dự", true},
		{"tham dừ", "tham dự", false},
		{"đi", "di", false},
		{"di", "đi", true},
		{"tham dự họp", "tham dự", false},
		{"", "", true},
	} {
		if got := Matches(tt.typed, tt.want); got != tt.ok {
			t.Errorf("Matches(%q, %q) = %v; want %v", tt.typed, tt.want, got, tt.ok)
		}
	}
}
