// Package msg is the catalogue of every user-facing Vietnamese text of the
// bot and the CLI, one file per area, so that the whole wording can be read
// and reviewed in one place. Texts are NFC-normalised Vietnamese, polite
// administrative register (anh/chị, Đơn vị). Format verbs are documented
// next to each text; no other package should hold user-facing sentences.
package msg
