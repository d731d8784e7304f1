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
// abbreviations and document numbers. The official texts it ships
// (kb/corpus) are public documents kept unchanged with their source header.
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
// A question is first analysed (query.go, with the data of kb/lexicon.yaml
// and kb/abbreviations.yaml): chit-chat stripped, abbreviations expanded in
// context, the award title and level, province, named document and time
// recognised. Ranking (rank.go) uses them: the heading that defines the
// asked title, the asked province's texts with national ones (never another
// province's), in-force texts before replaced ones. Whether to answer is a
// separate decision (answerability.go): a logistic regression over
// normalised features of the best candidate, fitted on the dev half of
// testdata/eval_real*.yaml. Below its threshold the caller shows an honest
// "not found" that names the texts the bot covers and how to add one. Optional grounded
// generation (Ground, LLM) composes a short answer from retrieved passages
// only and is discarded unless it cites them.
package regulations
