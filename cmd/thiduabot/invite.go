package main

import (
	"context"
	"fmt"
)

// runInvite is not implemented yet; its owner replaces this file.
func runInvite(ctx context.Context, e *env, args []string) int {
	fmt.Fprintln(e.stderr, "thiduabot: lệnh này chưa được hỗ trợ trong bản này / not available in this build")
	return 2
}
