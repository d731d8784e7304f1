package submissions

import "testing"

// TestXLSXFarFromLast: an uploaded template gets the chat's warnings, the
// month-to-month one included: 0,96 for a rate of 96% last month (a share
// typed as a fraction) is questioned, not taken silently.
func TestXLSXFarFromLast(t *testing.T) {
	qs := xlsxQuestions()
	f := template(t, qs, nil)
	_ = f.SetCellFloat("Báo cáo", "H8", 0.96, -1, 64)
	up, err := upload(t, f, qs)
	if err != nil {
		t.Fatal(err)
	}
	ws := up.Warnings["gd_dien_tu"]
	if len(ws) != 1 || ws[0].Kind != WarnFarFromLast {
		t.Fatalf("warnings = %+v; want far from last month", ws)
	}
	if chat := Check(crPct, Period{2026, 10}, 0.96, Known{Last: &Last{Period{2026, 9}, 96}}); len(chat) != 1 || chat[0] != ws[0] {
		t.Errorf("the file's warning %+v differs from the chat's %+v", ws, chat)
	}
}
