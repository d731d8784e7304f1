// Package regulations answers questions about emulation and commendation
// regulations with citations to the exact document, article and clause.
//
// It reads documents (Markdown or plain text with an optional YAML header,
// or DOCX) into their official structure – Phần/Chương/Mục, "Điều N.",
// clauses "1." and points "a)" – keeping a decision's own articles apart
// from those of the regulation it attaches; it ships a built-in knowledge
// base of summaries written from verified facts (kb/, embedded); and it
// searches articles and clauses with its own BM25 index over
// diacritic-folded syllable unigrams and bigrams, the sector's
// abbreviations and document numbers.
//
// Why an index of our own and not bleve: the corpus is a few thousand
// passages, the analysis that decides quality (folding, bigrams,
// abbreviations, document-number keys, accent-aware confidence) would be
// ours in a bleve custom analyzer anyway, and bleve would bring a large
// dependency tree and an on-disk index format for a corpus that is
// rebuilt in a fraction of a second at start-up. Measured on
// testdata/eval.yaml the small index meets the recall bar and answers a
// question in well under a millisecond over 2,000 passages.
//
// Document files (the config folder's regulations/, --corpus, an admin's
// upload) are official texts as printed – "Số: 86/2025/QĐ-UBND", the kind
// and title lines, "Điều 1. …" – optionally preceded by "# key: value"
// notes, or Markdown/text with a YAML header between "---" lines with the
// fields number, title, short, kind, issuer, signed, in_force, status
// (in_force|replaced|unknown), replaced_by, replaces, source, summary and
// note. In Markdown a "> Chưa kiểm chứng: …" line marks the article above
// it unverified, and a heading that is not "Điều N." starts an unnumbered
// section (used for texts whose article numbers are not known).
//
// An answer is given only above a confidence threshold (the share of the
// question's weighted terms a passage contains); below it the caller shows
// an honest "not found" with suggested rephrasings. Optional grounded
// generation (Ground, LLM) composes a short answer from retrieved passages
// only and is discarded unless it cites them.
package regulations
