package covenants

import (
	"reflect"
	"testing"
)

func TestDiff(t *testing.T) {
	acked := []Target{{Criterion: "thu", Name: "Thu", Annual: 100}, {Criterion: "tn", Name: "Tự nguyện", Annual: 50}, {Criterion: "old", Name: "Cũ", Annual: 1}}
	now := []Target{{Criterion: "thu", Name: "Thu", Annual: 110}, {Criterion: "tn", Name: "Tự nguyện", Annual: 50}, {Criterion: "new", Name: "Mới", Annual: 2}}
	if got, want := Diff(acked, now), []string{"Thu", "Mới", "Cũ"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Diff = %v; want %v", got, want)
	}
	if got := Diff(now, now); len(got) != 0 {
		t.Errorf("Diff of the same targets = %v", got)
	}
}
