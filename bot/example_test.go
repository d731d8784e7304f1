package bot_test

import (
	"context"
	"fmt"

	"github.com/thiduabot/thiduabot/bot"
	"github.com/thiduabot/thiduabot/org"
)

// A feature plugs into the bot with a command, the buttons it sends, and a
// flow for what the user types next. Role and scope are checked twice: the
// command's role set at routing, the target (own unit, own cluster) in the
// handler with r.May.
func Example() {
	register := func(b *bot.Bot) {
		b.Command("diem", org.ActionRoles(org.ActScore), func(ctx context.Context, r *bot.Request) error {
			unit := r.Member.Unit
			if len(r.Command.Argv) > 0 {
				unit = r.Command.Argv[0]
			}
			if !r.May(org.ActScore, org.Target{Cluster: r.Member.Cluster, Unit: unit}) {
				return bot.Userf("Anh/chị chỉ xem được điểm của đơn vị mình.")
			}
			return r.Reply(ctx, bot.Message{
				Text:    bot.HTML("Điểm tạm tính của <b>%s</b>: %s", unit, "86,5"),
				Buttons: [][]bot.Button{{{Label: "Chi tiết", Data: bot.Data("diem", "ct", unit)}}},
			})
		})
		b.Callback("diem", org.ActionRoles(org.ActScore), func(ctx context.Context, r *bot.Request) error {
			return r.Edit(ctx, bot.Message{Text: bot.HTML("Chi tiết điểm của %s …", r.Data.Arg(1))})
		})
	}
	_ = register
	fmt.Println(bot.Data("diem", "ct", "ha_noi"))
	// Output: v1:diem:ct:ha_noi
}
