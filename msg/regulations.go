package msg

import (
	"fmt"
	"strings"
)

// Texts of regulation questions and answers (/hoi, thiduabot ask) and of
// loading regulation files.

// RegStatus names a document status (in_force, replaced, unknown).
func RegStatus(status string) string {
	switch status {
	case "in_force":
		return "đang có hiệu lực"
	case "replaced":
		return "đã bị thay thế"
	}
	return "chưa xác định được hiệu lực"
}

// RegStatusShort is the legal status part of a passage's status line:
// "✅ Đang có hiệu lực (từ 01/07/2025)", "⚠️ Đã bị thay thế bởi Nghị định
// 152/2025/NĐ-CP"; by is "" when the replacement is not known.
func RegStatusShort(status, inForce, by string) string {
	switch status {
	case "in_force":
		if inForce != "" {
			return "✅ Đang có hiệu lực (từ " + inForce + ")"
		}
		return "✅ Đang có hiệu lực"
	case "replaced":
		if by != "" {
			return "⚠️ Đã bị thay thế bởi " + by + ", chỉ để tham khảo"
		}
		return "⚠️ Đã bị thay thế, chỉ để tham khảo"
	}
	return "❔ Chưa xác định được hiệu lực"
}

// RegStatusOne is the single status line under a citation: the legal
// status (may be ""), then whether the text is the official wording or our
// summary, unverified, or from an incomplete source.
func RegStatusOne(status string, summary, unverified, partial bool) string {
	var parts []string
	if status != "" {
		parts = append(parts, status)
	}
	switch {
	case summary && unverified:
		parts = append(parts, "tóm tắt không chính thức, chưa kiểm chứng")
	case summary:
		parts = append(parts, "tóm tắt không chính thức")
	default:
		parts = append(parts, "nguyên văn")
	}
	if partial {
		parts = append(parts, "văn bản nguồn thiếu một phần")
	}
	s := strings.Join(parts, " · ")
	if status == "" {
		s = "ℹ️ " + strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// RegSource says where the official text of a summarised article is.
func RegSource(source string) string {
	return "ℹ️ " + strings.TrimSuffix(source, ".") + "."
}

// RegCovered says which texts the bot answers from, when it abstains.
func RegCovered(names []string) string {
	return "Bot hiện trả lời theo các văn bản: " + strings.Join(names, "; ") + "."
}

// RegPlaceNoText says, when nothing was found, that the bot holds none of
// the named province's own texts: only national ones answer for it.
func RegPlaceNoText(place string) string {
	return fmt.Sprintf("Bot chưa có văn bản riêng của %s; với địa phương này, bot chỉ trả lời khi văn bản trung ương quy định rõ nội dung anh/chị hỏi.", place)
}

// RegMissingArticle points to the original when the article asked for by
// number is not in the loaded copy of its document: article is "Điều 4
// Luật Thi đua, khen thưởng 06/2022/QH15", source where the official text
// is ("" when unknown).
func RegMissingArticle(article, source string) string {
	s := fmt.Sprintf("Bản văn bản bot đang có chưa có %s, nên bot không trích dẫn thay bằng điều khác. Anh/chị vui lòng xem nguyên văn điều này trong văn bản gốc", article)
	if source != "" {
		return s + " (" + source + ")."
	}
	return s + "."
}

// RegUnloadedDoc says that the document the question names by number
// ("12/2019") is not among the bot's texts.
func RegUnloadedDoc(number string) string {
	return fmt.Sprintf("Bot chưa có văn bản số %s mà anh/chị nhắc tới, nên không trả lời thay bằng văn bản khác.", number)
}

// RegHowToAdd tells how a missing text gets into the bot.
const RegHowToAdd = "Nếu cần văn bản khác, quản trị viên có thể gửi tệp văn bản (.docx, .txt hoặc .md) cho bot trong tin nhắn riêng, hoặc đặt tệp vào thư mục regulations/ của cấu hình; bot sẽ đọc, cho xem trước và chỉ thêm khi được xác nhận."

// RegUncertain flags a fact that is not verified against the official text.
func RegUncertain(reason string) string {
	return "⚠️ Chưa kiểm chứng: " + strings.TrimSuffix(reason, ".") + "."
}

// RegDocNote is a document-level caveat (an amendment to check, a changing base salary).
func RegDocNote(note string) string {
	return "ℹ️ Lưu ý: " + note
}

// RegTruncated ends a passage cut for length; label is "Điều 27".
func RegTruncated(label string) string {
	return fmt.Sprintf("… (bấm “%s” để đọc đầy đủ)", RegFullArticleButton(label))
}

// RegArticleCut ends the full view of an article too long to send whole.
const RegArticleCut = "… (điều này còn tiếp; toàn văn chính thức tại vbpl.vn hoặc congbao.chinhphu.vn)"

// RegFullArticleButton is the button that shows a whole article; label is "Điều 27".
func RegFullArticleButton(label string) string {
	return "Xem toàn văn " + label
}

// RegRelated introduces related articles.
const RegRelated = "Điều liên quan:"

// RegMoreAnswers introduces further passages after the best one.
const RegMoreAnswers = "Các quy định khác có liên quan đến câu hỏi:"

// RegDisclaimer closes every answer.
const RegDisclaimer = "Thông tin để tham khảo nhanh; khi lập hồ sơ hoặc ra quyết định, anh/chị vui lòng đối chiếu văn bản chính thức (vbpl.vn, congbao.chinhphu.vn)."

// RegGenerated introduces a machine-composed summary of the passages.
const RegGenerated = "Tóm tắt trả lời (soạn tự động từ các điều trích dẫn bên dưới, vui lòng đối chiếu):"

// RegNotFound is the honest answer when nothing matches confidently; the
// question is quoted back at most QuoteMax characters long.
func RegNotFound(question string) string {
	return fmt.Sprintf("Chưa tìm thấy quy định phù hợp với câu hỏi “%s”. Bot chỉ trả lời khi tìm được điều khoản cụ thể để trích dẫn.", Quote(question))
}

// QuoteMax is the most characters of a user's text quoted back.
const QuoteMax = 200

// Quote shortens what a user typed for quoting it back: at most QuoteMax
// characters, cut at a space when one is near, with "…" when cut.
func Quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= QuoteMax {
		return s
	}
	cut := QuoteMax - 1
	for i := cut; i > QuoteMax-40; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ") + "…"
}

// RegRephraseTips are generic rephrasing suggestions.
func RegRephraseTips() []string {
	return []string{
		"Hỏi ngắn gọn về một nội dung, dùng từ như trong văn bản (ví dụ: “tiêu chuẩn Tập thể lao động xuất sắc”).",
		"Nêu rõ tên danh hiệu, hình thức khen thưởng hoặc số hiệu văn bản (ví dụ: “Nghị định 152/2025/NĐ-CP”).",
	}
}

// RegTry introduces the rephrasing suggestions.
const RegTry = "Anh/chị có thể thử:"

// RegSimilar introduces curated questions close to the unanswered one.
const RegSimilar = "Câu hỏi gần giống đã có câu trả lời:"

// RegArticleNotFound answers a "Xem toàn văn" press for an article that is gone.
const RegArticleNotFound = "Không tìm thấy điều này trong các văn bản hiện có; có thể văn bản vừa được cập nhật. Anh/chị vui lòng hỏi lại."

// RegParsed summarises an uploaded document for the admin before confirming.
// parts lists "Quyết định: Điều 1–3", "Quy định …: Điều 1–11".
func RegParsed(file, number, title string, chapters, articles int, parts []string) string {
	if number == "" {
		number = "(chưa đọc được số hiệu)"
	}
	s := fmt.Sprintf("Đã đọc tệp %s:\nVăn bản: %s – %s\nSố chương: %d; số điều: %d", file, number, title, chapters, articles)
	if len(parts) > 0 {
		s += "\n" + strings.Join(parts, "\n")
	}
	return s
}

// RegParsedGaps reports gaps the text itself marks.
func RegParsedGaps(n int) string {
	return fmt.Sprintf("Văn bản tự ghi chú %d chỗ bị thiếu nội dung.", n)
}

// RegParsedUnplaced reports text the parser could not attach to an article.
func RegParsedUnplaced(n int, firstLine int) string {
	return fmt.Sprintf("Có %d đoạn không thuộc điều nào (đoạn đầu tiên ở dòng %d); vui lòng kiểm tra định dạng “Điều N. Tên điều”.", n, firstLine)
}

// RegParsedWarning is one parser warning; line 0 means the whole file.
func RegParsedWarning(line int, text string) string {
	if line > 0 {
		return fmt.Sprintf("Dòng %d: %s", line, text)
	}
	return text
}

// RegConfirmAdd asks the admin to confirm adding a parsed document.
const RegConfirmAdd = "Anh/chị có muốn thêm văn bản này vào kho quy định của bot không?"

// RegAskUsage is the help of `thiduabot ask`.
const RegAskUsage = `Cách dùng: thiduabot ask [--json] [-k N] [--corpus THƯ_MỤC] CÂU_HỎI
Hỏi đáp quy định thi đua, khen thưởng, có trích dẫn điều khoản.
Câu hỏi có thể gõ có dấu hoặc không dấu.`

// RegAskNoQuestion is the usage error of `thiduabot ask` without a question.
const RegAskNoQuestion = "thiduabot ask: thiếu câu hỏi"

// RegCorpusProblem reports a file of --corpus that could not be read.
func RegCorpusProblem(p string) string {
	return "Bỏ qua tệp không đọc được: " + p
}

// RegLLMFallback is logged (not shown) when the model's reply is not used.
const RegLLMFallback = "không dùng câu trả lời của mô hình ngôn ngữ; trả lời bằng trích dẫn"

// RegShort is the curated short answer shown above the cited passages,
// with the question it answers, so that its role is plain (an appraisal
// time is not a filing deadline).
func RegShort(question, answer string) string {
	return "💡 " + question + "\nTrả lời ngắn: " + answer + " Căn cứ trích dẫn dưới đây."
}

// RegAskBadK is the usage error of `thiduabot ask -k` below 1.
const RegAskBadK = "thiduabot ask: -k phải từ 1 trở lên"
