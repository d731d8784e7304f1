package msg

// Model examples (điển hình tiên tiến, /dienhinh). Texts are HTML for
// bot.HTML: the format is trusted, %s arguments are escaped by the caller.

const (
	// ExemplarPrompt starts /dienhinh for a unit. %s: the longest story (1.000).
	ExemplarPrompt = "Anh/chị gửi <b>một ảnh</b> kèm <b>chú thích</b> là câu chuyện điển hình tiên tiến của đơn vị (tối đa %s ký tự): việc làm hay, cách làm mới, kết quả đạt được. Cụm trưởng sẽ xem và duyệt. Gõ /huy để thôi."
	// ExemplarNeedPhoto answers a message without a photo or caption. %s: the longest story.
	ExemplarNeedPhoto = "Bot cần một ảnh kèm chú thích (câu chuyện, tối đa %s ký tự) trong cùng một tin nhắn. Anh/chị vui lòng gửi lại, hoặc gõ /huy để thôi."
	// ExemplarPhotoTooLarge: %s the cap in MB, %s the story's maximum length.
	ExemplarPhotoTooLarge = "Ảnh này lớn hơn %s MB nên bot chưa lưu được. Anh/chị vui lòng gửi lại ảnh theo kiểu «ảnh» (không gửi dạng tệp) hoặc cắt, thu nhỏ ảnh, kèm chú thích là câu chuyện (tối đa %s ký tự) trong cùng một tin nhắn; gõ /huy để thôi."
	// ExemplarTooLong: %s characters sent, %s the limit (formatted numbers).
	ExemplarTooLong = "Câu chuyện dài %s ký tự, quá mức %s ký tự. Anh/chị vui lòng rút gọn rồi gửi lại ảnh kèm chú thích."
	// ExemplarSubmitted confirms a stored story.
	ExemplarSubmitted = "Đã ghi nhận câu chuyện điển hình của đơn vị và gửi cụm trưởng xem xét. Bot sẽ báo anh/chị khi có kết quả."
	// ExemplarNoChair: the story is stored but no chair is registered.
	ExemplarNoChair = "Cụm chưa có cụm trưởng đăng ký với bot nên câu chuyện đang chờ; cụm trưởng sẽ thấy khi gõ /dienhinh."
	// ExemplarForChair presents a story to the chair. %s unit name, %s sender, %s the story.
	ExemplarForChair = "<b>Điển hình tiên tiến chờ duyệt</b> – %s (gửi bởi %s):\n%s"
	// ExemplarApprove and ExemplarReturn label the chair's buttons.
	ExemplarApprove = "Duyệt"
	ExemplarReturn  = "Trả lại, góp ý"
	// ExemplarApprovedChair replaces the buttons once approved. %s unit name.
	ExemplarApprovedChair = "✅ Đã duyệt câu chuyện điển hình của %s; câu chuyện sẽ có trong bản tin điển hình hằng tháng của cụm."
	// ExemplarAskComment asks the chair why the story goes back.
	ExemplarAskComment = "Anh/chị nhập góp ý để đơn vị hoàn thiện câu chuyện (một tin nhắn)."
	// ExemplarReturnedChair confirms a return. %s unit name.
	ExemplarReturnedChair = "Đã trả lại câu chuyện điển hình của %s kèm góp ý của anh/chị."
	// ExemplarApprovedUnit tells the sender. %s the chair's name.
	ExemplarApprovedUnit = "✅ Câu chuyện điển hình của đơn vị đã được cụm trưởng (%s) duyệt và sẽ có trong bản tin điển hình hằng tháng của cụm."
	// ExemplarReturnedUnit tells the sender. %s the chair's name, %s the comment.
	ExemplarReturnedUnit = "Cụm trưởng (%s) đã trả lại câu chuyện điển hình của đơn vị với góp ý:\n<i>%s</i>\nAnh/chị có thể gõ /dienhinh để gửi lại."
	// ExemplarDecided answers a second decision on the same story.
	ExemplarDecided = "Câu chuyện này đã được xem xét trước đó."
	// ExemplarNotYours answers a chair of another cluster.
	ExemplarNotYours = "Xin lỗi, anh/chị chỉ duyệt được câu chuyện của các đơn vị trong cụm mình."
	// ExemplarPending lists a chair's stories waiting. %d how many.
	ExemplarPending = "Có %d câu chuyện điển hình đang chờ anh/chị duyệt (gửi lại bên dưới)."
	// ExemplarNonePending answers a chair with nothing to review.
	ExemplarNonePending = "Hiện không có câu chuyện điển hình nào chờ anh/chị duyệt. Đầu mối các đơn vị gửi câu chuyện bằng lệnh /dienhinh."

	// ExemplarDigestTitle heads the monthly digest. %s the month "11/2026". HTML.
	ExemplarDigestTitle = "<b>Điển hình tiên tiến của cụm – tháng %s</b>"
	// ExemplarDigestItem: %s unit name, %s the story.
	ExemplarDigestItem = "\n\n<b>%s</b>\n%s"

	// ExemplarAdminList heads the admin's list. HTML.
	ExemplarAdminList = "<b>Điển hình tiên tiến đã được duyệt</b> (mới nhất trước). Bấm «Lan tỏa» để gửi một câu chuyện tới nhóm của mọi cụm."
	// ExemplarAdminItem: %s cluster name, %s unit name, %s the story (shortened).
	ExemplarAdminItem = "\n\n%s – <b>%s</b>\n%s"
	// ExemplarAdminNone: nothing approved yet.
	ExemplarAdminNone = "Chưa có câu chuyện điển hình nào được duyệt."
	// ExemplarPromote labels the admin's button. %d the item's number.
	ExemplarPromote = "Lan tỏa %d"
	// ExemplarPromoted: the story sent. %d clusters reached.
	ExemplarPromoted = "Đã lan tỏa câu chuyện tới nhóm của %d cụm."
	// ExemplarAlreadyPromoted: the story had been spread before.
	ExemplarAlreadyPromoted = "Câu chuyện này đã được lan tỏa trước đó."
	// ExemplarPromotedPost is what every cluster group receives. %s unit name, %s cluster name, %s the story. HTML.
	ExemplarPromotedPost = "<b>Điển hình tiên tiến toàn ngành</b> – %s (%s)\n%s"

	// ExemplarReportHeading introduces the unit's approved examples in its
	// achievement report (plain text, DOCX).
	ExemplarReportHeading = "Điển hình tiên tiến của đơn vị được cụm trưởng duyệt trong năm (qua bot):"
	// ExemplarReportItem: %s the story, %s the date approved (plain text, DOCX).
	ExemplarReportItem = "– %s (duyệt ngày %s)"
)
