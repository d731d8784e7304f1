package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The backup file is one JSON document:
//
//	{"format":"thiduabot-backup","version":1,"exported_at":"2026-11-27T08:00:00Z",
//	 "buckets":{"members":[{"key":"123","value":{"unit":"dak-lak"}},
//	                       {"key":"blob","value":"AAEC","encoding":"base64","expires":"2026-12-01T00:00:00Z"}]}}
//
// A value that is itself JSON (every domain record is) appears as it is, so
// that an admin can read and grep a backup; anything else is base64 with
// "encoding":"base64". Values come back byte for byte either way.
//
// Version 2 (schema 2 and later) has the same shape; the version says the
// records may be in a layout an older build cannot read. Import reads both,
// and the caller migrates what it imported (Migrate with all).
const (
	backupFormat     = "thiduabot-backup"
	backupVersion    = 2
	oldestBackupRead = 1
)

type backupItem struct {
	Key      string          `json:"key"`
	Value    json.RawMessage `json:"value"`
	Encoding string          `json:"encoding,omitempty"`
	Expires  *time.Time      `json:"expires,omitempty"`
}

type backupFile struct {
	Format     string                  `json:"format"`
	Version    int                     `json:"version"`
	ExportedAt time.Time               `json:"exported_at"`
	Buckets    map[string][]backupItem `json:"buckets"`
}

// BackupOption configures Export and Import.
type BackupOption func(*backupConfig)

type backupConfig struct {
	now     func() time.Time
	replace bool
	keep    map[string]bool
}

// WithNow sets the time source for exported_at and for turning expiry times
// back into TTLs on import (default time.Now).
func WithNow(now func() time.Time) BackupOption {
	return func(c *backupConfig) { c.now = now }
}

// Replace makes Import first delete every key of every bucket but the
// buckets named in keep (a process's own records, such as its meta bucket),
// in the same transaction as the import, so that the store ends up holding
// the backup and nothing else, or is left as it was.
func Replace(keep ...string) BackupOption {
	return func(c *backupConfig) {
		c.replace = true
		c.keep = map[string]bool{}
		for _, b := range keep {
			c.keep[b] = true
		}
	}
}

func newBackupConfig(opts []BackupOption) backupConfig {
	c := backupConfig{now: time.Now}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Export writes every live key of kv to w as one JSON document. It reads
// the whole store in one transaction, so the backup is one consistent
// snapshot even while the bot keeps writing.
func Export(ctx context.Context, kv KV, w io.Writer, opts ...BackupOption) error {
	cfg := newBackupConfig(opts)
	type bucket struct {
		name  string
		items []Item
	}
	var snap []bucket
	err := kv.Txn(ctx, func(tx Tx) error {
		snap = snap[:0]
		names, err := tx.Buckets()
		if err != nil {
			return err
		}
		for _, b := range names {
			items, err := tx.List(b, "")
			if err != nil {
				return fmt.Errorf("bucket %s: %w", b, err)
			}
			snap = append(snap, bucket{b, items})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "{\"format\":%q,\"version\":%d,\"exported_at\":%q,\"buckets\":{",
		backupFormat, backupVersion, cfg.now().UTC().Format(time.RFC3339Nano))
	for i, sb := range snap {
		b, items := sb.name, sb.items
		if !utf8.ValidString(b) {
			return fmt.Errorf("export: bucket name %q is not valid UTF-8", b)
		}
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
		writeJSONString(bw, b)
		bw.WriteString(":[")
		for j, it := range items {
			if !utf8.ValidString(it.Key) {
				return fmt.Errorf("export bucket %s: key %q is not valid UTF-8", b, it.Key)
			}
			if j > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n{\"key\":")
			writeJSONString(bw, it.Key)
			bw.WriteString(",\"value\":")
			if isVerbatimJSON(it.Value) {
				bw.Write(it.Value)
			} else {
				writeJSONString(bw, base64.StdEncoding.EncodeToString(it.Value))
				bw.WriteString(",\"encoding\":\"base64\"")
			}
			if !it.Expires.IsZero() {
				fmt.Fprintf(bw, ",\"expires\":%q", it.Expires.UTC().Format(time.RFC3339Nano))
			}
			bw.WriteString("}")
		}
		bw.WriteString("]")
	}
	bw.WriteString("\n}}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: write: %w", err)
	}
	return nil
}

func writeJSONString(w *bufio.Writer, s string) {
	b, _ := json.Marshal(s) // cannot fail for a string
	w.Write(b)
}

// isVerbatimJSON reports whether v can be written into the document as it
// is and read back byte for byte: valid UTF-8 JSON with no surrounding
// whitespace, which a decoder would drop.
func isVerbatimJSON(v []byte) bool {
	if len(v) == 0 || !utf8.Valid(v) || !json.Valid(v) {
		return false
	}
	return len(bytes.TrimLeft(v, " \t\r\n")) == len(v) && len(bytes.TrimRight(v, " \t\r\n")) == len(v)
}

// Import reads a document written by Export and stores every item in kv,
// overwriting keys that exist and keeping the others (with Replace, first
// deleting them); items keep their expiry, and items already expired are
// skipped. It checks the whole document, then writes it in one
// transaction, so a failed import leaves the store as it was. It returns
// how many items it stored.
func Import(ctx context.Context, kv KV, r io.Reader, opts ...BackupOption) (int, error) {
	cfg := newBackupConfig(opts)
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f backupFile
	if err := dec.Decode(&f); err != nil {
		return 0, fmt.Errorf("import: read backup: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return 0, errors.New("import: read backup: unexpected data after the document")
	}
	if f.Format != backupFormat {
		return 0, fmt.Errorf("import: not a thiduabot backup (format %q, want %q)", f.Format, backupFormat)
	}
	if f.Version < oldestBackupRead || f.Version > backupVersion {
		return 0, fmt.Errorf("import: backup version %d is not supported (this build reads versions %d to %d)", f.Version, oldestBackupRead, backupVersion)
	}
	type entry struct {
		bucket, key string
		value       []byte
		expires     time.Time
	}
	var entries []entry
	for _, b := range slices.Sorted(maps.Keys(f.Buckets)) {
		items := f.Buckets[b]
		if b == "" {
			return 0, errors.New("import: empty bucket name")
		}
		if strings.ContainsRune(b, 0) {
			return 0, fmt.Errorf("import: NUL in bucket name %q", b)
		}
		seen := make(map[string]bool, len(items))
		for i, it := range items {
			where := fmt.Sprintf("bucket %s item %d", b, i+1)
			if it.Key == "" {
				return 0, fmt.Errorf("import: %s: empty key", where)
			}
			if strings.ContainsRune(it.Key, 0) {
				return 0, fmt.Errorf("import: %s: NUL in key %q", where, it.Key)
			}
			if seen[it.Key] {
				return 0, fmt.Errorf("import: %s: key %q appears twice", where, it.Key)
			}
			seen[it.Key] = true
			if len(it.Value) == 0 {
				return 0, fmt.Errorf("import: %s (%s): no value", where, it.Key)
			}
			e := entry{bucket: b, key: it.Key}
			switch it.Encoding {
			case "":
				e.value = []byte(it.Value)
			case "base64":
				var s string
				if err := json.Unmarshal(it.Value, &s); err != nil {
					return 0, fmt.Errorf("import: %s (%s): base64 value is not a string", where, it.Key)
				}
				v, err := base64.StdEncoding.DecodeString(s)
				if err != nil {
					return 0, fmt.Errorf("import: %s (%s): %w", where, it.Key, err)
				}
				e.value = v
			default:
				return 0, fmt.Errorf("import: %s (%s): unknown encoding %q", where, it.Key, it.Encoding)
			}
			if it.Expires != nil {
				if it.Expires.IsZero() {
					return 0, fmt.Errorf("import: %s (%s): zero expiry", where, it.Key)
				}
				e.expires = *it.Expires
			}
			entries = append(entries, e)
		}
	}
	n := 0
	err := kv.Txn(ctx, func(tx Tx) error {
		n = 0
		if cfg.replace {
			names, err := tx.Buckets()
			if err != nil {
				return err
			}
			for _, b := range names {
				if cfg.keep[b] {
					continue
				}
				items, err := tx.List(b, "")
				if err != nil {
					return err
				}
				for _, it := range items {
					if err := tx.Delete(b, it.Key); err != nil {
						return err
					}
				}
			}
		}
		if f.Version < 2 {
			// Its records may be in the layout of schema 1: say so, in the
			// same transaction, so that Migrate converts them even if the
			// store was at a later schema.
			if err := tx.Delete(SchemaBucket, SchemaKey); err != nil {
				return err
			}
		}
		now := cfg.now()
		for _, e := range entries {
			if e.expires.IsZero() {
				if err := tx.Put(e.bucket, e.key, e.value); err != nil {
					return err
				}
				n++
				continue
			}
			ttl := e.expires.Sub(now)
			if ttl <= 0 {
				continue
			}
			// A TTL is set only through Create, which needs the key absent.
			if err := tx.Delete(e.bucket, e.key); err != nil {
				return err
			}
			if _, err := tx.Create(e.bucket, e.key, e.value, ttl); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("import: %w", err)
	}
	return n, nil
}
