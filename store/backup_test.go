package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/thiduabot/thiduabot/clock"
	"github.com/thiduabot/thiduabot/store"
	"github.com/thiduabot/thiduabot/store/storetest"
)

var t0 = time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)

// sample fills kv with values of every shape a backup must carry.
func sample(t testing.TB, kv store.KV) {
	t.Helper()
	ctx := context.Background()
	puts := []struct{ bucket, key, value string }{
		{"members", "123456789", `{"unit":"dak-lak","role":"focal","name":"Nguyễn Thị Hoa"}`},
		{"members", "<script>&", `{"html":"<b>&amp;</b>"}`},
		{"submissions", "2026-10/dak-lak", "{\n  \"pretty\": [1, 2.50, -0e3],\n  \"s\": \"\\u00e9\"\n}"},
		{"submissions", "number", `42`},
		{"submissions", "string", `"chuỗi"`},
		{"submissions", "null", `null`},
		{"submissions", "bool", `true`},
		{"raw", "binary", "\x00\x01\xff\xfe"},
		{"raw", "empty", ""},
		{"raw", "leading space", ` {"a":1}`},
		{"raw", "trailing newline", "{\"a\":1}\n"},
		{"raw", "not json", `{"a":`},
		{"raw", "text", "văn bản thường"},
		{"raw", "bad utf8 in json string", "\"\xc3\x28\""},
		{"a:b", "c:d", `{}`},
	}
	for _, p := range puts {
		if err := kv.Put(ctx, p.bucket, p.key, []byte(p.value)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		if _, err := kv.Append(ctx, "audit", []byte(`{"event":`+string(rune('0'+i))+`}`)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := kv.Create(ctx, "seen", "update:1", []byte(`1`), time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Create(ctx, "seen", "update:2", []byte(`2`), time.Minute); err != nil {
		t.Fatal(err)
	}
}

// dump returns every live item of kv, by bucket.
func dump(t *testing.T, kv store.KV) map[string][]store.Item {
	t.Helper()
	ctx := context.Background()
	buckets, err := kv.Buckets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]store.Item{}
	for _, b := range buckets {
		items, err := kv.List(ctx, b, "")
		if err != nil {
			t.Fatal(err)
		}
		out[b] = items
	}
	return out
}

func sameItems(t *testing.T, got, want map[string][]store.Item) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d buckets; want %d", len(got), len(want))
	}
	for b, wi := range want {
		gi := got[b]
		if len(gi) != len(wi) {
			t.Errorf("bucket %s: got %d items; want %d", b, len(gi), len(wi))
			continue
		}
		for i := range wi {
			if gi[i].Key != wi[i].Key || !bytes.Equal(gi[i].Value, wi[i].Value) || !gi[i].Expires.Equal(wi[i].Expires) {
				t.Errorf("bucket %s item %d = {%q %q %v}; want {%q %q %v}", b, i,
					gi[i].Key, gi[i].Value, gi[i].Expires, wi[i].Key, wi[i].Value, wi[i].Expires)
			}
		}
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	clk := clock.NewFake(t0)
	src := storetest.NewMem(clk)
	sample(t, src)
	ctx := context.Background()
	var first bytes.Buffer
	if err := store.Export(ctx, src, &first, store.WithNow(clk.Now)); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(first.Bytes()) {
		t.Fatalf("export is not valid JSON:\n%s", first.String())
	}

	dst := storetest.NewMem(clk)
	n, err := store.Import(ctx, dst, bytes.NewReader(first.Bytes()), store.WithNow(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	if want := 15 + 3 + 2; n != want {
		t.Errorf("Import stored %d items; want %d", n, want)
	}
	sameItems(t, dump(t, dst), dump(t, src))

	var second bytes.Buffer
	if err := store.Export(ctx, dst, &second, store.WithNow(clk.Now)); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Errorf("export of the imported store differs:\nfirst:\n%s\nsecond:\n%s", first.String(), second.String())
	}

	// Appends continue after the imported log instead of overwriting it.
	k, err := dst.Append(ctx, "audit", []byte(`{"event":"new"}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "00000000000000000004"; k != want {
		t.Errorf("Append after import = %q; want %q", k, want)
	}
}

func TestExportFormat(t *testing.T) {
	clk := clock.NewFake(t0)
	kv := storetest.NewMem(clk)
	sample(t, kv)
	var buf bytes.Buffer
	if err := store.Export(context.Background(), kv, &buf, store.WithNow(clk.Now)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Format     string `json:"format"`
		Version    int    `json:"version"`
		ExportedAt string `json:"exported_at"`
		Buckets    map[string][]map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != "thiduabot-backup" || doc.Version != 2 || doc.ExportedAt != "2026-11-27T08:00:00Z" {
		t.Errorf("header = %q %d %q", doc.Format, doc.Version, doc.ExportedAt)
	}
	out := buf.String()
	for _, want := range []string{
		// JSON values are readable in the file, exactly as stored.
		`{"key":"123456789","value":{"unit":"dak-lak","role":"focal","name":"Nguyễn Thị Hoa"}}`,
		`{"key":"number","value":42}`,
		`{"key":"null","value":null}`,
		"{\"key\":\"2026-10/dak-lak\",\"value\":{\n  \"pretty\"",
		// Anything else is base64, marked as such.
		`{"key":"binary","value":"AAH//g==","encoding":"base64"}`,
		`{"key":"empty","value":"","encoding":"base64"}`,
		`{"key":"leading space","value":"IHsiYSI6MX0=","encoding":"base64"}`,
		`{"key":"update:1","value":1,"expires":"2026-11-27T09:00:00Z"}`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %s\nexport:\n%s", want, out)
		}
	}
}

func TestImportExpiry(t *testing.T) {
	clk := clock.NewFake(t0)
	src := storetest.NewMem(clk)
	sample(t, src)
	var buf bytes.Buffer
	if err := store.Export(context.Background(), src, &buf, store.WithNow(clk.Now)); err != nil {
		t.Fatal(err)
	}
	// Imported 30 minutes later: the 1-minute key has expired, the 1-hour
	// key keeps its original expiry time rather than a fresh hour.
	clk.Set(t0.Add(30 * time.Minute))
	dst := storetest.NewMem(clk)
	if _, err := store.Import(context.Background(), dst, &buf, store.WithNow(clk.Now)); err != nil {
		t.Fatal(err)
	}
	seen := dump(t, dst)["seen"]
	if len(seen) != 1 || seen[0].Key != "update:1" || !seen[0].Expires.Equal(t0.Add(time.Hour)) {
		t.Errorf("seen after import = %+v; want only update:1 expiring at %v", seen, t0.Add(time.Hour))
	}
}

func TestImportOverwritesAndKeeps(t *testing.T) {
	clk := clock.NewFake(t0)
	kv := storetest.NewMem(clk)
	ctx := context.Background()
	kv.Put(ctx, "b", "same", []byte(`"old"`))
	kv.Put(ctx, "b", "other", []byte(`"kept"`))
	kv.Create(ctx, "b", "claimed", []byte(`"old claim"`), time.Minute)
	doc := `{"format":"thiduabot-backup","version":1,"exported_at":"2026-11-27T08:00:00Z","buckets":{"b":[
		{"key":"same","value":"new"},
		{"key":"claimed","value":"new claim","expires":"2026-11-27T10:00:00Z"}]}}`
	n, err := store.Import(ctx, kv, strings.NewReader(doc), store.WithNow(clk.Now))
	if err != nil || n != 2 {
		t.Fatalf("Import = %d, %v; want 2, nil", n, err)
	}
	want := map[string][]store.Item{"b": {
		{Key: "claimed", Value: []byte(`"new claim"`), Expires: t0.Add(2 * time.Hour)},
		{Key: "other", Value: []byte(`"kept"`)},
		{Key: "same", Value: []byte(`"new"`)},
	}}
	sameItems(t, dump(t, kv), want)
}

func TestImportRejects(t *testing.T) {
	head := `{"format":"thiduabot-backup","version":1,"exported_at":"2026-11-27T08:00:00Z","buckets":`
	tests := []struct {
		name, doc, want string
	}{
		{"not JSON", `hello`, "read backup"},
		{"empty", ``, "read backup"},
		{"other format", `{"format":"something","version":1,"buckets":{}}`, "not a thiduabot backup"},
		{"future version", `{"format":"thiduabot-backup","version":3,"buckets":{}}`, "version 3"},
		{"version 0", `{"format":"thiduabot-backup","version":0,"buckets":{}}`, "version 0"},
		{"unknown field", head + `{"b":[{"key":"k","value":1,"colour":"red"}]}}`, "colour"},
		{"unknown top field", `{"format":"thiduabot-backup","version":1,"extra":1,"buckets":{}}`, "extra"},
		{"missing value", head + `{"b":[{"key":"k"}]}}`, "no value"},
		{"NUL in key", head + `{"b":[{"key":"a\u0000b","value":1}]}}`, "NUL"},
		{"NUL in bucket", head + `{"a\u0000b":[{"key":"k","value":1}]}}`, "NUL"},
		{"empty key", head + `{"b":[{"key":"","value":1}]}}`, "empty key"},
		{"empty bucket", head + `{"":[{"key":"k","value":1}]}}`, "empty bucket"},
		{"duplicate key", head + `{"b":[{"key":"k","value":1},{"key":"k","value":2}]}}`, "twice"},
		{"bad base64", head + `{"b":[{"key":"k","value":"!!","encoding":"base64"}]}}`, "illegal base64"},
		{"base64 not string", head + `{"b":[{"key":"k","value":12,"encoding":"base64"}]}}`, "not a string"},
		{"unknown encoding", head + `{"b":[{"key":"k","value":"x","encoding":"hex"}]}}`, "unknown encoding"},
		{"bad expiry", head + `{"b":[{"key":"k","value":1,"expires":"tomorrow"}]}}`, "read backup"},
		{"trailing data", head + `{}}{}`, "after the document"},
		{"truncated", head + `{"b":[{"key":"k","value":1}`, "read backup"},
		{"valid then bad", head + `{"a":[{"key":"k","value":1}],"b":[{"key":"","value":1}]}}`, "empty key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kv := storetest.NewMem(nil)
			n, err := store.Import(context.Background(), kv, strings.NewReader(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Import = %d, %v; want an error mentioning %q", n, err, tt.want)
			}
			if got := dump(t, kv); len(got) != 0 || n != 0 {
				t.Errorf("a rejected backup wrote %d items: %v", n, got)
			}
		})
	}
}

// FuzzImport feeds Import arbitrary documents: it must never panic, and
// whatever it accepts must survive another export/import unchanged.
func FuzzImport(f *testing.F) {
	clk := clock.NewFake(t0)
	src := storetest.NewMem(clk)
	sample(f, src)
	var buf bytes.Buffer
	if err := store.Export(context.Background(), src, &buf, store.WithNow(clk.Now)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String())
	f.Add(`{"format":"thiduabot-backup","version":1,"exported_at":"2026-11-27T08:00:00Z","buckets":{}}`)
	f.Add(`{"format":"thiduabot-backup","version":1,"buckets":{"b":[{"key":"k","value":"AA==","encoding":"base64"}]}}`)
	f.Add(`{"format":"thiduabot-backup","version":1,"buckets":{"b":[{"key":"k","value":[1,{"x":null}],"expires":"2026-11-27T09:00:00+07:00"}]}}`)
	f.Add(`{"format":"thiduabot-backup","version":1,"buckets":{"b":null}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		ctx := context.Background()
		a := storetest.NewMem(clk)
		if _, err := store.Import(ctx, a, strings.NewReader(doc), store.WithNow(clk.Now)); err != nil {
			return
		}
		var out bytes.Buffer
		if err := store.Export(ctx, a, &out, store.WithNow(clk.Now)); err != nil {
			if strings.Contains(err.Error(), "not valid UTF-8") {
				return // JSON cannot carry such a name; Export refuses rather than corrupts
			}
			t.Fatal(err)
		}
		b := storetest.NewMem(clk)
		if _, err := store.Import(ctx, b, bytes.NewReader(out.Bytes()), store.WithNow(clk.Now)); err != nil {
			t.Fatalf("re-import of an export failed: %v\n%s", err, out.String())
		}
		sameItems(t, dump(t, b), dump(t, a))
	})
}
