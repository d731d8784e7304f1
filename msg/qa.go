package msg

// Texts of the Q&A feature on Telegram (bot/qa); the answers themselves are
// in regulations.go.

// QAUsage answers /hoi without a question.
const QAUsage = "Anh/chị vui lòng gõ câu hỏi sau lệnh, ví dụ:\n/hoi hồ sơ đề nghị khen thưởng gồm những gì?\n/hoi dieu kien co thi dua cua bo\nTrong tin nhắn riêng, anh/chị cũng có thể gõ thẳng câu hỏi."

// QAUploadAdminOnly answers a non-admin who sends a document outside a flow.
const QAUploadAdminOnly = "Chỉ quản trị viên mới thêm được văn bản quy định. Nếu anh/chị muốn nộp số liệu bằng tệp Excel, vui lòng gõ /baocao trước."

// QAUploadKind answers a file of an unsupported kind.
const QAUploadKind = "Bot chỉ đọc được văn bản dạng .docx, .txt hoặc .md. Anh/chị vui lòng lưu văn bản ở một trong các dạng này rồi gửi lại."

// QAUploadTooBig answers a file over the size limit.
const QAUploadTooBig = "Tệp quá lớn (tối đa 5 MB). Anh/chị vui lòng gửi riêng phần văn bản quy định."

// QAUploadUnusable follows the parse report of a file with no article.
const QAUploadUnusable = "Không thêm được văn bản này vì bot không tìm thấy điều khoản nào (các dòng bắt đầu bằng “Điều 1.”, “Điều 2.”…). Anh/chị vui lòng kiểm tra tệp rồi gửi lại."

// Buttons of the upload confirmation.
const (
	QAAddYes = "Thêm văn bản"
	QAAddNo  = "Không thêm"
)

// QAAddCancelled confirms that nothing was added.
const QAAddCancelled = "Đã hủy, văn bản không được thêm."

// QAAdded confirms an added document; %s is the file name, %d the number of
// documents the bot now knows.
const QAAdded = "Đã thêm văn bản %s. Kho quy định của bot hiện có %d văn bản; câu hỏi mới sẽ được trả lời theo cả văn bản này."

// QARateLimited answers a question over the hourly limit; %d is the limit,
// the second %d the minutes until the next question is accepted.
const QARateLimited = "Anh/chị đã hỏi %d câu trong một giờ qua, là mức tối đa để bot phục vụ mọi người. Anh/chị vui lòng hỏi tiếp sau khoảng %d phút nữa. Xin cảm ơn anh/chị."

// QAOwnDataHint follows an unanswered question of a registered person that
// asks about the cluster's own figures (a score, a rank, a report), which
// the commands answer, not the regulations.
const QAOwnDataHint = "Nếu anh/chị muốn xem điểm, xếp hạng hoặc nộp số liệu của đơn vị: gõ /diem (chi tiết điểm), /xephang (xếp hạng), /baocao (nộp, sửa báo cáo tháng)."

// QAGreeting answers a greeting typed as a message ("xin chào", "alo").
const QAGreeting = "Xin chào anh/chị! Gõ /help để xem các lệnh anh/chị dùng được. Anh/chị cũng có thể gõ thẳng câu hỏi về quy định thi đua, khen thưởng, ví dụ: hồ sơ đề nghị khen thưởng gồm những gì?"

// QAThanks answers a thank-you typed as a message.
const QAThanks = "Cảm ơn anh/chị. Khi cần, anh/chị gõ /help để xem các lệnh, hoặc gõ thẳng câu hỏi về quy định."

// QAFullArticleWhich answers "xem toàn văn" typed without the article.
const QAFullArticleWhich = "Anh/chị muốn xem toàn văn điều nào? Bấm nút «Xem toàn văn …» dưới câu trả lời, hoặc gõ kèm số điều, ví dụ: xem toàn văn Điều 27."

// QAOffTopicHint follows "not found" for a message that names nothing about
// emulation and awards ("hôm nay thời tiết thế nào"), instead of the list
// of texts and the ways to rephrase, which are for a regulation question.
const QAOffTopicHint = "Bot trả lời câu hỏi về quy định thi đua, khen thưởng, ví dụ: “tiêu chuẩn Tập thể lao động xuất sắc”, “hồ sơ đề nghị khen thưởng gồm những gì”. Gõ /help để xem các việc khác bot làm được."

// QAAskAdminToAdd ends "not found" for a registered member who is not an
// administrator: who can add a text (RegHowToAdd is what an administrator reads).
const QAAskAdminToAdd = "Nếu cần hỏi theo văn bản khác, anh/chị có thể đề nghị quản trị viên (thường trực Hội đồng Thi đua – Khen thưởng) bổ sung văn bản đó cho bot."
