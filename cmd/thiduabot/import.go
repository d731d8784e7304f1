package main

import (
	"context"
	"fmt"
)

// runImport is not implemented yet; its owner replaces this file.
func runImport(ctx context.Context, e *env, args []string) int {
	fmt.Fprintln(e.stderr, "thiduabot: lệnh này chưa được hỗ trợ trong bản này / not available in this build")
	return 2
}
